using System.Globalization;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Core.Ledger;

/// <summary>Hourly: verifies what was posted since the checkpoint and moves the checkpoint forward.</summary>
public sealed class LedgerIntegrityJob(LedgerVerification verification) : IScheduledJob
{
    public const string JobName = "ledger-integrity";

    public string Name => JobName;

    public JobSchedule Schedule => JobSchedule.Hourly;

    public async Task<string> RunAsync(CancellationToken cancellationToken) =>
        LedgerIntegrityOutcome.Of(await verification.RunAsync(full: false, cancellationToken));
}

/// <summary>
/// Daily, and whenever an administrator asks from the ledger page: verifies the whole chain from the first transaction.
/// It is what catches a change to a transaction before the checkpoint, which the incremental check does not read again.
/// </summary>
public sealed class LedgerFullCheckJob(LedgerVerification verification) : IScheduledJob
{
    public const string JobName = "ledger-integrity-full";

    public string Name => JobName;

    public JobSchedule Schedule => JobSchedule.Daily;

    public async Task<string> RunAsync(CancellationToken cancellationToken) =>
        LedgerIntegrityOutcome.Of(await verification.RunAsync(full: true, cancellationToken));
}

/// <summary>The few words a check leaves in the job-run record.</summary>
internal static class LedgerIntegrityOutcome
{
    public static string Of(LedgerCheck check)
    {
        var covered = string.Create(CultureInfo.InvariantCulture, $"#{check.FromTransactionId}..#{check.UpToTransactionId}, {check.Transactions} transactions");
        return check.Intact ? $"intact {covered}" : $"NOT INTACT {covered}: {check.Detail}";
    }
}
