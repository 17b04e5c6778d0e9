using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project tests/Sponsorship.Benchmarks -- mail [fan-out count]   (mail load drivers, see MailLoad)
if (args is ["mail", ..])
{
    await Sponsorship.Benchmarks.MailLoad.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Sponsorship.Benchmarks.DemoDatabase).Assembly).Run(args);
