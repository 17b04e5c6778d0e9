using BenchmarkDotNet.Running;
using Sponsorship.Benchmarks;

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- mail [fan-out count | smoke]   (mail load drivers, see MailLoad)
if (args is ["mail", ..])
{
    await Sponsorship.Benchmarks.MailLoad.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- ledger [smoke]   (the month-end and reconciliation load driver)
if (args is ["ledger", ..])
{
    await LedgerScale.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- certificate-throughput [smoke]   (CPU per certificate)
if (args is ["certificate-throughput", ..])
{
    Sponsorship.Benchmarks.CertificateThroughput.Run(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- pages http://127.0.0.1:5107 [/verify/…] [seconds] [connections] [smoke]
if (args is ["pages", ..])
{
    await PageLoad.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- organisation-order [sheep | smoke]   (hold, activate and render one order)
if (args is ["organisation-order", ..])
{
    await OrganisationOrderLoad.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- load [seconds | smoke]   (the whole system under a mix of people)
if (args is ["load", ..])
{
    await WholeSystemLoad.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- circuits [count | smoke]   (server memory per open interactive page)
if (args is ["circuits", ..])
{
    await CircuitLoad.RunAsync(args);
    return;
}

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- smoke   (every benchmark and driver at tiny sizes, see Smoke)
if (args is ["smoke"])
{
    await Smoke.RunAllAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Sponsorship.Benchmarks.DemoDatabase).Assembly).Run(args);
