using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PdfSharp.Pdf.IO;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Certificates;
using Sponsorship.Web.Resources;

namespace Sponsorship.Benchmarks;

/// <summary>
/// A load driver for one organisation order, timed with a stopwatch (each phase changes the books, so it runs once):
/// the demo's verified Changping district office orders N sheep by bank transfer — the platform picks N free sheep of
/// the demo programme (~1,100 over 100 households) spread across households and holds them all in one SaveChanges —
/// then an administrator confirms the one corporate transfer, which activates every adoption with its ledger postings
/// and certificate in one transaction, then the background bundle job makes the order's merged PDF and its ZIP of
/// single PDFs. Every held sheep gets a photo first (untimed), as a running flock's sheep have, so each page carries one.
/// Prints each phase's wall and CPU time, adoptions or pages per second and the load average; throws when the order
/// does not add up (every adoption active, a valid certificate and a ledger capture each, the books intact, a page and a
/// ZIP entry per sheep).
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- organisation-order [sheep, default 500 | smoke]</c>
/// </summary>
public static class OrganisationOrderLoad
{
    public const int FullSize = 500;
    public const int SmokeSize = 12;

    private const string PublicBaseUrl = "https://sheep.example.cn";

    public static async Task RunAsync(string[] args)
    {
        var quantity = args switch
        {
            [_, "smoke"] => SmokeSize,
            [_, var count, ..] => int.Parse(count, CultureInfo.InvariantCulture),
            _ => FullSize,
        };
        var result = await RunAsync(quantity);
        Console.WriteLine($"Consistent: {result.IsConsistent}");
    }

    public static async Task<OrganisationOrderResult> RunAsync(int quantity)
    {
        using var database = await DemoDatabase.CreateAsync();
        await using var services = CertificateServices(database);
        var calendar = ProgrammeCalendar.Beijing(TimeProvider.System);
        string contactId, adminId;
        int organisationId, planId;
        long priceFen;
        List<SpreadCandidate> free;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            contactId = await db.Users.Where(u => u.Email == DemoAccounts.OrganisationContact.Email).Select(u => u.Id).SingleAsync();
            adminId = await db.Users.Where(u => u.Email == DemoAccounts.Admin.Email).Select(u => u.Id).SingleAsync();
            organisationId = await db.Organisations.Where(o => o.CreditCode == DemoOrganisations.CreditCode).Select(o => o.Id).SingleAsync();
            var plan = await db.AdoptionPlans.Where(p => p.TermMonths == 12 && p.IsActive).OrderBy(p => p.Id).Select(p => new { p.Id, p.PriceFen }).FirstAsync();
            (planId, priceFen) = (plan.Id, plan.PriceFen);
            free = await OrderSheep.FreeAsync(db);
        }

        var freeHouseholds = free.Select(c => c.HouseholdId).Distinct().Count();
        if (free.Count < quantity)
        {
            throw new InvalidOperationException($"The demo has {free.Count} free sheep, fewer than the {quantity} ordered.");
        }

        Console.WriteLine(
            $"Organisation order of {quantity:N0} sheep on {Environment.ProcessorCount} cores, .NET {Environment.Version}: " +
            $"{free.Count:N0} free sheep in {freeHouseholds} households; load average {LoadAverage.Now}");
        var phases = new List<OrderPhase>();

        // Hold: the contact places the order; the platform picks the sheep across households and holds them all.
        database.CurrentUser.UserId = contactId;
        var placement = new OrderPlacement(
            database.DbFactory, [new BankTransferPayments()], Options.Create(new PaymentOptions { Providers = [BankTransferPayments.ProviderName] }),
            Options.Create(new OrganisationOptions()), calendar);
        var request = new OrderRequest(
            organisationId, planId, quantity, CertificateNames.Organisation, [], EndOfTermOptions.KeepForBreeding, DeathPolicy.Replacement,
            BankTransferPayments.ProviderName, Cultures.Chinese, Guid.NewGuid().ToString("N"));
        var meter = PhaseMeter.Start();
        var placed = await placement.PlaceAsync(request, contactId, "/organisations");
        if (!placed.Succeeded)
        {
            throw new InvalidOperationException($"The order was not placed: {placed.Error} (available {placed.Available}).");
        }

