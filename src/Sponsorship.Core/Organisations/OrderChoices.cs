using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Organisations;

/// <summary>Sheep found by the ear tags the contact copied from the catalogue, and the tags that name no free sheep.</summary>
public sealed record ChosenSheep(IReadOnlyList<int> SheepIds, IReadOnlyList<string> NotFound);

/// <summary>What the order form needs besides the plans: the organisation as its contact sees it, how many sheep are free, sheep by ear tag, members to give to.</summary>
public sealed class OrderChoices(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public sealed record OrderingOrganisation(int Id, string Name, OrganisationStatus Status, IReadOnlyList<string> MemberEmails);

    /// <summary>The organisation, for its contact only (null otherwise), with its members' addresses for gifts.</summary>
    public async Task<OrderingOrganisation?> ForContactAsync(int organisationId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken))
        {
            return null;
        }

        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == organisationId, cancellationToken);
        var members = await db.OrganisationMembers.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.JoinedAt != null && m.Role == MemberRole.Member)
            .OrderBy(m => m.Email).Select(m => m.Email).ToListAsync(cancellationToken);
        return new OrderingOrganisation(organisation.Id, organisation.Name, organisation.Status, members);
    }

    public async Task<int> FreeSheepAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return (await OrderSheep.FreeAsync(db, cancellationToken)).Count;
    }

    /// <summary>Living sheep wearing these national ear tags now; tags that are malformed or name no living sheep come back.</summary>
    public async Task<ChosenSheep> ByEarTagsAsync(IEnumerable<string> earTags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(earTags);
        var tags = earTags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var valid = tags.Where(t => EarTag.TryParse(t, out _, out _)).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.IdTags.AsNoTracking()
            .Where(IdTag.IsCurrentEarTag)
            .Where(t => valid.Contains(t.Value) && db.Sheep.Any(s => s.Id == t.SheepId && s.ArchivedAt == null))
            .Select(t => new { t.Value, t.SheepId }).ToListAsync(cancellationToken);
        var byTag = found.ToDictionary(t => t.Value, t => t.SheepId, StringComparer.Ordinal);
        return new ChosenSheep([.. tags.Where(byTag.ContainsKey).Select(t => byTag[t])], [.. tags.Where(t => !byTag.ContainsKey(t))]);
    }
}
