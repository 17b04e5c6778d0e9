namespace Sponsorship.Core.Ledger;

/// <summary>
/// Every idempotency key the ledger is posted under, built in one place: the same command always names the same key, so
/// a replay posts nothing (<see cref="LedgerBook.PostAsync"/>). Queries that look a key up in SQL build it from the
/// same parts (<see cref="ReleasePrefix"/>, <see cref="FinalSuffix"/>…), as a method call cannot be translated.
/// </summary>
public static class LedgerKeys
{
    public const string CapturePrefix = "capture:payment:";
    public const string ReleasePrefix = "release:";
    public const string RefundPrefix = "refund:";
    public const string ActivationSuffix = ":activation";
    public const string CareSuffix = ":care";
    public const string FinalSuffix = ":final";
    private const string PayoutPrefix = "payout:";
    private const string ReversalPrefix = "reverse:";

    /// <summary>A captured payment: its amount from the provider's clearing account into the adoption's deferred account.</summary>
    public static string Capture(int paymentId) => CapturePrefix + paymentId;

    /// <summary>The shares released at once when a payment is captured (fees in full, the herder's first tranche).</summary>
    public static string Activation(int paymentId) => ReleasePrefix + paymentId + ActivationSuffix;

    /// <summary>The herder's proof-of-care tranche of a payment.</summary>
    public static string Care(int paymentId) => ReleasePrefix + paymentId + CareSuffix;

    /// <summary>Whatever is still held of a payment, to the herder (term over, remainder donated, or after a refund).</summary>
    public static string Final(int paymentId) => ReleasePrefix + paymentId + FinalSuffix;

    /// <summary>The unexpired part of a payment, back to the sponsor.</summary>
    public static string Refund(int paymentId) => RefundPrefix + paymentId;

    public static string PayoutExport(int lineId) => $"{PayoutPrefix}{lineId}:export";

    public static string PayoutConfirm(int lineId) => $"{PayoutPrefix}{lineId}:confirm";

    public static string PayoutFail(int lineId) => $"{PayoutPrefix}{lineId}:fail";

    /// <summary>An admin's correction of a payout line that the bank paid with another amount.</summary>
    public static string StatementCorrection(long statementLineId) => $"correction:statement-line:{statementLineId}";

    /// <summary>The reversal of the transaction posted under <paramref name="originalKey"/>.</summary>
    public static string Reversal(string originalKey) => ReversalPrefix + originalKey;

    /// <summary>The keys a payment's money leaves its adoption's deferred account under, and their reversals.</summary>
    public static string[] OutOfDeferred(int paymentId)
    {
        string[] keys = [Activation(paymentId), Care(paymentId), Final(paymentId), Refund(paymentId)];
        return [.. keys, .. keys.Select(Reversal)];
    }

    public static bool IsCapture(string key) => key.StartsWith(CapturePrefix, StringComparison.Ordinal);

    /// <summary>The stage a release key names ("activation", "care", "final"), else the key unchanged.</summary>
    public static string ReleaseStage(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith(ReleasePrefix, StringComparison.Ordinal) ? key[(key.LastIndexOf(':') + 1)..] : key;
    }
}
