using System.Globalization;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Payouts;

/// <summary>
/// The audit trail of a payout line settled by an administrator. Settling is a conditional bulk update, which bypasses
/// SaveChanges and so the audit interceptor: the entries are added here, to be saved in the same transaction.
/// </summary>
internal static class PayoutLineAudit
{
    private const string PaidFields = $"{nameof(PayoutLine.Status)},{nameof(PayoutLine.SettledAt)}";
    private const string FailedFields = $"{nameof(PayoutLine.Status)},{nameof(PayoutLine.SettledAt)},{nameof(PayoutLine.FailureReason)}";

    public static void Paid(SponsorshipDbContext db, string adminUserId, DateTimeOffset now, IEnumerable<int> lineIds) =>
        db.AuditEntries.AddRange(lineIds.Select(id => Entry(adminUserId, now, id, PaidFields)));

    /// <summary>The trail of thousands of lines a bank statement confirmed, in a few multi-row INSERTs.</summary>
    public static Task PaidInBulkAsync(SponsorshipDbContext db, string adminUserId, DateTimeOffset now, IEnumerable<int> lineIds, CancellationToken cancellationToken) =>
        BulkInsert.AppendAsync(db, [.. lineIds.Select(id => Entry(adminUserId, now, id, PaidFields))], cancellationToken);

    public static void Failed(SponsorshipDbContext db, string adminUserId, DateTimeOffset now, int lineId) =>
        db.AuditEntries.Add(Entry(adminUserId, now, lineId, FailedFields));

    private static AuditEntry Entry(string adminUserId, DateTimeOffset now, int lineId, string fields) => new()
    {
        At = now,
        UserId = adminUserId,
        Entity = nameof(PayoutLine),
        Key = lineId.ToString(CultureInfo.InvariantCulture),
        Action = AuditAction.Modified,
        ChangedFields = fields,
    };
}
