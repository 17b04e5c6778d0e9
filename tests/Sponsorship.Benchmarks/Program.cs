using BenchmarkDotNet.Running;
using Sponsorship.Benchmarks;

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- ledger      (the month-end and reconciliation load driver)
if (args is ["ledger", ..])
{
    await LedgerScale.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
