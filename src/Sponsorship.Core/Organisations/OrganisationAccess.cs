using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// Who may do what with an organisation, checked by every use case: its members see it, its contact acts for it, and
/// administrators see every organisation. Anyone else finds nothing (pages answer 404, not 403).
/// </summary>
public static class OrganisationAccess
{
    public static Task<MemberRole?> RoleAsync(SponsorshipDbContext db, int organisationId, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.OrganisationMembers.AsNoTracking()
            .Where(m => m.OrganisationId == organisationId && m.UserId == userId && m.JoinedAt != null)
            .Select(m => (MemberRole?)m.Role).FirstOrDefaultAsync(cancellationToken);
    }

    public static async Task<bool> IsContactAsync(SponsorshipDbContext db, int organisationId, string userId, CancellationToken cancellationToken = default) =>
        await RoleAsync(db, organisationId, userId, cancellationToken) == MemberRole.Contact;

    /// <summary>A member (the contact included) or an administrator.</summary>
    public static async Task<bool> CanSeeAsync(SponsorshipDbContext db, int organisationId, string userId, CancellationToken cancellationToken = default) =>
        await RoleAsync(db, organisationId, userId, cancellationToken) is not null
        || (await Administrators.IsAdministratorAsync(db, userId, cancellationToken)
            && await db.Organisations.AnyAsync(o => o.Id == organisationId, cancellationToken));
}
