namespace Sponsorship.Benchmarks;

/// <summary>The machine's load average (1, 5, 15 minutes), printed beside every figure: the cores are shared.</summary>
public static class LoadAverage
{
    public static string Now =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
