using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Benchmarks;

/// <summary>
/// Adopting a sheep end to end in Core over the demo programme in a real SQLite file: the checkout (hold the sheep,
/// create the payment) and the sandbox's signed capture (verify, record the event, start the term, post to the ledger,
/// issue the certificate row, queue the confirmation mail). And 50 sponsors racing for one sheep.
/// </summary>
[MemoryDiagnoser]
public class CheckoutBenchmarks
{
    private DemoDatabase? database;
    private Checkout checkout = null!;
    private SandboxPayments sandbox = null!;
    private PaymentEvents events = null!;
    private List<int> freeSheep = [];
    private string sponsorId = "";
    private int planId;

    /// <summary>Adoptions per invocation of <see cref="PlaceAndCapture"/> (BenchmarkDotNet divides by it).</summary>
    private const int Adoptions = 50;

    /// <summary>How many of <see cref="Adoptions"/> a run places: all of them, or a few in the smoke mode.</summary>
    private int adoptionsToPlace = Adoptions;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    /// <summary>Cancels the previous iteration's adoptions so that the same sheep are free again.</summary>
    [IterationSetup]
    public void FreeTheSheep() => FreeAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Adoptions)]
    public async Task PlaceAndCapture()
    {
        foreach (var sheepId in freeSheep.Take(adoptionsToPlace))
        {
            var placed = await checkout.PlaceAsync(Request(sheepId), sponsorId, "/my");
            var (body, signature) = sandbox.Event("payment.captured", placed.PaymentReference, 180_000, "CNY");
            await events.HandleAsync(sandbox.ReadWebhook(body, _ => signature).Notice!, body);
        }
    }

    [Benchmark]
    public async Task<int> FiftyRacingForOneSheep()
    {
        var sheepId = freeSheep[^1];
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => checkout.PlaceAsync(Request(sheepId), sponsorId, "/my"))));
        return results.Count(r => r.Succeeded);
    }

    [GlobalCleanup]
    public void Cleanup() => database?.Dispose();

    /// <summary>
    /// Three adoptions end to end, the iteration setup, then the race; throws unless the three became active, the setup
    /// freed them, and exactly one of the fifty racers got the sheep.
    /// </summary>
    public static async Task<CheckoutSmoke> SmokeAsync()
    {
        var bench = new CheckoutBenchmarks { adoptionsToPlace = 3 };
        await bench.SetupAsync();
        try
        {
            await bench.PlaceAndCapture();
            var active = await bench.HeldAsync(AdoptionStatus.Active);
            await bench.FreeAsync();
            var heldAfterFreeing = await bench.HeldAsync(AdoptionStatus.Active) + await bench.HeldAsync(AdoptionStatus.PendingPayment);
            var winners = await bench.FiftyRacingForOneSheep();
            var smoke = new CheckoutSmoke(bench.adoptionsToPlace, active, heldAfterFreeing, winners, await bench.HeldAsync(AdoptionStatus.PendingPayment));
            return smoke.IsConsistent ? smoke : throw new InvalidOperationException($"The checkouts do not add up: {smoke}.");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private async Task<int> HeldAsync(AdoptionStatus status)
    {
        await using var db = await database!.DbFactory.CreateDbContextAsync();
        return await db.Adoptions.CountAsync(a => freeSheep.Contains(a.SheepId) && a.Status == status);
    }

    private CheckoutRequest Request(int sheepId) => new(
        sheepId, planId, "李喆", EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement, SandboxPayments.ProviderName, "zh-CN",
        Guid.NewGuid().ToString("N"));

    private async Task SetupAsync()
    {
        database = await DemoDatabase.CreateAsync();
        var options = Options.Create(new PaymentOptions());
        sandbox = new SandboxPayments(options, TimeProvider.System);
        checkout = new Checkout(database.DbFactory, [sandbox, new BankTransferPayments()], options, ProgrammeCalendar.Beijing(TimeProvider.System));
        events = new PaymentEvents(database.DbFactory, ProgrammeCalendar.Beijing(TimeProvider.System));
        await using var db = await database.DbFactory.CreateDbContextAsync();
        sponsorId = await db.Users.Where(u => u.Email == DemoAccounts.Sponsor.Email).Select(u => u.Id).SingleAsync();
        planId = await db.AdoptionPlans.Where(p => p.TermMonths == 12).Select(p => p.Id).FirstAsync();
        var held = db.Adoptions.Select(a => a.SheepId);
        freeSheep = await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Id).Take(Adoptions + 1).ToListAsync();
    }

    private async Task FreeAsync()
    {
        await using var db = await database!.DbFactory.CreateDbContextAsync();
        await db.Adoptions.Where(a => freeSheep.Contains(a.SheepId) && (a.Status == AdoptionStatus.Active || a.Status == AdoptionStatus.PendingPayment))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AdoptionStatus.Cancelled));
    }
}

/// <summary>
/// Adoptions placed and captured, how many became active, how many of the benchmark's sheep were still held after the
/// iteration setup freed them, and the race's winners and the reservations it left.
/// </summary>
public sealed record CheckoutSmoke(int Placed, int Active, int HeldAfterFreeing, int RaceWinners, int RaceReservations)
{
    public bool IsConsistent => Active == Placed && HeldAfterFreeing == 0 && RaceWinners == 1 && RaceReservations == 1;
}
