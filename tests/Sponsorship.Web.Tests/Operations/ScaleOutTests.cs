using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Storage;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Mail;
using Sponsorship.Web.Features.Operations;
using Sponsorship.Core.Programme;

namespace Sponsorship.Web.Tests.Operations;

/// <summary>What lets several instances serve one programme: shared keys, shared files, shared circuits.</summary>
public sealed class ScaleOutTests
{
    private static readonly string NowhereBlobs =
        $"DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:9/nowhere;";

    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_another_on_the_same_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
        using var first = new Instance(folder);
        var signIn = await HttpTestClient.PostFormAsync(HttpTestClient.Anonymous(first), "/Account/Login", "login", new()
        {
            ["Input.Email"] = DemoAccounts.Sponsor.Email,
            ["Input.Password"] = DemoAccounts.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sponsorship.auth=", StringComparison.Ordinal)).Split(';')[0];
        using var second = new Instance(folder);

        var signedIn = await GetMyPageAsync(second, authCookie);
        var forged = await GetMyPageAsync(second, "sponsorship.auth=CfDJ8forged");

        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Contains("data-testid=\"my-sheep-title\"", await signedIn.Content.ReadAsStringAsync());
        HttpTestClient.AssertSentToSignIn(forged, "/my");
        Assert.Equal("Sponsorship", second.Services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator);
    }

    [Fact]
    public async Task Two_instances_on_one_database_both_send_a_burst_of_outbox_mail_each_mail_once_and_queue_one_digest_per_adoption()
    {
        const int Burst = 60;
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
        var senders = new BurstSenders();
        using var first = new Instance(folder, senders, "first");
        first.CreateClient();
        using var second = new Instance(folder, senders, "second");
        second.CreateClient();
        await using var scope = first.Services.CreateAsyncScope();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var now = TimeProvider.System.GetUtcNow();
            for (var i = 0; i < Burst; i++)
            {
                Outbox.Queue(db, new ConfirmEmailPayload($"https://example.test/confirm/{i}"), $"burst{i}@example.test", $"Sponsor {i}", "zh-CN", now, dedupeKey: $"burst:{i}");
            }

            await db.SaveChangesAsync();
        }

        // Both dispatchers poll every second and claim batches (of at most 50) under leases. The first burst mail an
        // instance renders waits until the other instance has rendered one too: neither can have taken them all.
        List<OutboxMail> mails = [];
        for (var wait = 0; wait < 240; wait++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            mails = await db.OutboxMails.AsNoTracking().ToListAsync();
            if (mails.All(m => m.Status != OutboxStatus.Pending))
            {
                break;
            }

            await Task.Delay(500);
        }

        var burst = mails.Where(m => m.DedupeKey != null && m.DedupeKey.StartsWith("burst:", StringComparison.Ordinal)).ToList();
        Assert.Equal(Burst, burst.Count);
        Assert.All(burst, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var byFirst = senders.Rendered("first").Intersect(burst.Select(m => m.Id)).ToList();
        var bySecond = senders.Rendered("second").Intersect(burst.Select(m => m.Id)).ToList();
        Assert.NotEmpty(byFirst);
        Assert.NotEmpty(bySecond);
        Assert.Empty(byFirst.Intersect(bySecond));
        Assert.Equal(Burst, byFirst.Count + bySecond.Count);

        // Each instance's catcher writes what it receives into the shared data folder: one file per mail sent.
        var caught = Directory.GetFiles(Path.Combine(folder, "mail"), "*.eml", SearchOption.AllDirectories)
            .Select(f => MimeKit.MimeMessage.Load(f).MessageId).ToList();
        Assert.Equal(mails.Count(m => m.Status == OutboxStatus.Sent), caught.Count);
        Assert.Equal(caught.Count, caught.Distinct().Count());
        Assert.All(burst, m => Assert.Single(caught, id => id == m.MessageId));

        // Both instances' mail jobs woke at start for this month's digest: one of them queued it, one mail per adoption.
        await using var check = await dbFactory.CreateDbContextAsync();
        var calendar = ProgrammeCalendar.Beijing(TimeProvider.System);
        var month = MonthlyDigest.CoveredMonth(TimeProvider.System.GetUtcNow(), calendar);
        var digests = mails.Where(m => m.Kind == MailKinds.MonthlyDigest).Select(m => m.DedupeKey!).ToList();
        var (_, monthEnd) = calendar.MonthBounds(month);
        var active = await check.Adoptions.Where(a => a.Status == Sponsorship.Core.Adoptions.AdoptionStatus.Active && a.StartAt < monthEnd)
            .Select(a => a.Id).ToListAsync();
        Assert.NotEmpty(active);
        Assert.Equal(active.Select(id => $"digest:{id}:{month}").Order(), digests.Order());
        // The scheduler names the run after the month it ran in; the digests cover the month before.
        var ranIn = calendar.MonthOf(TimeProvider.System.GetUtcNow());
        Assert.Single(await check.JobRuns.Where(r => r.Job == MonthlyDigest.Job && r.Period == ranIn).ToListAsync());
    }

    [Fact]
    public void Files_go_to_Azure_Blob_Storage_when_configured()
    {
        using var app = new ConfiguredApp(new()
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:AzureBlob:ConnectionString"] = NowhereBlobs,
            ["Storage:AzureBlob:Container"] = "sheep-files",
        });
        app.CreateClient();

        var store = Assert.IsType<AzureBlobFileStore>(app.Services.GetRequiredService<IFileStore>());

        Assert.Equal("sheep-files", store.Container.Name);
        Assert.Equal("nowhere", store.Container.AccountName);
    }

