using Sponsorship.Core.Data;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// Every time account numbers are opened in full — a payout batch's lines on the approval screen, or its bank file — one
/// audit entry says who read them and when, in the caller's context. One entry per read of a batch (not per line), so a
/// batch of 10,000 households costs one row, and "who saw household 42's number" is the reads of the batches with its line.
/// </summary>
public static class AccountNumberReads
{
    public const string PayoutBatchLines = "PayoutLine.PayoutAccountEncrypted";
    public const string BankFile = "BankFile:PayoutLine.PayoutAccountEncrypted";

    public static void Record(SponsorshipDbContext db, string userId, int batchId, string what, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        db.AuditEntries.Add(new AuditEntry
        {
            At = now,
            UserId = userId,
            Entity = nameof(Payouts.PayoutBatch),
            Key = batchId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Action = AuditAction.Read,
            ChangedFields = what,
        });
    }
}
