using System.Diagnostics;

namespace Sponsorship.Benchmarks;

/// <summary>
/// A load driver beside the BenchmarkDotNet class: renders certificates for a fixed time, first on one thread, then on
/// every core, and prints certificates per second of wall time and milliseconds of CPU per certificate. The CPU figure
/// holds up on a machine shared with other work, where wall-clock means mostly measure the neighbours.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- certificate-throughput</c>
/// </summary>
public static class CertificateThroughput
{
    public static void Run()
    {
        var bench = new CertificateBenchmarks();
        bench.Setup();
        // Warm up until the JIT has settled (tiered compilation and PGO keep improving the code for a few seconds).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(8))
        {
            bench.WithPhoto();
        }

        Measure("one thread, without photo", 1, () => bench.WithoutPhoto().Length);
        Measure("one thread, with photo", 1, () => bench.WithPhoto().Length);
        Measure($"{Environment.ProcessorCount} threads, with photo", Environment.ProcessorCount, () => bench.WithPhoto().Length);
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
    }

    private static void Measure(string label, int threads, Func<int> render)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var count = 0;
        long bytes = 0;
        Parallel.For(0, threads, _ =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                Interlocked.Add(ref bytes, render());
                Interlocked.Increment(ref count);
            }
        });
        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Console.WriteLine(
            $"{label}: {count} certificates in {clock.Elapsed.TotalSeconds:F1} s = {count / clock.Elapsed.TotalSeconds:F1}/s; " +
            $"{cpu.TotalMilliseconds / count:F1} ms CPU each ({1000 / (cpu.TotalMilliseconds / count):F0}/s per busy core); " +
            $"{bytes / count / 1024.0:F1} KB each; load average {LoadAverage()}");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
