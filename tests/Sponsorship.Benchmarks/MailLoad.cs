using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;
using Sponsorship.Testing;
using Sponsorship.Web;
using Sponsorship.Web.Features.Mail;

namespace Sponsorship.Benchmarks;

/// <summary>
/// Load drivers for mail (too long-running for BenchmarkDotNet's iterations; timed with a stopwatch, printed as figures):
/// SMTP throughput over one connection to a loopback SmtpServer with and without NoDelay, and the fan-out of one growth
/// update to many sponsors end to end (outbox write, Razor render with photo and chart, send over SMTP, mark sent).
/// <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- mail [fan-out count]</c>; <c>-- mail smoke</c> runs
/// tiny sizes in seconds (the test suite does, so the driver keeps working as the demo grows).
/// </summary>
public static class MailLoad
{
    public static async Task RunAsync(string[] args)
    {
        if (args is [_, "smoke"])
        {
            await SmokeAsync();
            return;
        }

        var fanOut = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        Console.WriteLine($"Mail load on {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage.Now}");
        await SmtpThroughputAsync(noDelay: true, messages: 2_000);
        await SmtpThroughputAsync(noDelay: false, messages: 100);
        await FanOutAsync(fanOut, adoptedSheep: 200, breakdown: true);
        Console.WriteLine($"Load average at the end: {LoadAverage.Now}");
    }

    /// <summary>Both drivers at tiny sizes; throws when a count does not add up.</summary>
    public static async Task<MailLoadResult> SmokeAsync()
    {
        var smtp = await SmtpThroughputAsync(noDelay: true, messages: 20);
        var fanOut = await FanOutAsync(40, adoptedSheep: 4, breakdown: false);
        return new MailLoadResult(smtp, fanOut);
    }

    private static async Task<SmtpRun> SmtpThroughputAsync(bool noDelay, int messages)
    {
        var received = 0;
        await using var server = new MailCatcher(0, (_, _) =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        }, noDelay);
        await server.StartAsync();
        var options = Options.Create(new MailOptions { Host = "127.0.0.1", Port = server.Port, TlsMode = MailTlsMode.None, TcpNoDelay = noDelay });
        var mails = Enumerable.Range(0, messages).Select(i => Small(i)).ToList();
        using var client = await new SmtpMailTransport(options).ConnectAsync();
        await client.SendAsync(Small(-1));
        var clock = Stopwatch.StartNew();
        var sentCount = 0;
        try
        {
            foreach (var mail in mails)
            {
                await client.SendAsync(mail);
                sentCount++;
            }
        }
        catch (MailKit.Net.Smtp.SmtpProtocolException e)
        {
            Console.WriteLine($"after {sentCount} sent, server received {received}: {e.Message}");
            throw;
        }

