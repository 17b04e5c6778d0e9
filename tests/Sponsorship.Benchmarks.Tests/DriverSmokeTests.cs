using PdfSharp.Pdf.IO;
using Sponsorship.Core.Adoptions;
using UglyToad.PdfPig;

namespace Sponsorship.Benchmarks.Tests;

/// <summary>
/// Each benchmark and load driver in its smoke mode: tiny sizes, the real code path, a few seconds. Each smoke mode
/// throws when its own counts do not add up; these tests also check the figures a reader of its output relies on. No
/// timing is asserted. One class, so the drivers run one after another and do not crowd each other's cores.
/// </summary>
public sealed class DriverSmokeTests
{
    [Fact]
    public async Task The_catalogue_benchmark_reads_full_pages_of_the_demo_that_agree_on_the_total()
    {
        var smoke = await CatalogueBenchmarks.SmokeAsync();

        Assert.True(smoke.IsConsistent, smoke.ToString());
        Assert.True(smoke.First.Total > 1_000, $"the demo lists {smoke.First.Total} sheep");
    }

    [Fact]
    public async Task The_scale_benchmark_seeds_its_flock_and_reads_the_same_pages_with_and_without_the_index()
    {
        var runs = await ScaleBenchmarks.SmokeAsync();

        Assert.Equal([false, true], runs.Select(r => r.WithIndex));
        Assert.All(runs, r => Assert.True(r.IsConsistent, r.ToString()));
        Assert.Equal(runs[0].First.Items.Select(s => s.Id), runs[1].First.Items.Select(s => s.Id));
        Assert.Equal(runs[0].Deep.Items.Select(s => s.Id), runs[1].Deep.Items.Select(s => s.Id));
    }

    [Fact]
    public async Task The_import_benchmark_previews_without_saving_and_then_saves_every_row()
    {
        var smoke = await ImportBenchmarks.SmokeAsync();

        Assert.True(smoke.IsConsistent, smoke.ToString());
    }

    [Fact]
    public async Task The_checkout_benchmark_activates_each_adoption_frees_them_and_lets_one_of_fifty_racers_win()
    {
        var smoke = await CheckoutBenchmarks.SmokeAsync();

        Assert.True(smoke.IsConsistent, smoke.ToString());
    }

    [Fact]
    public void The_certificate_benchmark_and_throughput_driver_render_pdfs_on_every_thread()
    {
        var smoke = CertificateBenchmarks.Smoke();
        var runs = CertificateThroughput.Run(TimeSpan.Zero, TimeSpan.FromSeconds(0.2));

        Assert.True(smoke.IsConsistent, smoke.ToString());
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.True(r.Certificates >= r.Threads, r.ToString()));
        Assert.All(runs, r => Assert.True(r.Bytes >= (long)r.Certificates * smoke.WithoutPhotoBytes, r.ToString()));
    }

    [Fact]
    public async Task The_mail_drivers_send_every_queued_mail_once_the_demos_own_included()
    {
        var result = await MailLoad.SmokeAsync();

        Assert.Equal(result.Smtp.Sent, result.Smtp.Received);
        Assert.True(result.FanOut.IsConsistent, result.FanOut.ToString());
        Assert.True(result.FanOut.DemoPending > 0, "the demo's adoptions queue confirmation mails");
    }

    [Fact]
    public async Task The_month_end_driver_pays_reconciles_and_keeps_the_books_intact_after_the_demos_own_books()
    {
        var result = await LedgerScale.RunAsync(LedgerScaleSize.Smoke);

        Assert.True(result.IsConsistent, result.ToString());
        Assert.True(result.BatchLines > LedgerScaleSize.Smoke.Households, "the demo's herders with earnings are paid too");
        Assert.True(result.AfterExport.IsIntact);
        Assert.True(result.AfterReconciliation.IsIntact);
        Assert.Equal(result.BatchLines, result.IncrementalAfterExport!.Transactions);
        Assert.Equal(result.Matched, result.IncrementalAfterReconciliation!.Transactions);
    }

    [Fact]
    public async Task The_organisation_order_driver_holds_activates_and_renders_every_sheep_of_the_order_on_its_own_page()
    {
        var result = await OrganisationOrderLoad.RunAsync(OrganisationOrderLoad.SmokeSize);

        Assert.True(result.IsConsistent, result.ToString());
        Assert.Equal(Enumerable.Repeat(AdoptionStatus.Active, OrganisationOrderLoad.SmokeSize), result.Statuses);
        Assert.Equal(OrganisationOrderLoad.SmokeSize, result.Households);
        Assert.True(result.Ledger.IsIntact);
        Assert.Equal(result.TransferFen, result.LedgerCapturedFen);
        Assert.Equal(["hold", "activate", "merged PDF", "ZIP of single PDFs"], result.Phases.Select(p => p.Name));

        using (var merged = PdfReader.Open(new MemoryStream(result.MergedPdf), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(OrganisationOrderLoad.SmokeSize, merged.PageCount);
        }

        // Each page is its own sheep's certificate, in the order's order, with the breed named in Chinese and English.
        using var document = PdfDocument.Open(result.MergedPdf);
        for (var i = 0; i < OrganisationOrderLoad.SmokeSize; i++)
        {
            var text = document.GetPage(i + 1).Text;
            Assert.Contains(result.Serials[i], text, StringComparison.Ordinal);
            Assert.DoesNotContain("Breed.", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_whole_system_driver_runs_every_action_of_the_mix_without_an_error_and_its_counts_add_up()
    {
        var result = await WholeSystemLoad.RunAsync(WholeSystemLoad.Smoke);

        Assert.Empty(result.Errors);
        Assert.Equal(LoadResult.ActionNames, result.Actions.Select(a => a.Action));
        Assert.All(result.Actions, a => Assert.True(a.Count > 0, $"{a.Action} never ran"));
        Assert.True(result.Payments > 0 && result.EntriesPosted > 0 && result.Approvals > 0, result.ToString());
        // Every payment made one active adoption with a captured payment; a weighing sent twice is saved once.
        Assert.Equal(result.Payments, result.AdoptionsActive);
        Assert.Equal(result.Payments, result.PaymentsCaptured);
        Assert.Equal(result.EntriesPosted, result.WeighingsSaved);
        Assert.Equal(result.Approvals, result.WeighingsApproved);
        Assert.True(result.IsConsistent, result.ToString());
        Assert.True(result.Memory.WorkingSetBytes > 0 && result.Memory.ManagedHeapBytes > 0);
    }

    [Fact]
    public async Task The_circuit_driver_finds_a_circuit_behind_every_interactive_page_and_none_behind_the_static_one()
    {
        var runs = await CircuitLoad.RunAsync(CircuitLoad.SmokeCircuits);

        Assert.Equal([0, CircuitLoad.SmokeCircuits, CircuitLoad.SmokeCircuits, CircuitLoad.SmokeCircuits], runs.Select(r => r.Circuits));
        Assert.All(runs, r => Assert.Equal(CircuitLoad.SmokeCircuits, r.Pages));
        Assert.Contains(CircuitLoad.Table(runs).Split('\n'), line => line.StartsWith("| adopt /sheep/{tag}/adopt |", StringComparison.Ordinal));
    }
}
