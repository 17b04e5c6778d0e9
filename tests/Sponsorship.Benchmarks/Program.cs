using BenchmarkDotNet.Running;
using Sponsorship.Benchmarks;

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- mail [fan-out count]   (mail load drivers, see MailLoad)
if (args is ["mail", ..])
{
    await Sponsorship.Benchmarks.MailLoad.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- ledger      (the month-end and reconciliation load driver)
if (args is ["ledger", ..])
{
    await LedgerScale.RunAsync();
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- certificate-throughput   (CPU per certificate)
if (args is ["certificate-throughput"])
{
    Sponsorship.Benchmarks.CertificateThroughput.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Sponsorship.Benchmarks.DemoDatabase).Assembly).Run(args);
