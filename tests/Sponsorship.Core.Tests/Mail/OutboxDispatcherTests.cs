using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MimeKit;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>The dispatcher against a real SMTP server in the test process and a real SQLite file.</summary>
public class OutboxDispatcherTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();
    private long longSubjectId;

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    [Fact]
    public async Task A_mail_round_trips_with_its_inline_image_and_pdf_intact_and_its_own_message_id()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var queued = await MailTestKit.QueueAsync(database, 1);

        var result = await MailTestKit.Dispatcher(database.DbFactory, MailTestKit.Options(smtp.Port), database.Clock).DispatchOnceAsync();

        Assert.Equal(1, result.Sent);
        var message = Assert.Single(smtp.Messages);
        var row = Assert.Single(await MailTestKit.RowsAsync(database));
        Assert.Equal(row.MessageId, message.MessageId);
        Assert.Equal(queued[0].MessageId, message.MessageId);
        Assert.Equal($"Mail {row.Id} 你好", message.Subject);
        Assert.Contains("你好", message.TextBody, StringComparison.Ordinal);
        Assert.Equal("<https://example.test/mail/unsubscribe/one-click?t=" + row.Id + ">", message.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);

        var image = Assert.Single(message.BodyParts.OfType<MimePart>(), p => p.ContentId == "chart@test");
        Assert.Equal(FixedRenderer.Sha256(FixedRenderer.Png(row.Id)), FixedRenderer.Sha256(Decode(image)));
        var pdf = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal("certificate.pdf", pdf.FileName);
        Assert.Equal(FixedRenderer.Sha256(FixedRenderer.Pdf(row.Id)), FixedRenderer.Sha256(Decode(pdf)));

        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(database.Clock.GetUtcNow(), row.SentAt);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LeaseHolder);
    }

    [Fact]
    public async Task While_smtp_is_down_nothing_is_lost_and_everything_goes_once_it_is_back()
    {
        var port = TestSmtpServer.FreePort();
        var queued = await MailTestKit.QueueAsync(database, 5);
        var dispatcher = MailTestKit.Dispatcher(database.DbFactory, MailTestKit.Options(port), database.Clock);

        var down = await dispatcher.DispatchOnceAsync();
        Assert.Equal(new DispatchResult(5, 0, 5, 0), down);
        var waiting = await MailTestKit.RowsAsync(database);
        Assert.All(waiting, m =>
        {
            Assert.Equal(OutboxStatus.Pending, m.Status);
            Assert.Equal(1, m.Attempts);
            Assert.Equal(database.Clock.GetUtcNow().AddSeconds(30), m.NextAttemptAt);
            Assert.StartsWith("SMTP", m.LastError, StringComparison.Ordinal);
            Assert.Null(m.LeaseHolder);
        });

        // Still down at the first retry: the next wait doubles.
        database.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(5, (await dispatcher.DispatchOnceAsync()).Retrying);
        Assert.All(await MailTestKit.RowsAsync(database), m => Assert.Equal(database.Clock.GetUtcNow().AddSeconds(60), m.NextAttemptAt));
        Assert.Equal(0, (await dispatcher.DispatchOnceAsync()).Claimed);

        await using var smtp = await TestSmtpServer.StartAsync(port);
        database.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(5, await dispatcher.DrainAsync());

        Assert.Equal(queued.Select(m => m.MessageId).Order(), smtp.Messages.Select(m => m.MessageId).Order());
        Assert.All(await MailTestKit.RowsAsync(database), m => Assert.Equal((OutboxStatus.Sent, 3), (m.Status, m.Attempts)));
    }

    [Fact]
    public async Task After_max_attempts_a_mail_is_failed_and_stays_failed()
    {
        var port = TestSmtpServer.FreePort();
        await MailTestKit.QueueAsync(database, 1);
        var dispatcher = MailTestKit.Dispatcher(database.DbFactory, MailTestKit.Options(port, maxAttempts: 2), database.Clock);

        Assert.Equal(1, (await dispatcher.DispatchOnceAsync()).Retrying);
        database.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await dispatcher.DispatchOnceAsync()).Failed);

        var row = Assert.Single(await MailTestKit.RowsAsync(database));
        Assert.Equal((OutboxStatus.Failed, 2), (row.Status, row.Attempts));
        Assert.NotNull(row.LastError);
        await using var smtp = await TestSmtpServer.StartAsync(port);
        database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await dispatcher.DispatchOnceAsync()).Claimed);
    }

    [Fact]
    public async Task A_dispatcher_killed_between_sends_and_their_set_based_mark_loses_nothing_and_resends_only_that_group_with_the_same_message_ids()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var queued = await MailTestKit.QueueAsync(database, 5);
        var options = MailTestKit.Options(smtp.Port, markSentEvery: 2);
        var crashing = MailTestKit.Dispatcher(MailTestKit.FactoryFor(database, new CrashOnMarkSent()), options, database.Clock);

        await Assert.ThrowsAsync<ProcessKilledException>(() => crashing.DispatchOnceAsync());
        Assert.Equal(2, smtp.Count);
        Assert.All(await MailTestKit.RowsAsync(database), m => Assert.Equal(OutboxStatus.Pending, m.Status));

        // The dead instance's lease runs out; another instance takes the rows over.
        var survivor = MailTestKit.Dispatcher(database.DbFactory, options, database.Clock);
        Assert.Equal(0, (await survivor.DispatchOnceAsync()).Claimed);
        database.Clock.Advance(TimeSpan.FromSeconds(options.LeaseSeconds + 1));
        Assert.Equal(5, await survivor.DrainAsync());

        var ids = smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(7, ids.Count);
        var duplicates = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToList();
        Assert.Equal(queued.Take(2).Select(m => m.MessageId).Order(), duplicates);
        Assert.All(ids.GroupBy(id => id), g => Assert.InRange(g.Count(), 1, 2));
        Assert.Equal(queued.Select(m => m.MessageId).Order(), ids.Distinct().Order());
        Assert.All(await MailTestKit.RowsAsync(database), m => Assert.Equal((OutboxStatus.Sent, 1), (m.Status, m.Attempts)));
    }

    [Fact]
    public async Task Mails_marked_sent_a_group_at_a_time_each_keep_their_own_subject_and_count_their_own_attempts()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var queued = await MailTestKit.QueueAsync(database, 7);
        var retried = queued.Take(2).Select(m => m.Id).ToList();
        longSubjectId = queued[^1].Id;
        await using (var db = await database.CreateDbContextAsync())
        {
            // Two of them failed once before (the relay was down): this try is their second.
            await db.OutboxMails.Where(m => retried.Contains(m.Id)).ExecuteUpdateAsync(set => set.SetProperty(m => m.Attempts, 1).SetProperty(m => m.LastError, "SMTP: down"));
        }

        var renderer = new SubjectRenderer(SubjectOf);
        var result = await MailTestKit.Dispatcher(database.DbFactory, MailTestKit.Options(smtp.Port, markSentEvery: 3), database.Clock, renderer).DispatchOnceAsync();

        Assert.Equal(new DispatchResult(7, 7, 0, 0), result);
        Assert.Equal(7, smtp.Count);
        Assert.All(await MailTestKit.RowsAsync(database), m =>
        {
            Assert.Equal(OutboxStatus.Sent, m.Status);
            var subject = SubjectOf(m.Id);
            Assert.Equal(subject.Length > 256 ? subject[..256] : subject, m.Subject);
            Assert.Equal(retried.Contains(m.Id) ? 2 : 1, m.Attempts);
            Assert.Null(m.LastError);
            Assert.Equal(database.Clock.GetUtcNow(), m.SentAt);
            Assert.Null(m.LeaseHolder);
            Assert.Null(m.LeaseUntil);
        });
    }

    [Fact]
    public async Task Two_dispatchers_over_one_database_file_send_each_mail_exactly_once()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var queued = await MailTestKit.QueueAsync(database, 60);
        var options = MailTestKit.Options(smtp.Port, batchSize: 7);
        var first = MailTestKit.Dispatcher(MailTestKit.FactoryFor(database), options, database.Clock);
        var second = MailTestKit.Dispatcher(MailTestKit.FactoryFor(database), options, database.Clock);

        var sent = await Task.WhenAll(Task.Run(() => first.DrainAsync()), Task.Run(() => second.DrainAsync()));

        Assert.Equal(60, sent.Sum());
        var ids = smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(60, ids.Count);
        Assert.Equal(queued.Select(m => m.MessageId).Order(), ids.Order());
        Assert.All(await MailTestKit.RowsAsync(database), m => Assert.Equal((OutboxStatus.Sent, 1), (m.Status, m.Attempts)));
    }

    [Fact]
    public async Task A_mail_that_cannot_be_rendered_fails_at_once_and_the_rest_of_the_batch_goes()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await MailTestKit.QueueAsync(database, 2);
        await MailTestKit.QueueAsync(database, 1, kind: "NoSuchKind");
        var dispatcher = MailTestKit.Dispatcher(database.DbFactory, MailTestKit.Options(smtp.Port), database.Clock, new RefusingRenderer(new FixedRenderer()));

        var result = await dispatcher.DispatchOnceAsync();

        Assert.Equal(new DispatchResult(3, 2, 0, 1), result);
        var failed = Assert.Single(await MailTestKit.RowsAsync(database), m => m.Status == OutboxStatus.Failed);
        Assert.Equal("NoSuchKind", failed.Kind);
        Assert.Equal(2, smtp.Count);
    }

    [Fact]
    public void Mail_enabled_without_a_host_is_refused_naming_the_setting()
    {
        var validator = new MailOptionsValidator();
        var result = validator.Validate(null, new MailOptions { Enabled = true, Host = "" });
        Assert.True(result.Failed);
        Assert.Contains("Mail:Host", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new MailOptions { Enabled = true, Catcher = { Enabled = true } }).Succeeded);
        Assert.True(validator.Validate(null, new MailOptions { Enabled = false }).Succeeded);
        Assert.True(validator.Validate(null, new MailOptions { Enabled = true, Host = "smtp.example.test" }).Succeeded);
    }

    private static byte[] Decode(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content!.DecodeTo(buffer);
        return buffer.ToArray();
    }

    private sealed class ProcessKilledException() : Exception("The process died here.");

    /// <summary>Kills the "process" when it tries to record that a mail was sent: the mail is out, the row says pending.</summary>
    private sealed class CrashOnMarkSent : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("\"SentAt\"", StringComparison.Ordinal) ? throw new ProcessKilledException() : ValueTask.FromResult(result);
    }

    /// <summary>Every third mail shares one subject, the last has one longer than the column; the rest their own.</summary>
    private string SubjectOf(long id) =>
        id % 3 == 0 ? "羊羊的新消息" : id == longSubjectId ? new string('草', 300) : $"Mail {id} 你好";

    private sealed class SubjectRenderer(Func<long, string> subject) : IMailRenderer
    {
        private readonly FixedRenderer inner = new();

        public async Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default) =>
            await inner.RenderAsync(mail, cancellationToken) with { Subject = subject(mail.Id) };
    }

    private sealed class RefusingRenderer(IMailRenderer inner) : IMailRenderer
    {
        public Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default) =>
            mail.Kind == MailKinds.ConfirmEmail ? inner.RenderAsync(mail, cancellationToken) : throw new MailNotRenderableException($"No template for {mail.Kind}.");
    }
}
