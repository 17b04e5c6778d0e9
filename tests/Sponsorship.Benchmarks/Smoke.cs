namespace Sponsorship.Benchmarks;

/// <summary>
/// Every benchmark and load driver at tiny sizes, in seconds: each runs its real code path once and throws when its
/// results do not add up. The test suite runs each one (tests/Sponsorship.Benchmarks.Tests), so a driver that stops
/// working as the app grows fails a test instead of rotting; nothing here is a timing.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- smoke</c>
/// </summary>
public static class Smoke
{
    public static async Task RunAllAsync()
    {
        Report("CatalogueBenchmarks", await CatalogueBenchmarks.SmokeAsync());
        Report("ScaleBenchmarks", string.Join(", ", await ScaleBenchmarks.SmokeAsync()));
        Report("ImportBenchmarks", await ImportBenchmarks.SmokeAsync());
        Report("CheckoutBenchmarks", await CheckoutBenchmarks.SmokeAsync());
        Report("CertificateBenchmarks", CertificateBenchmarks.Smoke());
        Report("certificate-throughput", CertificateThroughput.Run(TimeSpan.Zero, TimeSpan.FromSeconds(0.3)).Count);
        Report("mail", await MailLoad.SmokeAsync());
        Report("ledger", await LedgerScale.RunAsync(LedgerScaleSize.Smoke));
        Report("organisation-order", await OrganisationOrderLoad.RunAsync(OrganisationOrderLoad.SmokeSize));
        Report("load", await WholeSystemLoad.RunAsync(WholeSystemLoad.Smoke));
        Report("circuits", string.Join(", ", (await CircuitLoad.RunAsync(CircuitLoad.SmokeCircuits)).Select(r => $"{r.Page}: {r.Circuits} circuits")));
    }

    private static void Report(string name, object result) => Console.WriteLine($"smoke {name}: ok ({result}); load average {LoadAverage.Now}");
}
