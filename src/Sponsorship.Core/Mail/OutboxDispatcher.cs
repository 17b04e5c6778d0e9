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
/// (ahead of the sender, in claim order), sends them over one SMTP connection, and marks each row right after its send: a crash between send and mark resends at most that one mail, with the same Message-ID.
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

                await MarkSentAsync(row, claim, rendered.Subject);
                sent++;
            }
        }
        finally
        {
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

    private async Task MarkSentAsync(OutboxMail row, string claim, string subject)
    {
        var now = clock.GetUtcNow();
        var kept = subject.Length > OutboxMailConfiguration.MaxSubjectLength ? subject[..OutboxMailConfiguration.MaxSubjectLength] : subject;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);

        // Not cancellable: the mail is out, so the row must say so even if the app is stopping.
        await db.OutboxMails
            .Where(m => m.Id == row.Id && m.LeaseHolder == claim)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now)
                    .SetProperty(m => m.Attempts, row.Attempts + 1).SetProperty(m => m.LeaseHolder, (string?)null)
                    .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null)
                    .SetProperty(m => m.Subject, kept),
                CancellationToken.None);
    }

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
