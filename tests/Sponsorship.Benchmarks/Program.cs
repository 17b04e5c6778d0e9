using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- --filter '*' --job short
if (args is ["certificate-throughput"])
{
    Sponsorship.Benchmarks.CertificateThroughput.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
