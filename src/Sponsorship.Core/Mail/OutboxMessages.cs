using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Mail;

/// <summary>One mail of the outbox as the office reads it: what, to whom, and how sending it went.</summary>
public sealed record OutboxRow(
    long Id, string Kind, string ToEmail, string? Subject, OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    string? LastError);

/// <summary>What the outbox list can be ordered by.</summary>
public enum OutboxSort
{
    Queued,
    Attempts,
}

/// <summary>
/// One page of the outbox: 1-based <paramref name="Page"/> of <paramref name="Size"/> mails, ordered by
/// <paramref name="Sort"/>; only those in <paramref name="Status"/>, of <paramref name="Kind"/>, and whose address or
/// subject contains <paramref name="Search"/>. A filter left null lets everything through.
/// </summary>
public sealed record OutboxQuery(
    int Page = 1, int Size = 25, OutboxSort Sort = OutboxSort.Queued, bool Descending = true, OutboxStatus? Status = null, string? Kind = null,
    string? Search = null)
{
    public const int MaxSize = 200;
}

public sealed record OutboxPage(IReadOnlyList<OutboxRow> Rows, int Total);

/// <summary>Every mail the app has queued, for administrators: paged, ordered and filtered in the database.</summary>
public sealed class OutboxMessages(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>Null unless the caller is an administrator.</summary>
    public async Task<OutboxPage?> PageAsync(string adminUserId, OutboxQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var mails = db.OutboxMails.AsNoTracking();
        if (query.Status is { } status)
        {
            mails = mails.Where(m => m.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Kind))
        {
            mails = mails.Where(m => m.Kind == query.Kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var like = Programme.ConsoleSearch.Like(query.Search.Trim().ToUpperInvariant());
            mails = mails.Where(m => EF.Functions.Like(m.ToEmail.ToUpper(), like, "\\") || EF.Functions.Like(m.Subject!.ToUpper(), like, "\\"));
        }

        var total = await mails.CountAsync(cancellationToken);
        var ordered = (query.Sort, query.Descending) switch
        {
            (OutboxSort.Attempts, false) => mails.OrderBy(m => m.Attempts).ThenBy(m => m.Id),
            (OutboxSort.Attempts, true) => mails.OrderByDescending(m => m.Attempts).ThenByDescending(m => m.Id),
            (_, false) => mails.OrderBy(m => m.Id),
            _ => mails.OrderByDescending(m => m.Id),
        };
        var size = Math.Clamp(query.Size, 1, OutboxQuery.MaxSize);
        var skip = (Math.Max(1, query.Page) - 1) * size;
        var rows = await ordered.Skip(skip).Take(size)
            .Select(m => new OutboxRow(m.Id, m.Kind, m.ToEmail, m.Subject, m.Status, m.Attempts, m.CreatedAt, m.SentAt, m.LastError))
            .ToListAsync(cancellationToken);
        return new OutboxPage(rows, total);
    }
}