        var held = await HeldAsync(database, placed.OrderId);
        phases.Add(meter.Stop("hold", quantity, "adoptions",
            $"across {held.Select(s => s.HouseholdId).Distinct().Count()} households in {held.Select(s => s.VillageId).Distinct().Count()} villages"));

        // A photo for each held sheep, through the same test-data path as the mail driver (setup, not timed).
        database.CurrentUser.UserId = null;
        var setup = Stopwatch.StartNew();
        var flock = new FlockTestData(database.DbFactory, database.Services.GetRequiredService<IFileStore>());
        var photoAt = TimeProvider.System.GetUtcNow().AddDays(-3);
        foreach (var sheep in held)
        {
            await flock.AddLogAsync(sheep.SheepId, LogKind.Photo, photoAt, withPhoto: true);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{setup.Elapsed.TotalSeconds,8:N2} s  (setup, untimed) a photo for each of the {held.Count:N0} held sheep"));

        // Activate: an administrator confirms the one corporate transfer for the whole order.
        database.CurrentUser.UserId = adminId;
        meter = PhaseMeter.Start();
        var confirmed = await new PaymentEvents(database.DbFactory, calendar).ConfirmBankTransferAsync(placed.PaymentReference, priceFen * quantity, adminId);
        phases.Add(meter.Stop("activate", quantity, "adoptions", $"({confirmed?.Handling}: {confirmed?.Outcome})"));

        // Render: the contact asks for both bundles; the background job makes each (nobody is signed in there).
        var bundles = new CertificateBundles(
            database.DbFactory, database.Services.GetRequiredService<IFileStore>(), services.GetRequiredService<CertificateFiles>(),
            services.GetRequiredService<CertificateDocument>(), new CertificateBundleSignal(), Options.Create(new OrganisationOptions()),
            TimeProvider.System);
        var (pdf, pdfPhase) = await BundleAsync(database, bundles, organisationId, placed.OrderId, contactId, BundleKind.Pdf, quantity);
        phases.Add(pdfPhase);
        var (zip, zipPhase) = await BundleAsync(database, bundles, organisationId, placed.OrderId, contactId, BundleKind.Zip, quantity);
        phases.Add(zipPhase);

        var result = await OutcomeAsync(database, placed, quantity, priceFen, freeHouseholds, held, pdf, zip, phases);
        Console.WriteLine(
            $"  {result.Active:N0} active, {result.ValidCertificates:N0} valid certificates, {Money.Yuan(result.LedgerCapturedFen)} yuan captured in the ledger, " +
            $"{result.OrderConfirmedMails} confirmation mail; books intact: {result.Ledger.IsIntact} over {result.Ledger.Entries:N0} entries; " +
            $"merged PDF {result.PdfPages:N0} pages, ZIP {result.ZipOnePagePdfs:N0} one-page PDFs");
        Console.WriteLine($"Load average at the end: {LoadAverage.Now}");
        return result.IsConsistent ? result : throw new InvalidOperationException($"The order does not add up: {result}.");
    }

