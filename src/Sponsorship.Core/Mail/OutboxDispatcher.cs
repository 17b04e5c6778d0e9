using System.Linq.Expressions;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Core.Mail;

/// <summary>What one dispatch round did.</summary>
public sealed record DispatchResult(int Claimed, int Sent, int Retrying, int Failed);

/// <summary>
/// Sends the outbox. One round claims a batch of due rows with a lease (a conditional UPDATE, so two instances never
/// hold the same row), reads what they need in a few queries, renders them in their recipients' languages on all cores
/// (ahead of the sender, in claim order), sends them over one SMTP connection, and marks the sent rows with one UPDATE
/// every <see cref="MailOptions.MarkSentEvery"/> mails and at the end of the batch: a crash between a send and its mark
/// resends at most those few mails (with the same Message-ID, so a receiving server can drop the copy), never loses one.
/// Connection trouble is transient (retried with exponential backoff); a 5xx answer for the mail itself, an
/// unrenderable mail, or <see cref="MailOptions.MaxAttempts"/> failed tries mark it Failed for the administrators.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<SponsorshipDbContext> dbFactory,
    IMailRenderer renderer,
    SmtpMailTransport transport,
    IOptions<MailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    public async Task<DispatchResult> DispatchOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var claim = Guid.NewGuid().ToString("N");
        var rows = await ClaimAsync(claim, settings, cancellationToken);
        if (rows.Count == 0)
        {
            return new DispatchResult(0, 0, 0, 0);
        }

        int sent = 0, retrying = 0, failed = 0;
        SmtpClient? client = null;
        var unmarked = new List<(OutboxMail Row, string Subject)>();
        using var stopRendering = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await renderer.PrepareAsync(rows, cancellationToken);
        var renders = RenderAhead(rows, stopRendering.Token);
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                RenderedMail rendered;
                try
                {
                    rendered = await renders[i];
                }
                catch (MailNotRenderableException e)
                {
                    await FailAsync(row, claim, e.Message, permanent: true, settings);
                    failed++;
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Rendering outbox mail {Id} ({Kind}) failed", row.Id, row.Kind);
                    if (await FailAsync(row, claim, "Render: " + e.Message, permanent: false, settings))
                    {
                        failed++;
                    }
                    else
                    {
                        retrying++;
                    }

                    continue;
                }

                try
                {
                    client ??= await transport.ConnectAsync(cancellationToken);
                    var message = MailMessageFactory.Build(row, rendered, settings, clock.GetUtcNow());
                    await client.SendAsync(message, cancellationToken);
                }
                catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
                {
                    // The server refused this mail for good (unknown recipient, message refused): do not try again.
                    await FailAsync(row, claim, $"SMTP {(int)e.StatusCode}: {e.Message}", permanent: true, settings);
                    failed++;
                    continue;
                }
                catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException)
                {
                    // The connection is the problem: this row and the rest of the batch wait for the next try.
                    await MarkSentAsync(unmarked, claim);
                    logger.LogWarning("Sending mail failed ({Message}); {Count} mails will be retried", LogMasking.Emails(e.Message), rows.Count - i);
                    foreach (var waiting in rows.Skip(i))
                    {
                        if (await FailAsync(waiting, claim, "SMTP: " + e.Message, permanent: false, settings))
                        {
                            failed++;
                        }
                        else
                        {
                            retrying++;
                        }
                    }

                    break;
                }

                unmarked.Add((row, rendered.Subject));
                sent++;
                if (unmarked.Count >= settings.MarkSentEvery)
                {
                    await MarkSentAsync(unmarked, claim);
                }
            }
        }
        finally
        {
            // The mails are out, so their rows must say so, even when the app is stopping.
            await MarkSentAsync(unmarked, claim);
            // After a broken connection the rest of the batch waits for its retry: its renders are not needed.
            await stopRendering.CancelAsync();
            await Task.WhenAll(renders.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
            if (client is not null)
            {
                await QuitAsync(client);
            }
        }

        return new DispatchResult(rows.Count, sent, retrying, failed);
    }

    /// <summary>Starts every row's render, as many at once as there are cores; the sender awaits them in claim order.</summary>
    private Task<RenderedMail>[] RenderAhead(List<OutboxMail> rows, CancellationToken cancellationToken)
    {
        var cores = new SemaphoreSlim(Environment.ProcessorCount);
        var renders = rows.Select(row => Task.Run(
            async () =>
            {
                await cores.WaitAsync(cancellationToken);
                try
                {
                    return await renderer.RenderAsync(row, cancellationToken);
                }
                finally
                {
                    cores.Release();
                }
            },
            cancellationToken)).ToArray();
        _ = Task.WhenAll(renders).ContinueWith(_ => cores.Dispose(), TaskScheduler.Default);
        return renders;
    }

    /// <summary>Rounds until nothing is due (for tests, benchmarks and a backlog); returns how many mails were sent.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var round = await DispatchOnceAsync(cancellationToken);
            total += round.Sent;
            if (round.Claimed == 0)
            {
                return total;
            }
        }
    }

    private async Task<List<OutboxMail>> ClaimAsync(string claim, MailOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await db.OutboxMails.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LeaseUntil == null || m.LeaseUntil < now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        // The condition is checked again by the UPDATE itself: of two instances that chose the same rows, each row
        // goes to whichever update ran first; the other sees it leased and skips it.
        var leaseUntil = now.AddSeconds(settings.LeaseSeconds);
        await db.OutboxMails
            .Where(m => candidates.Contains(m.Id) && m.Status == OutboxStatus.Pending && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseHolder, claim).SetProperty(m => m.LeaseUntil, leaseUntil), cancellationToken);
        return await db.OutboxMails.AsNoTracking()
            .Where(m => m.LeaseHolder == claim && m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the sent rows with one UPDATE (each row's own subject chosen by a CASE over the ids) and empties the list
    /// first, so a mark that fails is not tried again for rows it may have half seen. Only rows this claim still holds.
    /// </summary>
    private async Task MarkSentAsync(List<(OutboxMail Row, string Subject)> unmarked, string claim)
    {
        if (unmarked.Count == 0)
        {
            return;
        }

        var marking = unmarked.ToList();
        unmarked.Clear();
        var now = clock.GetUtcNow();
        var ids = marking.Select(m => m.Row.Id).ToList();
        var subject = SubjectOf(marking);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);

        // Not cancellable: the mails are out, so the rows must say so even if the app is stopping.
        await db.OutboxMails
            .Where(m => ids.Contains(m.Id) && m.LeaseHolder == claim)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now)
                    .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LeaseHolder, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.Subject, subject),
                CancellationToken.None);
    }

    /// <summary>
    /// <c>CASE WHEN Id IN (…) THEN @subject1 WHEN Id IN (…) THEN @subject2 … END</c>: one branch per distinct subject (many
    /// mails of one fan-out share one), the ids and subjects as parameters (held by <see cref="SubjectGroup"/> objects, which
    /// EF reads as parameters rather than inlining them), so the statement's shape depends only on the number of subjects.
    /// </summary>
    private static Expression<Func<OutboxMail, string?>> SubjectOf(List<(OutboxMail Row, string Subject)> marking)
    {
        var mail = Expression.Parameter(typeof(OutboxMail), "m");
        Expression body = Expression.Property(mail, nameof(OutboxMail.Subject));
        var contains = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Contains) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(long));
        foreach (var group in marking.GroupBy(m => Kept(m.Subject), m => m.Row.Id).Reverse())
        {
            var holder = Expression.Constant(new SubjectGroup(group.ToList(), group.Key));
            body = Expression.Condition(
                Expression.Call(contains, Expression.Property(holder, nameof(SubjectGroup.Ids)), Expression.Property(mail, nameof(OutboxMail.Id))),
                Expression.Property(holder, nameof(SubjectGroup.Subject)),
                body);
        }

        return Expression.Lambda<Func<OutboxMail, string?>>(body, mail);
    }

    private static string Kept(string subject) =>
        subject.Length > OutboxMailConfiguration.MaxSubjectLength ? subject[..OutboxMailConfiguration.MaxSubjectLength] : subject;

    private sealed record SubjectGroup(List<long> Ids, string Subject);

    /// <summary>Records a failed try; true when the mail is now Failed for good.</summary>
    private async Task<bool> FailAsync(OutboxMail row, string claim, string error, bool permanent, MailOptions settings)
    {
        var now = clock.GetUtcNow();
        var attempts = row.Attempts + 1;
        var final = permanent || attempts >= settings.MaxAttempts;
        var text = error.Length > 2000 ? error[..2000] : error;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.OutboxMails
            .Where(m => m.Id == row.Id && m.LeaseHolder == claim)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Status, final ? OutboxStatus.Failed : OutboxStatus.Pending)
                    .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LastError, text)
                    .SetProperty(m => m.NextAttemptAt, final ? row.NextAttemptAt : now + settings.RetryDelay(attempts))
                    .SetProperty(m => m.LeaseHolder, (string?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null),
                CancellationToken.None);
        if (final)
        {
            logger.LogError(
                "Outbox mail {Id} ({Kind}) to {To} failed for good after {Attempts} attempts: {Error}",
                row.Id, row.Kind, LogMasking.Email(row.ToEmail), attempts, LogMasking.Emails(text));
        }

        return final;
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException)
        {
            // The batch is done; a connection that breaks on QUIT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}
