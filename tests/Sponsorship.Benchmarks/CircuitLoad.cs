using System.Globalization;
using Microsoft.Playwright;
using Sponsorship.Core.Demo;

namespace Sponsorship.Benchmarks;

/// <summary>
/// What an open interactive page costs the server: for each interactive page a sponsor opens, N pages of it in Chromium
/// (each its own circuit, checked by the server's own count), the server's working set and managed heap after a full
/// collection before and after, divided by N; then the pages are closed and the memory read again (nothing should stay).
/// A static page (no circuit) opened the same way is the control: what the driver's own bookkeeping and a page visit
/// leave behind without a circuit.
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- circuits [count, default 200] | smoke</c>
/// </summary>
public static class CircuitLoad
{
    public const int SmokeCircuits = 3;

    private const int OpenedAtOnce = 8;

    public static async Task RunAsync(string[] args)
    {
        var count = args.Contains("smoke") ? SmokeCircuits
            : args.Skip(1).Select(a => int.TryParse(a, CultureInfo.InvariantCulture, out var n) ? n : 0).FirstOrDefault(n => n > 0) is > 0 and var c ? c : 200;
        var runs = await RunAsync(count);
        Console.WriteLine(Table(runs));
    }

    /// <summary>Opens <paramref name="circuits"/> pages of each kind, one kind after another, and throws unless each had its circuit.</summary>
    public static async Task<IReadOnlyList<CircuitRun>> RunAsync(int circuits)
    {
        using var app = new LoadApp();
        await app.StartAsync();
        var tags = await LoadFacts.FreeSheepTagsAsync(app, circuits + 1);
        var organisation = await LoadFacts.OrganisationAsync(app);
        CircuitPage[] kinds =
        [
            new("sheep profile (static, no circuit: the control)", DemoAccounts.Sponsor.Email, i => $"/sheep/{tags[i]}", Interactive: false),
            new("adopt /sheep/{tag}/adopt", DemoAccounts.Sponsor.Email, i => $"/sheep/{tags[i]}/adopt", Interactive: true),
            new("organisation /organisations/{id}", DemoAccounts.OrganisationContact.Email, _ => $"/organisations/{organisation}", Interactive: true),
            new("organisation order /organisations/{id}/order", DemoAccounts.OrganisationContact.Email, _ => $"/organisations/{organisation}/order", Interactive: true),
        ];
        var runs = new List<CircuitRun>();
        foreach (var kind in kinds)
        {
            var run = await MeasureAsync(app, kind, circuits);
            Console.WriteLine(run);
            runs.Add(run);
        }

        return runs;
    }

    public static string Table(IReadOnlyList<CircuitRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var lines = new List<string>
        {
            "| Page | Pages open | Circuits | Working set per page | Managed heap per page | Left after closing (working set / heap) | Load average |",
            "|---|---:|---:|---:|---:|---:|---|",
        };
        lines.AddRange(runs.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"| {r.Page} | {r.Pages} | {r.Circuits} | {r.WorkingSetPerPageKiB:N0} KiB | {r.HeapPerPageKiB:N0} KiB | {(r.Closed.WorkingSetBytes - r.Before.WorkingSetBytes) / 1024.0:N0} KiB / {(r.Closed.ManagedHeapBytes - r.Before.ManagedHeapBytes) / 1024.0:N0} KiB | {r.Open.LoadAverage} |")));
        return string.Join('\n', lines);
    }

    private static async Task<CircuitRun> MeasureAsync(LoadApp app, CircuitPage kind, int count)
    {
        var context = await app.NewContextAsync();
        await using var _ = context;
        var signIn = await context.NewPageAsync();
        await LoadFacts.SignInAsync(signIn, kind.Email);

        // One page of this kind first, left open: the JIT and the first render are not a circuit's cost.
        await OpenAsync(signIn, kind, kind.Path(0));
        var openedBefore = CircuitCounter.Opened;
        var circuitsBefore = CircuitCounter.Open;
        var before = LoadApp.Memory();

        var pages = new List<IPage>();
        for (var first = 0; first < count; first += OpenedAtOnce)
        {
            var batch = await Task.WhenAll(Enumerable.Range(first, Math.Min(OpenedAtOnce, count - first)).Select(async i =>
            {
                var page = await context.NewPageAsync();
                await OpenAsync(page, kind, kind.Path(i));
                return page;
            }));
            pages.AddRange(batch);
        }

        var circuits = CircuitCounter.Opened - openedBefore;
        var open = LoadApp.Memory();
        var expected = kind.Interactive ? count : 0;
        if (circuits != expected)
        {
            throw new InvalidOperationException($"{kind.Name}: {count} pages open, {circuits} circuits opened, expected {expected}");
        }

        // Closing a tab tells the server (Blazor's unload beacon): the circuit ends at once, not after the retention period.
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (CircuitCounter.Open > circuitsBefore && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // A tab whose goodbye was lost leaves a disconnected circuit, kept for the retention period (CircuitSetup).
        var left = Math.Max(0, CircuitCounter.Open - circuitsBefore);
        var closed = LoadApp.Memory();
        await signIn.CloseAsync();
        return new CircuitRun(kind.Name, count, circuits, left, before, open, closed);
    }

    private static async Task OpenAsync(IPage page, CircuitPage kind, string path)
    {
        var response = await page.GotoAsync(path);
        if (response is null || !response.Ok)
        {
            throw new InvalidOperationException($"{kind.Name}: {path} answered {response?.Status}");
        }

        if (kind.Interactive)
        {
            await LoadFacts.WaitUntilInteractiveAsync(page);
        }
    }

    private sealed record CircuitPage(string Name, string Email, Func<int, string> Path, bool Interactive);
}

/// <summary>One page kind: pages opened, circuits the server counted, circuits left after closing them, and the memory at each point.</summary>
public sealed record CircuitRun(string Page, int Pages, int Circuits, int CircuitsLeft, ServerMemory Before, ServerMemory Open, ServerMemory Closed)
{
    public double WorkingSetPerPageKiB => (Open.WorkingSetBytes - Before.WorkingSetBytes) / 1024.0 / Pages;

    public double HeapPerPageKiB => (Open.ManagedHeapBytes - Before.ManagedHeapBytes) / 1024.0 / Pages;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Page}: {Pages} pages, {Circuits} circuits; per page {WorkingSetPerPageKiB:N0} KiB working set, {HeapPerPageKiB:N0} KiB managed heap; before {Before}; open {Open}; closed ({CircuitsLeft} circuits left) {Closed}");
}