    [Fact]
    public void Files_stay_in_the_data_folder_by_default()
    {
        using var app = new ConfiguredApp([]);
        app.CreateClient();

        var store = Assert.IsType<LocalFileStore>(app.Services.GetRequiredService<IFileStore>());

        Assert.Equal(Path.Combine(app.DataDirectory, "files"), store.Root);
    }

    [Fact]
    public void Blob_storage_without_a_connection_string_stops_the_app_naming_the_setting()
    {
        var message = ConfiguredApp.StartupFailure(new() { ["Storage:Provider"] = "AzureBlob" });

        Assert.Contains("Storage:AzureBlob:ConnectionString", message);
    }

    [Fact]
    public void Circuits_go_through_Azure_SignalR_Service_only_when_its_connection_string_is_set()
    {
        static bool UsesAzureSignalR(Dictionary<string, string?> settings)
        {
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.AddScaleOut();
            return builder.Services.Any(d =>
                (d.ServiceType.Namespace ?? "").StartsWith("Microsoft.Azure.SignalR", StringComparison.Ordinal)
                || (d.ImplementationType?.Namespace ?? "").StartsWith("Microsoft.Azure.SignalR", StringComparison.Ordinal));
        }

        Assert.False(UsesAzureSignalR([]));
        Assert.True(UsesAzureSignalR(new()
        {
            [ScaleOutSetup.SignalRConnectionStringKey] = $"Endpoint=https://nowhere.service.signalr.net;AccessKey={Convert.ToBase64String(new byte[32])};Version=1.0;",
        }));
    }

    private static async Task<HttpResponseMessage> GetMyPageAsync(SponsorshipAppFactory app, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/my");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    /// <summary>One instance of a deployment whose data folder (and SQLite database) it shares with others.</summary>
    private sealed class Instance(string dataDirectory, BurstSenders? senders = null, string name = "") : SponsorshipAppFactory(dataDirectory)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            if (senders is not null)
            {
                builder.ConfigureTestServices(services =>
                {
                    services.AddScoped<RazorMailRenderer>();
                    services.AddScoped<IMailRenderer>(sp => new TakingPart(sp.GetRequiredService<RazorMailRenderer>(), senders, name));
                });
            }
        }
    }

    /// <summary>Which instance rendered (and so sent) which outbox mail of the burst.</summary>
    private sealed class BurstSenders
    {
        private readonly ConcurrentDictionary<string, ConcurrentBag<long>> rendered = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> started = new();

        public long[] Rendered(string instance) => [.. rendered.GetOrAdd(instance, _ => [])];

        /// <summary>Records the render; an instance's first burst mail waits (up to a minute) until the other has started too.</summary>
        public async Task RenderingAsync(string instance, OutboxMail mail, CancellationToken cancellationToken)
        {
            rendered.GetOrAdd(instance, _ => []).Add(mail.Id);
            if (mail.DedupeKey?.StartsWith("burst:", StringComparison.Ordinal) != true)
            {
                return;
            }

            Started(instance).TrySetResult();
            var other = Started(instance == "first" ? "second" : "first").Task;
            await other.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }

        private TaskCompletionSource Started(string instance) =>
            started.GetOrAdd(instance, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    private sealed class TakingPart(IMailRenderer inner, BurstSenders senders, string instance) : IMailRenderer
    {
        public async Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default)
        {
            await senders.RenderingAsync(instance, mail, cancellationToken);
            return await inner.RenderAsync(mail, cancellationToken);
        }
    }
}
