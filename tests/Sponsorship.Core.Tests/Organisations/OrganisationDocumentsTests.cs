using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Tests.Adoptions;
using Sponsorship.Core.Tests.Certificates;
using Sponsorship.Testing;
using UglyToad.PdfPig;

namespace Sponsorship.Core.Tests.Organisations;

/// <summary>What an order's money and certificates become on paper: the statement of assistance, the merged PDF and the ZIP.</summary>
public class OrganisationDocumentsTests(OrganisationDatabase database) : IClassFixture<OrganisationDatabase>
{
    private const string BaseUrl = "https://sheep.example.cn";
    private readonly MemoryCache cache = new(new MemoryCacheOptions());

    private AssistanceStatements Statements => new(
        database.DbFactory, CertificateSamples.Codes, new AssistanceStatementDocument(CertificateFonts.Use(CertificateFonts.FindShippedDirectory(AppContext.BaseDirectory))),
        database.Calendar);

    private CertificateBundles Bundles => new(
        database.DbFactory, database.Files,
        new CertificateFiles(database.DbFactory, database.Files, CertificateSamples.Document, CertificateSamples.Codes, new Wording(), cache, database.Calendar),
        CertificateSamples.Document, new CertificateBundleSignal(), Microsoft.Extensions.Options.Options.Create(database.OrganisationOptions), database.Clock);

    [Fact]
    public async Task The_statements_figures_are_the_ledgers_summed_over_the_organisations_adoptions()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        var placed = await database.PlaceAsync(database.Order(organisationId, 6, deathPolicy: DeathPolicy.ProRataRefund), contact);
        await database.ConfirmTransferAsync(placed.PaymentReference, 6 * database.PlanPrice);
        var adoptions = await database.AdoptionsOfAsync(placed.OrderId);
        database.Clock.Advance(TimeSpan.FromDays(40));
        await database.ConfirmDeathAsync(adoptions[0].Id);
        await PayOutEverythingAsync();
        var today = database.Calendar.Today;

        var (error, serial) = await Statements.IssueAsync(organisationId, today.AddDays(-60), today, contact);

        Assert.Equal(AssistanceStatementError.None, error);
        var issued = (await Statements.VerifyAsync(serial, CertificateSamples.Codes.CodeFor(serial))).Statement!;
        await using var db = await database.CreateDbContextAsync();
        var trails = new List<MoneyTrailView>();
        foreach (var adoption in adoptions)
        {
            trails.Add((await MoneyTrail.ForAdoptionAsync(db, adoption.Id, contact))!);
        }

        Assert.Equal(6 * database.PlanPrice, issued.PaidFen);
        Assert.Equal(trails.Sum(t => t.PaidFen), issued.PaidFen);
        Assert.Equal(trails.Sum(t => t.Steps.Sum(s => s.RefundedFen)), issued.RefundedFen);
        Assert.True(issued.RefundedFen > 0);
        Assert.Equal(trails.Sum(t => t.Steps.Sum(s => s.HerderFen)), issued.HerdersFen);
        Assert.Equal(trails.Sum(t => t.Steps.Sum(s => s.VillageFen)), issued.VillagesFen);
        Assert.Equal(trails.Sum(t => t.Payouts.Where(p => p.Status == PayoutLineStatus.Paid).Sum(p => p.AmountFen)), issued.PaidOutFen);
        Assert.True(issued.PaidOutFen > 0);
        var places = await db.Adoptions.Where(a => a.OrganisationOrderId == placed.OrderId)
            .Select(a => new { a.Sheep.HouseholdId, a.Sheep.Household.VillageId }).ToListAsync();
        Assert.Equal((6, places.Select(p => p.HouseholdId).Distinct().Count(), places.Select(p => p.VillageId).Distinct().Count()),
            (issued.SheepCount, issued.HouseholdCount, issued.VillageCount));

