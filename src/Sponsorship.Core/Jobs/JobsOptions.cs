namespace Sponsorship.Core.Jobs;

/// <summary>The <c>Jobs</c> configuration section: the one switchboard of every scheduled job.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Scheduled runs on this instance at all (an administrator's "run now" works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the runner looks for due periods.</summary>
    public int TickSeconds { get; set; } = 15;

    /// <summary>A run that started this long ago and never finished crashed: its period is taken over.</summary>
    public int LeaseMinutes { get; set; } = 60;

    /// <summary>Per-job switches by job name (<c>Jobs:Run:ledger-releases=false</c>); a job not named runs.</summary>
    public Dictionary<string, bool> Run { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool IsScheduled(string jobName) => Enabled && Run.GetValueOrDefault(jobName, true);
}