        clock.Stop();
        await client.DisconnectAsync(true);
        Console.WriteLine($"SMTP, one connection, NoDelay={noDelay} on both sides: {messages} messages in {clock.Elapsed.TotalSeconds:0.00} s = {messages / clock.Elapsed.TotalSeconds:0} msg/s (server got {received}); load average {LoadAverage.Now}");
        // The warm-up message plus every timed one.
        var run = new SmtpRun(sentCount + 1, Volatile.Read(ref received));
        return run.Sent == run.Received ? run : throw new InvalidOperationException($"SMTP: sent {run.Sent}, the server received {run.Received}.");
    }

    private static MimeMessage Small(int i)
    {
        var message = new MimeMessage { Subject = $"News {i}", MessageId = $"{i}.{Guid.NewGuid():N}@bench" };
        message.From.Add(new MailboxAddress("我在草原有只羊", "no-reply@bench.test"));
        message.To.Add(new MailboxAddress("", $"s{i}@bench.test"));
        message.Body = new TextPart("plain") { Text = "Your sheep weighs 41.2 kg." };
        return message;
    }

    private static async Task<FanOutRun> FanOutAsync(int count, int adoptedSheep, bool breakdown)
    {
        using var database = await DemoDatabase.CreateAsync();
        await using var services = MailServices(database);
        var flock = new FlockTestData(database.DbFactory, services.GetRequiredService<Core.Storage.IFileStore>());
        var adoptions = new AdoptionTestData(database.DbFactory);
        var sponsorId = await adoptions.UserIdAsync(DemoAccounts.Sponsor.Email);
        var now = TimeProvider.System.GetUtcNow();
        var adoptionIds = new List<int>();
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            // Sheep nobody holds: the demo has adopted some already (one pending-or-active adoption per sheep).
            var held = db.Adoptions.Where(Adoption.HoldsSheep).Select(a => a.SheepId);
            var sheepIds = await db.Sheep.Where(s => s.ArchivedAt == null && !held.Contains(s.Id)).OrderBy(s => s.Id).Select(s => s.Id)
                .Take(adoptedSheep).ToListAsync();
            foreach (var sheepId in sheepIds)
            {
                adoptionIds.Add(await adoptions.ActiveAdoptionAsync(sheepId, sponsorId, now.AddDays(-90)));
                await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-40), kg: 35.5m);
                await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-2), kg: 39.8m);
                await flock.AddLogAsync(sheepId, LogKind.Photo, now.AddDays(-1), withPhoto: true);
            }
        }

        var received = 0;
        await using var server = new MailCatcher(0, (_, _) =>
        {
            Interlocked.Increment(ref received);
            return Task.CompletedTask;
        });
        await server.StartAsync();

        // The demo's own mails (adoption confirmations) are still pending and go out with the fan-out.
        int pendingBefore;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            pendingBefore = await db.OutboxMails.CountAsync(m => m.Status == OutboxStatus.Pending);
        }

        var total = Stopwatch.StartNew();
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < count; i++)
            {
                var adoptionId = adoptionIds[i % adoptionIds.Count];
                Outbox.Queue(db, new GrowthUpdatePayload(adoptionId, now.AddDays(-3)), $"sponsor{i}@bench.test", $"赞助人{i}", i % 2 == 0 ? "zh-CN" : "en", now, sponsorId, $"fanout:{i}");
                if (i % 1000 == 999)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }

            await db.SaveChangesAsync();
        }

        var written = total.Elapsed;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        var options = Options.Create(new MailOptions { Enabled = true, Host = "127.0.0.1", Port = server.Port, TlsMode = MailTlsMode.None, BatchSize = 200 });
        await using var scope = services.CreateAsyncScope();
        var dispatcher = new OutboxDispatcher(
            database.DbFactory, scope.ServiceProvider.GetRequiredService<IMailRenderer>(), new SmtpMailTransport(options), options,
            TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);
        var sent = await dispatcher.DrainAsync();
        total.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var sending = total.Elapsed - written;
        Console.WriteLine($"Fan-out of one growth update to {count:N0} sponsors ({adoptedSheep} sheep with photo and chart, zh-CN/en alternating), load average {LoadAverage.Now}:");
        Console.WriteLine($"  outbox write {written.TotalSeconds:0.0} s ({count / written.TotalSeconds:0} rows/s)");
        Console.WriteLine($"  render + send + mark {sending.TotalSeconds:0.0} s ({sent / sending.TotalSeconds:0} mails/s, {sending.TotalMilliseconds / sent:0.00} ms a mail; CPU {cpu.TotalMilliseconds / sent:0.00} ms a mail, dispatcher and SMTP server together)");
        Console.WriteLine($"  end to end {total.Elapsed.TotalSeconds:0.0} s; sent {sent:N0} (of which {pendingBefore} the demo's own), server received {received:N0}");
        Console.WriteLine($"  at this rate 100,000 sponsors take {total.Elapsed.TotalSeconds * 100_000 / count / 60:0.0} min on one dispatcher");
        var chartsDrawn = services.GetRequiredService<MailImageCache>().ChartsDrawn;
        Console.WriteLine($"  growth charts drawn: {chartsDrawn} for {adoptionIds.Count} sheep");
        if (breakdown)
        {
            await RenderBreakdownAsync(services, database, adoptionIds, now);
        }

        int stillPending, sentRows;
        await using (var db = await database.DbFactory.CreateDbContextAsync())
        {
            stillPending = await db.OutboxMails.CountAsync(m => m.Status != OutboxStatus.Sent);
            sentRows = await db.OutboxMails.CountAsync(m => m.Status == OutboxStatus.Sent && m.Kind == MailKinds.GrowthUpdate);
        }

        var run = new FanOutRun(count, pendingBefore, sent, Volatile.Read(ref received), sentRows, stillPending, adoptionIds.Count, (int)chartsDrawn);
        return run.IsConsistent ? run : throw new InvalidOperationException($"The fan-out does not add up: {run}.");
    }

    /// <summary>
    /// Where the time goes, in CPU time of this process per mail (wall time on shared cores mostly measures the neighbours),
    /// over 200 rows rendered twice (the second pass finds the charts and photos cached, as a long fan-out does): the
    /// whole render, then its parts — the claim's prefetch, Razor, PreMailer, the text part — and the MIME message written out.
    /// </summary>
    private static async Task RenderBreakdownAsync(ServiceProvider services, DemoDatabase database, List<int> adoptionIds, DateTimeOffset now)
    {
        await using var probe = services.CreateAsyncScope();
        var renderer = probe.ServiceProvider.GetRequiredService<IMailRenderer>();
        await using var db = await database.DbFactory.CreateDbContextAsync();
        var rows = await db.OutboxMails.AsNoTracking().Where(m => m.Kind == MailKinds.GrowthUpdate).OrderBy(m => m.Id).Take(200).ToListAsync();
        var cold = Cpu.Start();
        await renderer.PrepareAsync(rows);
        Console.WriteLine($"  prefetch of a 200-mail claim: {cold.Milliseconds:0.0} ms CPU");
        cold = Cpu.Start();
        foreach (var row in rows)
        {
            await renderer.RenderAsync(row);
        }

        Console.WriteLine($"  render, first pass in a new scope (charts from memory): {cold.Milliseconds / rows.Count:0.00} ms CPU a mail");
        var warm = Cpu.Start();
        var rendered = new List<RenderedMail>(rows.Count);
        foreach (var row in rows)
        {
            rendered.Add(await renderer.RenderAsync(row));
        }

        Console.WriteLine($"  render, charts and photos cached: {warm.Milliseconds / rows.Count:0.00} ms CPU a mail");
        var chartLabels = new ChartLabels("zh-CN", "公斤", day => day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        var part = Cpu.Start();
        for (var i = 0; i < rows.Count; i++)
        {
            GrowthChartImage.Render([new Core.Mail.WeightPoint(now.AddDays(-40), 35.5m + i), new Core.Mail.WeightPoint(now.AddDays(-2), 39.8m + i)], services.GetRequiredService<ProgrammeCalendar>(), chartLabels);
        }

        Console.WriteLine($"    (a chart PNG drawn: {part.Milliseconds / rows.Count:0.00} ms CPU)");
        part = Cpu.Start();
        foreach (var mail in rendered)
        {
            PreMailer.Net.PreMailer.MoveCssInline(mail.Html, removeStyleElements: true, stripIdAndClassAttributes: true, removeComments: true);
        }

        Console.WriteLine($"    PreMailer again on the inlined HTML: {part.Milliseconds / rows.Count:0.00} ms CPU");
        part = Cpu.Start();
        foreach (var mail in rendered)
        {
            MailText.FromHtml(mail.Html);
        }

        Console.WriteLine($"    text part from the HTML: {part.Milliseconds / rows.Count:0.00} ms CPU");
        var settings = new MailOptions();
        part = Cpu.Start();
        for (var i = 0; i < rows.Count; i++)
        {
            MailMessageFactory.Build(rows[i], rendered[i], settings, now).WriteTo(Stream.Null);
        }

        Console.WriteLine($"  MIME message built and written out: {part.Milliseconds / rows.Count:0.00} ms CPU a mail");
    }

    /// <summary>CPU time of this process since <see cref="Start"/>.</summary>
    private readonly record struct Cpu(TimeSpan Before)
    {
        public static Cpu Start() => new(Process.GetCurrentProcess().TotalProcessorTime);

        public double Milliseconds => (Process.GetCurrentProcess().TotalProcessorTime - Before).TotalMilliseconds;
    }

    private static ServiceProvider MailServices(DemoDatabase database)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddLocalization();
        collection.AddSingleton(HtmlEncoder.Create(UnicodeRanges.All));
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(ProgrammeCalendar.Beijing(TimeProvider.System));
        collection.AddSingleton(database.DbFactory);
        collection.AddSingleton(database.Services.GetRequiredService<Core.Storage.IFileStore>());
        collection.Configure<AppOptions>(o => o.PublicBaseUrl = "https://sheep.example.cn");
        collection.AddDataProtection().UseEphemeralDataProtectionProvider();
        collection.AddSingleton<UnsubscribeLinks>();
        collection.AddSingleton<IMailAttachmentSource, NoMailAttachments>();
        collection.AddScoped<MailContent>();
        collection.AddSingleton<MailImageCache>();
        collection.AddScoped<Core.Organisations.OrganisationMailContent>();
        collection.AddScoped<IMailRenderer, RazorMailRenderer>();
        return collection.BuildServiceProvider();
    }
}

/// <summary>Messages sent over one SMTP connection (the warm-up included) and what the server received.</summary>
public sealed record SmtpRun(int Sent, int Received);

/// <summary>
/// One fan-out: the growth updates written, the demo's own mails already pending, what the dispatcher reported sent, what
/// the SMTP server received, the growth-update rows marked sent and the rows left unsent.
/// </summary>
public sealed record FanOutRun(int Written, int DemoPending, int Sent, int Received, int GrowthUpdatesSent, int LeftUnsent, int Sheep, int ChartsDrawn)
{
    /// <summary>Counts add up, and each sheep's chart was drawn once (the demo's own mails draw none: they carry no chart).</summary>
    public bool IsConsistent => Sent == Written + DemoPending && Received == Sent && GrowthUpdatesSent == Written && LeftUnsent == 0 && ChartsDrawn == Sheep;
}

public sealed record MailLoadResult(SmtpRun Smtp, FanOutRun FanOut);