    /// <summary>What the order page's button and the background worker do for one kind of bundle, and the file made.</summary>
    private static async Task<(byte[] File, OrderPhase Phase)> BundleAsync(
        DemoDatabase database, CertificateBundles bundles, int organisationId, int orderId, string contactId, BundleKind kind, int quantity)
    {
        database.CurrentUser.UserId = contactId;
        var meter = PhaseMeter.Start();
        var requested = await bundles.RequestAsync(organisationId, orderId, kind, contactId)
            ?? throw new InvalidOperationException($"The {kind} bundle was refused.");
        database.CurrentUser.UserId = null;
        var made = await bundles.ProcessNextAsync($"benchmark-{Environment.ProcessId}", PublicBaseUrl);
        var state = (await bundles.StatusAsync(organisationId, orderId, contactId))!.Single(b => b.Kind == kind);
        if (made != requested.Id || state.Status != BundleStatus.Ready)
        {
            throw new InvalidOperationException($"The {kind} bundle {requested.Id} was not made (worker made {made}, status {state.Status}).");
        }

        var label = kind == BundleKind.Pdf ? "merged PDF" : "ZIP of single PDFs";
        var phase = meter.Stop(label, quantity, "pages", string.Create(CultureInfo.InvariantCulture, $"{state.FileBytes / 1024.0 / 1024.0:N1} MiB"));
        var file = (await bundles.OpenAsync(organisationId, orderId, requested.Id, contactId))!;
        await using var content = file.Content;
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer);
        return (buffer.ToArray(), phase);
    }

    private static async Task<List<SpreadCandidate>> HeldAsync(DemoDatabase database, int orderId)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync();
        return await db.Adoptions.AsNoTracking().Where(a => a.OrganisationOrderId == orderId).OrderBy(a => a.Id)
            .Select(a => new SpreadCandidate(a.SheepId, a.Sheep.HouseholdId, a.Sheep.Household.VillageId, 0)).ToListAsync();
    }

    /// <summary>What the order left in the database and what its bundles hold, read back after the timed phases.</summary>
    private static async Task<OrganisationOrderResult> OutcomeAsync(
        DemoDatabase database, OrderResult placed, int quantity, long priceFen, int freeHouseholds, List<SpreadCandidate> held,
        byte[] pdf, byte[] zip, List<OrderPhase> phases)
    {
        await using var db = await database.DbFactory.CreateDbContextAsync();
        var adoptions = await db.Adoptions.AsNoTracking().Where(a => a.OrganisationOrderId == placed.OrderId).OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Status }).ToListAsync();
        var ids = adoptions.Select(a => a.Id).ToList();
        var serials = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.AdoptionId) && c.Status == CertificateStatus.Valid)
            .OrderBy(c => c.AdoptionId).ThenBy(c => c.Id).Select(c => c.Serial).ToListAsync();
        var captured = -await db.LedgerEntries.Where(e => ids.Contains(e.Transaction.AdoptionId!.Value) && e.Transaction.Kind == LedgerKinds.Capture
            && e.Account.Code == LedgerAccounts.PspClearing).SumAsync(e => e.AmountFen);
        var paymentId = await db.Payments.Where(p => p.ProviderReference == placed.PaymentReference).Select(p => p.Id).SingleAsync();
        var mails = await db.OutboxMails.CountAsync(m => m.Kind == MailKinds.OrderConfirmed && m.DedupeKey == $"order-confirmed:payment:{paymentId}");
        var ledger = await LedgerIntegrity.CheckAsync(db, TimeProvider.System.GetUtcNow());

        int pdfPages;
        using (var merged = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import))
        {
            pdfPages = merged.PageCount;
        }

        var onePagePdfs = 0;
        using (var archive = new ZipArchive(new MemoryStream(zip)))
        {
            foreach (var entry in archive.Entries)
            {
                using var single = new MemoryStream();
                await using (var stream = entry.Open())
                {
                    await stream.CopyToAsync(single);
                }

                single.Position = 0;
                using var document = PdfReader.Open(single, PdfDocumentOpenMode.Import);
                onePagePdfs += document.PageCount == 1 ? 1 : 0;
            }
        }

        return new OrganisationOrderResult(
            quantity, held.Select(s => s.HouseholdId).Distinct().Count(), Math.Min(quantity, freeHouseholds),
            [.. adoptions.Select(a => a.Status)], serials.Count, captured, priceFen * quantity, mails, ledger, pdfPages, onePagePdfs,
            serials, pdf, phases);
    }

    /// <summary>The certificate services as the app registers them: the shipped fonts, the bilingual wording from Strings.resx.</summary>
    private static ServiceProvider CertificateServices(DemoDatabase database)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddLocalization();
        collection.AddMemoryCache();
        collection.AddSingleton(ProgrammeCalendar.Beijing(TimeProvider.System));
        collection.AddSingleton(database.DbFactory);
        collection.AddSingleton(database.Services.GetRequiredService<IFileStore>());
        collection.AddSingleton(new CertificateCodes("benchmark-certificate-key-0123456789abcdef"));
        collection.AddSingleton(new CertificateDocument(CertificateFonts.Use(CertificateFonts.FindShippedDirectory(AppContext.BaseDirectory))));
        collection.AddScoped<ICertificateWording>(sp => new CertificateWording(sp.GetRequiredService<IStringLocalizer<Strings>>()));
        collection.AddScoped<CertificateFiles>();
        return collection.BuildServiceProvider();
    }

    /// <summary>Wall clock and this process's CPU time from the start of a phase.</summary>
    private sealed class PhaseMeter
    {
        private readonly Stopwatch wall = Stopwatch.StartNew();
        private readonly TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        public static PhaseMeter Start() => new();

        public OrderPhase Stop(string name, int items, string unit, string detail)
        {
            wall.Stop();
            var phase = new OrderPhase(name, items, unit, wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore, LoadAverage.Now);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{phase.Wall.TotalSeconds,8:N2} s  {name}: {items:N0} {unit} = {phase.PerSecond:N1} {unit}/s; CPU {phase.Cpu.TotalSeconds:N2} s " +
                $"({phase.Cpu.TotalMilliseconds / items:N1} ms each); {detail}; load average {phase.LoadAverage}"));
            return phase;
        }
    }
}

