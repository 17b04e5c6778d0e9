using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Organisations;

/// <summary>The invitation mail: which organisation, and the link that carries the invitation's secret.</summary>

public sealed record MemberRow(int Id, string Email, string DisplayName, MemberRole Role, DateTimeOffset InvitedAt, DateTimeOffset? JoinedAt);

public sealed record InvitationResult(bool Allowed, IReadOnlyList<string> Invited, IReadOnlyList<string> Invalid, IReadOnlyList<string> AlreadyMembers);

public sealed record InvitationPreview(string OrganisationName, string Email, bool Joined);

public enum JoinError
{
    None = 0,

    /// <summary>No invitation has this link (mistyped, or used already).</summary>
    NotFound,

    /// <summary>The invitation was sent to another address than this account's.</summary>
    OtherAccount,
}

/// <summary>
/// The contact invites people by e-mail; each gets a link with a random secret (only its SHA-256 is stored, as for gift
/// links) and joins with their own account — the account whose e-mail the invitation was sent to, so a forwarded link
/// lets nobody else in. Inviting an address again sends a new link and voids the old one.
/// </summary>
public sealed class OrganisationMembers(IDbContextFactory<SponsorshipDbContext> dbFactory, IOptions<AdoptionLinkOptions> links, TimeProvider clock)
{
    public const int MaxInvitationsAtOnce = 500;

    public static string JoinPath(string token) => $"organisations/join/{token}";

    public async Task<InvitationResult> InviteAsync(
        int organisationId, string userId, IEnumerable<string> emails, string culture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken))
        {
            return new InvitationResult(false, [], [], []);
        }

        var wanted = emails.Select(e => e.Trim()).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxInvitationsAtOnce).ToList();
        var invalid = wanted.Where(e => !Checkout.IsEmail(e)).ToList();
        var valid = wanted.Except(invalid).Select(e => e.ToLowerInvariant()).ToList();
        var existing = await db.OrganisationMembers.Where(m => m.OrganisationId == organisationId && valid.Contains(m.Email))
            .ToDictionaryAsync(m => m.Email, cancellationToken);
        var already = existing.Values.Where(m => m.JoinedAt is not null).Select(m => m.Email).ToList();
        var invited = new List<string>();
        foreach (var email in valid.Except(already))
        {
            var token = GiftClaims.NewToken();
            if (!existing.TryGetValue(email, out var member))
            {
                member = new OrganisationMember { OrganisationId = organisationId, Email = email, Role = MemberRole.Member };
                db.OrganisationMembers.Add(member);
            }

            member.InvitedAt = now;
            member.InvitationTokenHash = GiftClaims.Hash(token);
            Outbox.Queue(
                db, new OrganisationInvitationPayload(organisationId, links.Value.Absolute(JoinPath(token))), email, "",
                await Outbox.CultureOfAddressAsync(db, email, culture, cancellationToken), now,
                dedupeKey: $"org-invite:{organisationId}:{member.InvitationTokenHash[..16]}");
            invited.Add(email);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new InvitationResult(true, invited, invalid, already);
    }

    public async Task<InvitationPreview?> PreviewAsync(string token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = GiftClaims.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrganisationMembers.AsNoTracking().Where(m => m.InvitationTokenHash == hash)
            .Select(m => new InvitationPreview(m.Organisation.Name, m.Email, m.JoinedAt != null)).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Joins the organisation with the signed-in account, which must have the invited address.</summary>
    public async Task<(JoinError Error, int OrganisationId)> JoinAsync(string token, string userId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return (JoinError.NotFound, 0);
        }

        var hash = GiftClaims.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var member = await db.OrganisationMembers.SingleOrDefaultAsync(m => m.InvitationTokenHash == hash && m.JoinedAt == null, cancellationToken);
        if (member is null)
        {
            return (JoinError.NotFound, 0);
        }

        var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        if (!string.Equals(email, member.Email, StringComparison.OrdinalIgnoreCase))
        {
            return (JoinError.OtherAccount, 0);
        }

        // Conditional on the link still being unused, so two tabs joining at once join once.
        var rows = await db.OrganisationMembers.Where(m => m.Id == member.Id && m.JoinedAt == null && m.InvitationTokenHash == hash)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.UserId, userId).SetProperty(m => m.JoinedAt, clock.GetUtcNow())
                    .SetProperty(m => m.InvitationTokenHash, (string?)null),
                cancellationToken);
        return rows == 1 ? (JoinError.None, member.OrganisationId) : (JoinError.NotFound, 0);
    }

    /// <summary>The members, for the organisation's members (null for anyone else).</summary>
    public async Task<IReadOnlyList<MemberRow>?> ListAsync(int organisationId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken))
        {
            return null;
        }

        return await db.OrganisationMembers.AsNoTracking().Where(m => m.OrganisationId == organisationId)
            .OrderBy(m => m.Role).ThenBy(m => m.Email)
            .Select(m => new MemberRow(
                m.Id, m.Email, db.Users.Where(u => u.Id == m.UserId).Select(u => u.DisplayName).FirstOrDefault() ?? "", m.Role, m.InvitedAt, m.JoinedAt))
            .ToListAsync(cancellationToken);
    }
}
