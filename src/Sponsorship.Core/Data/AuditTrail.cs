using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Data;

/// <summary>
/// One change as people read it: who made it and what it was about, by name. <see cref="Subject"/> (Chinese) and
/// <see cref="SubjectLatin"/> name the record when its kind is one people know by a name (a household, a sheep, an
/// account…); both are null when the record is gone or has no name, and the page shows its number instead.
/// </summary>
public sealed record AuditRow(
    long Id, DateTimeOffset At, string ActorName, string ActorEmail, string Entity, string Key, AuditAction Action, string ChangedFields,
    string? Subject, string? SubjectLatin);

/// <summary>Which changes to list: by who made them (name or email, in part), the kind of record, and the programme days.</summary>
public sealed record AuditQuery(string? Person = null, string? Entity = null, DateOnly? From = null, DateOnly? To = null, int Page = 1)
{
    public const int PageSize = 25;
}

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page)
{
    public int PageCount => Math.Max(1, (Total + AuditQuery.PageSize - 1) / AuditQuery.PageSize);
}

/// <summary>The audit trail for administrators: newest first, filtered and paged in the database, with names.</summary>
public sealed class AuditTrail(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    /// <summary>The entity name the audit interceptor writes for a role granted to an account.</summary>
    public const string UserRoleEntity = "IdentityUserRole`1";

    public async Task<IReadOnlyList<AuditRow>> RecentAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await NameAsync(db, await Rows(db, db.AuditEntries).Take(count).ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>The kinds of record the trail has entries for, for the page's filter.</summary>
    public async Task<IReadOnlyList<string>> EntitiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Select(e => e.Entity).Distinct().OrderBy(e => e).ToListAsync(cancellationToken);
    }

    public async Task<AuditPage?> PageAsync(string adminUserId, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var entries = db.AuditEntries.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query.Entity))
        {
            entries = entries.Where(e => e.Entity == query.Entity);
        }

        if (query.From is { } from)
        {
            var start = calendar.StartOf(from);
            entries = entries.Where(e => e.At >= start);
        }

        if (query.To is { } to)
        {
            var end = calendar.StartOf(to.AddDays(1));
            entries = entries.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(query.Person))
        {
            var like = Programme.ConsoleSearch.Like(query.Person.Trim().ToUpperInvariant());
            var people = db.Users.Where(u => EF.Functions.Like(u.NormalizedEmail!, like, "\\") || EF.Functions.Like(u.DisplayName.ToUpper(), like, "\\"))
                .Select(u => u.Id);
            entries = entries.Where(e => people.Contains(e.UserId));
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + AuditQuery.PageSize - 1) / AuditQuery.PageSize));
        var rows = await Rows(db, entries).Skip((page - 1) * AuditQuery.PageSize).Take(AuditQuery.PageSize).ToListAsync(cancellationToken);
        return new AuditPage(await NameAsync(db, rows, cancellationToken), total, page);
    }

    private static IQueryable<AuditRow> Rows(SponsorshipDbContext db, IQueryable<AuditEntry> entries) =>
        from entry in entries.AsNoTracking()
        join user in db.Users on entry.UserId equals user.Id into users
        from user in users.DefaultIfEmpty()
        orderby entry.Id descending
        select new AuditRow(
            entry.Id, entry.At, user.DisplayName ?? "", user.Email ?? entry.UserId, entry.Entity, entry.Key, entry.Action, entry.ChangedFields, null, null);

    /// <summary>Looks up the names of the records a page of rows is about: one query per kind of record on the page.</summary>
    private static async Task<IReadOnlyList<AuditRow>> NameAsync(SponsorshipDbContext db, List<AuditRow> rows, CancellationToken cancellationToken)
    {
        var names = new Dictionary<(string Entity, string Key), (string Chinese, string Latin)>();
        foreach (var kind in rows.GroupBy(r => r.Entity))
        {
            var keys = kind.Select(r => r.Key).Distinct().ToList();
            var ids = keys.Select(k => int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
            var longIds = keys.Select(k => long.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToList();
            IEnumerable<(string Key, string Chinese, string Latin)> found = kind.Key switch
            {
                nameof(HerderHousehold) => (await db.Households.Where(h => ids.Contains(h.Id)).Select(h => new { h.Id, h.HeadName, h.HeadNameLatin }).ToListAsync(cancellationToken))
                    .Select(h => (Key(h.Id), h.HeadName + "家", h.HeadNameLatin + " household")),
                nameof(Sheep) => (await db.Sheep.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
                    .Select(s => (Key(s.Id), s.Name, s.Name)),
                nameof(Village) => (await db.Villages.Where(v => ids.Contains(v.Id)).Select(v => new { v.Id, v.Name, v.NameLatin }).ToListAsync(cancellationToken))
                    .Select(v => (Key(v.Id), v.Name, v.NameLatin)),
                nameof(AdoptionPlan) => (await db.AdoptionPlans.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.NameZh, p.NameEn }).ToListAsync(cancellationToken))
                    .Select(p => (Key(p.Id), p.NameZh, p.NameEn)),
                nameof(Adoption) => (await db.Adoptions.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.Sheep.Name }).ToListAsync(cancellationToken))
                    .Select(a => (Key(a.Id), a.Name, a.Name)),
                nameof(Payment) => (await db.Payments.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.ProviderReference }).ToListAsync(cancellationToken))
                    .Select(p => (Key(p.Id), p.ProviderReference, p.ProviderReference)),
                nameof(PayoutBatch) => (await db.PayoutBatches.Where(b => ids.Contains(b.Id)).Select(b => new { b.Id, b.Reference }).ToListAsync(cancellationToken))
                    .Select(b => (Key(b.Id), b.Reference, b.Reference)),
                nameof(AnimalLog) => (await db.AnimalLogs.Where(l => longIds.Contains(l.Id)).Select(l => new { l.Id, l.Sheep.Name }).ToListAsync(cancellationToken))
                    .Select(l => (l.Id.ToString(CultureInfo.InvariantCulture), l.Name, l.Name)),
                nameof(Organisations.Organisation) => (await db.Organisations.Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(cancellationToken))
                    .Select(o => (Key(o.Id), o.Name, o.Name)),
                nameof(ApplicationUser) => (await db.Users.Where(u => keys.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
                    .Select(u => (u.Id, Person(u.DisplayName, u.Email), Person(u.DisplayName, u.Email))),
                UserRoleEntity => await RolesAsync(db, keys, cancellationToken),
                _ => [],
            };
            foreach (var (key, chinese, latin) in found)
            {
                names[(kind.Key, key)] = (chinese, latin);
            }
        }

        return [.. rows.Select(r => names.TryGetValue((r.Entity, r.Key), out var name) ? r with { Subject = name.Chinese, SubjectLatin = name.Latin } : r)];
    }

    /// <summary>A role grant's key is "user id/role id": named as the account and the role.</summary>
    private static async Task<IEnumerable<(string, string, string)>> RolesAsync(SponsorshipDbContext db, List<string> keys, CancellationToken cancellationToken)
    {
        var pairs = keys.Select(k => k.Split('/')).Where(p => p.Length == 2).ToList();
        var userIds = pairs.Select(p => p[0]).Distinct().ToList();
        var roleIds = pairs.Select(p => p[1]).Distinct().ToList();
        var users = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => Person(u.DisplayName, u.Email), cancellationToken);
        var roles = await db.Roles.Where(r => roleIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Name ?? "", cancellationToken);
        return pairs.Where(p => users.ContainsKey(p[0]) && roles.ContainsKey(p[1]))
            .Select(p => ($"{p[0]}/{p[1]}", $"{users[p[0]]} · {roles[p[1]]}", $"{users[p[0]]} · {roles[p[1]]}"));
    }

    private static string Person(string displayName, string? email) =>
        string.IsNullOrWhiteSpace(displayName) ? email ?? "" : displayName;

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
