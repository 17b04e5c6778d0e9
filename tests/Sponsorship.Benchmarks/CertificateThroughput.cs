using System.Diagnostics;

namespace Sponsorship.Benchmarks;

/// <summary>
/// A load driver beside the BenchmarkDotNet class: renders certificates for a fixed time, first on one thread, then on
/// every core, and prints certificates per second of wall time and milliseconds of CPU per certificate. The CPU figure
/// holds up on a machine shared with other work, where wall-clock means mostly measure the neighbours.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- certificate-throughput [smoke]</c>
/// </summary>
public static class CertificateThroughput
{
    public static void Run(string[] args)
    {
        var smoke = args is [_, "smoke"];
        Run(smoke ? TimeSpan.Zero : TimeSpan.FromSeconds(8), smoke ? TimeSpan.FromSeconds(0.3) : TimeSpan.FromSeconds(10));
        Console.WriteLine($"Load average at the end: {LoadAverage.Now}");
    }

    /// <summary>The three runs; the smoke mode passes no warm-up and a fraction of a second each.</summary>
    public static IReadOnlyList<ThroughputRun> Run(TimeSpan warmUpFor, TimeSpan measureFor)
    {
        var bench = new CertificateBenchmarks();
        bench.Setup();
        // Warm up until the JIT has settled (tiered compilation and PGO keep improving the code for a few seconds).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < warmUpFor)
        {
            bench.WithPhoto();
        }

        return
        [
            Measure("one thread, without photo", 1, measureFor, () => bench.WithoutPhoto().Length),
            Measure("one thread, with photo", 1, measureFor, () => bench.WithPhoto().Length),
            Measure($"{Environment.ProcessorCount} threads, with photo", Environment.ProcessorCount, measureFor, () => bench.WithPhoto().Length),
        ];
    }

    private static ThroughputRun Measure(string label, int threads, TimeSpan measureFor, Func<int> render)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var count = 0;
        long bytes = 0;
        Parallel.For(0, threads, _ =>
        {
            do
            {
                Interlocked.Add(ref bytes, render());
                Interlocked.Increment(ref count);
            }
            while (clock.Elapsed < measureFor);
        });
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(
            $"{label}: {count} certificates in {clock.Elapsed.TotalSeconds:F1} s = {count / clock.Elapsed.TotalSeconds:F1}/s; " +
            $"{cpu.TotalMilliseconds / count:F1} ms CPU each ({1000 / (cpu.TotalMilliseconds / count):F0}/s per busy core); " +
            $"{bytes / count / 1024.0:F1} KB each; load average {LoadAverage.Now}");
        return new ThroughputRun(label, threads, count, bytes);
    }
}

/// <summary>One timed run: certificates rendered (at least one per thread) and their bytes.</summary>
public sealed record ThroughputRun(string Label, int Threads, int Certificates, long Bytes);