        // A period before the order holds nothing.
        var (_, empty) = await Statements.IssueAsync(organisationId, today.AddDays(-400), today.AddDays(-60), contact);
        var nothing = (await Statements.VerifyAsync(empty, CertificateSamples.Codes.CodeFor(empty))).Statement!;
        Assert.Equal((0, 0, 0), (nothing.PaidFen, nothing.SheepCount, nothing.PaidOutFen));
    }

    [Fact]
    public async Task The_statement_pdf_carries_the_organisation_the_figures_and_a_qr_code_to_its_verification()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync(name: "北京市昌平区支援合作办公室");
        var placed = await database.PlaceAsync(database.Order(organisationId, 3), contact);
        await database.ConfirmTransferAsync(placed.PaymentReference, 3 * database.PlanPrice);
        var today = database.Calendar.Today;
        var (_, serial) = await Statements.IssueAsync(organisationId, new DateOnly(today.Year, 1, 1), today, contact);

        var pdf = await Statements.PdfAsync(organisationId, serial, contact, BaseUrl);

        Assert.Null(await Statements.PdfAsync(organisationId, serial, database.SponsorB, BaseUrl));
        using (var document = PdfDocument.Open(pdf!.Content))
        {
            Assert.Equal(1, document.NumberOfPages);
            var text = document.GetPage(1).Text;
            Assert.Contains("消费帮扶证明", text, StringComparison.Ordinal);
            Assert.Contains("北京市昌平区支援合作办公室", text, StringComparison.Ordinal);
            Assert.Contains(serial, text, StringComparison.Ordinal);
            Assert.Contains((3 * database.PlanPrice / 100m).ToString("N2", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        }

        var png = await PdfPages.RenderPngAsync(pdf.Content);
        await File.WriteAllBytesAsync(Path.Combine(CertificateSamples.ArtifactsDirectory(), "statement-of-assistance.png"), png);
        var url = PdfPages.DecodeQr(png);
        Assert.NotNull(url);
        Assert.Equal(CertificateSamples.Codes.VerificationUrl(BaseUrl, serial), url);
        var code = url[(url.IndexOf("?c=", StringComparison.Ordinal) + 3)..];
        Assert.Equal(AssistanceStatementOutcome.Valid, (await Statements.VerifyAsync(serial, code)).Outcome);
        Assert.Equal(AssistanceStatementOutcome.CannotVerify, (await Statements.VerifyAsync(serial, "0000000000AA")).Outcome);
        Assert.Equal(AssistanceStatementOutcome.Unknown, (await Statements.VerifyAsync("BF-2026-NOSUCH00", CertificateSamples.Codes.CodeFor("BF-2026-NOSUCH00"))).Outcome);
        Assert.Equal(AssistanceStatementError.PeriodInvalid, (await Statements.IssueAsync(organisationId, today, today.AddDays(1), contact)).Error);
        Assert.Equal(AssistanceStatementError.NotFound, (await Statements.IssueAsync(organisationId, today, today, database.SponsorA)).Error);
    }

    [Fact]
    public async Task All_certificates_of_an_order_come_as_one_pdf_and_as_a_zip_made_in_the_background()
    {
        var (organisationId, contact) = await database.NewOrganisationAsync();
        NameEntry[] names = [new("王晓燕"), new("陈堃"), new("Anna Müller"), new("赵燊"), new("刘昇")];
        var placed = await database.PlaceAsync(database.Order(organisationId, 5, names: CertificateNames.List, list: names), contact);
        Assert.Null(await Bundles.RequestAsync(organisationId, placed.OrderId, BundleKind.Pdf, contact));
        await database.ConfirmTransferAsync(placed.PaymentReference, 5 * database.PlanPrice);

        var pdfBundle = await Bundles.RequestAsync(organisationId, placed.OrderId, BundleKind.Pdf, contact);
        var zipBundle = await Bundles.RequestAsync(organisationId, placed.OrderId, BundleKind.Zip, contact);
        Assert.Equal((BundleStatus.Queued, 5), (pdfBundle!.Status, pdfBundle.Total));
        Assert.Equal(pdfBundle.Id, (await Bundles.RequestAsync(organisationId, placed.OrderId, BundleKind.Pdf, contact))!.Id);
        Assert.Null(await Bundles.RequestAsync(organisationId, placed.OrderId, BundleKind.Pdf, database.SponsorB));
        Assert.Equal(pdfBundle.Id, await Bundles.ProcessNextAsync("test", BaseUrl));
        Assert.Equal(zipBundle!.Id, await Bundles.ProcessNextAsync("test", BaseUrl));
        Assert.Null(await Bundles.ProcessNextAsync("test", BaseUrl));

        var states = (await Bundles.StatusAsync(organisationId, placed.OrderId, contact))!;
        Assert.All(states, s => Assert.Equal((BundleStatus.Ready, 5, 5, true), (s.Status, s.Done, s.Total, s.Current)));
        var merged = await ReadAsync(await Bundles.OpenAsync(organisationId, placed.OrderId, pdfBundle.Id, contact));
        using (var document = PdfDocument.Open(merged))
        {
            Assert.Equal(5, document.NumberOfPages);
            for (var i = 0; i < 5; i++)
            {
                Assert.Contains(names[i].Name, document.GetPage(i + 1).Text, StringComparison.Ordinal);
            }
        }

        using (var zip = new ZipArchive(new MemoryStream(await ReadAsync(await Bundles.OpenAsync(organisationId, placed.OrderId, zipBundle.Id, contact)))))
        {
            Assert.Equal(5, zip.Entries.Count);
            foreach (var entry in zip.Entries)
            {
                using var single = new MemoryStream();
                await using (var stream = entry.Open())
                {
                    await stream.CopyToAsync(single);
                }

                using var document = PdfDocument.Open(single.ToArray());
                Assert.Equal(1, document.NumberOfPages);
                Assert.Contains(entry.Name["certificate-".Length..("certificate-".Length + 13)], document.GetPage(1).Text, StringComparison.Ordinal);
            }
        }

        // One sponsor changes their certificate's name (a new certificate): the bundles are no longer current.
        var adoption = (await database.AdoptionsOfAsync(placed.OrderId))[0];
        await using (var db = await database.CreateDbContextAsync())
        {
            var tracked = await db.Adoptions.SingleAsync(a => a.Id == adoption.Id);
            tracked.NameOnCertificate = "王晓燕（工会）";
            await CertificateIssuer.IssueAsync(db, tracked, database.Clock.GetUtcNow(), database.Calendar);
            await db.SaveChangesAsync();
        }

        Assert.All((await Bundles.StatusAsync(organisationId, placed.OrderId, contact))!, s => Assert.False(s.Current));
        Assert.NotEqual(pdfBundle.Id, (await Bundles.RequestAsync(organisationId, placed.OrderId, BundleKind.Pdf, contact))!.Id);
    }

    /// <summary>Drafts, approves (a second admin), exports and confirms a payout batch for every household owed money.</summary>
    private async Task PayOutEverythingAsync()
    {
        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
        var checker = await new MoneyTestData(database.DbFactory).UserIdAsync(DemoAccounts.SecondAdmin.Email);
        var (batchId, outcome) = await batches.DraftAsync(database.Calendar.Today, 1, database.AdminId);
        Assert.Equal(PayoutOutcome.Done, outcome);
        Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(batchId!.Value, checker));
        Assert.Equal(PayoutOutcome.Done, await batches.ExportAsync(batchId.Value, checker));
        foreach (var line in (await batches.DetailAsync(batchId.Value, checker))!.Lines)
        {
            Assert.Equal(PayoutOutcome.Done, await batches.ConfirmLineAsync(line.Id, checker));
        }
    }

    private static async Task<byte[]> ReadAsync(BundleFile? file)
    {
        Assert.NotNull(file);
        await using var content = file.Content;
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private sealed class Wording : ICertificateWording
    {
        public (string Chinese, string English) Breed(Breed breed) => (breed.ToString(), breed.ToString());

        public (string Chinese, string English) Sex(Sex sex) => (sex.ToString(), sex.ToString());
    }
}