/// <summary>One timed phase: what it did, its wall and CPU time, and the load average when it ended.</summary>
public sealed record OrderPhase(string Name, int Items, string Unit, TimeSpan Wall, TimeSpan Cpu, string LoadAverage)
{
    public double PerSecond => Items / Wall.TotalSeconds;
}

/// <summary>
/// What one order left behind. Consistent when the sheep are spread over as many households as the order could reach,
/// every adoption is active with a valid certificate, the ledger captured the whole transfer, one confirmation mail was
/// queued, the books are intact, and the merged PDF has a page per sheep and the ZIP a one-page PDF per sheep.
/// </summary>
public sealed record OrganisationOrderResult(
    int Quantity, int Households, int ExpectedHouseholds, IReadOnlyList<AdoptionStatus> Statuses, int ValidCertificates,
    long LedgerCapturedFen, long TransferFen, int OrderConfirmedMails, LedgerIntegrityReport Ledger, int PdfPages, int ZipOnePagePdfs,
    IReadOnlyList<string> Serials, byte[] MergedPdf, IReadOnlyList<OrderPhase> Phases)
{
    public int Active => Statuses.Count(s => s == AdoptionStatus.Active);

    public bool IsConsistent =>
        Statuses.Count == Quantity && Active == Quantity && Households == ExpectedHouseholds && ValidCertificates == Quantity
        && Serials.Count == Quantity && LedgerCapturedFen == TransferFen && OrderConfirmedMails == 1 && Ledger.IsIntact
        && PdfPages == Quantity && ZipOnePagePdfs == Quantity;

    public override string ToString() =>
        $"{Quantity} sheep over {Households} households (expected {ExpectedHouseholds}), {Active} active of {Statuses.Count}, " +
        $"{ValidCertificates} valid certificates, {LedgerCapturedFen} of {TransferFen} fen captured, {OrderConfirmedMails} mails, " +
        $"ledger intact {Ledger.IsIntact}, {PdfPages} merged pages, {ZipOnePagePdfs} one-page PDFs in the ZIP";
}
