using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>A real SMTP server (the SmtpServer package) in the test process that keeps what it receives.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<byte[]> received = new();
    private MailCatcher? catcher;

    public int Port { get; private set; }

    public IReadOnlyList<MimeMessage> Messages => [.. received.Select(bytes => MimeMessage.Load(new MemoryStream(bytes)))];

    public int Count => received.Count;

    public static async Task<TestSmtpServer> StartAsync(int port = 0)
    {
        var server = new TestSmtpServer();
        await server.ListenAsync(port);
        return server;
    }

    /// <summary>A loopback port nothing listens on (yet).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async Task ListenAsync(int port)
    {
        catcher = new MailCatcher(port, (bytes, _) =>
        {
            received.Enqueue(bytes);
            return Task.CompletedTask;
        });
        await catcher.StartAsync();
        Port = catcher.Port;
    }

    public async Task StopAsync()
    {
        if (catcher is not null)
        {
            await catcher.StopAsync();
            catcher = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>
/// A renderer with fixed content for dispatcher tests: a small HTML and text body, a PNG inline by CID and a PDF
/// attached, each with bytes derived from the row id so their checksums can be compared after the round trip.
/// </summary>
public sealed class FixedRenderer : IMailRenderer
{
    public static byte[] Png(long id) => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. RandomBytes(id, 2048)];

    public static byte[] Pdf(long id) =>
        [.. "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8.ToArray(), .. RandomBytes(id + 1_000_000, 20_000), .. "\n%%EOF\n"u8.ToArray()];

    public static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    public Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default) =>
        Task.FromResult(new RenderedMail($"Mail {mail.Id} 你好", $"<p>Mail {mail.Id} 你好</p><img src=\"cid:chart@test\">", $"Mail {mail.Id} 你好")
        {
            InlineImages = [new MailPart("chart.png", "image/png", Png(mail.Id), "chart@test")],
            Attachments = [new MailPart("certificate.pdf", "application/pdf", Pdf(mail.Id))],
            UnsubscribeUrl = $"https://example.test/mail/unsubscribe/one-click?t={mail.Id}",
        });

    private static byte[] RandomBytes(long seed, int length)
    {
        var bytes = new byte[length];
        new Random((int)seed).NextBytes(bytes);
        return bytes;
    }
}

public static class MailTestKit
{
    public static MailOptions Options(int port, int batchSize = 50, int maxAttempts = 5, int markSentEvery = 25) => new()
    {
        MarkSentEvery = markSentEvery,
        Enabled = true,
        Host = "127.0.0.1",
        Port = port,
        TlsMode = MailTlsMode.None,
        FromAddress = "no-reply@sponsorship.test",
        FromName = "我在草原有只羊",
        BatchSize = batchSize,
        MaxAttempts = maxAttempts,
        LeaseSeconds = 300,
        RetryBaseSeconds = 30,
    };

    public static OutboxDispatcher Dispatcher(IDbContextFactory<SponsorshipDbContext> dbFactory, MailOptions options, TimeProvider clock, IMailRenderer? renderer = null)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        return new OutboxDispatcher(dbFactory, renderer ?? new FixedRenderer(), new SmtpMailTransport(wrapped), wrapped, clock, NullLogger<OutboxDispatcher>.Instance);
    }

    public static async Task<List<OutboxMail>> QueueAsync(TestDatabase database, int count, string kind = MailKinds.ConfirmEmail)
    {
        await using var db = await database.CreateDbContextAsync();
        var mails = Enumerable.Range(0, count)
            .Select(i => Outbox.Queue(db, new ConfirmEmailPayload($"https://example.test/{i}"), $"sponsor{i}@example.test", $"赞助人 {i}", "zh-CN", database.Clock.GetUtcNow()))
            .ToList();
        mails.ForEach(m => m.Kind = kind);
        await db.SaveChangesAsync();
        return mails;
    }

    public static async Task<List<OutboxMail>> RowsAsync(TestDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.OutboxMails.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>A second, independent context factory over the same database (as another app instance has).</summary>
    public static IDbContextFactory<SponsorshipDbContext> FactoryFor(TestDatabase database, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        new OptionsFactory(database.ContextOptions(interceptors));

    private sealed class OptionsFactory(DbContextOptions<SponsorshipDbContext> options) : IDbContextFactory<SponsorshipDbContext>
    {
        public SponsorshipDbContext CreateDbContext() => new(options);
    }
}
