using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// One certificate of an organisation's sheep, for any of its members (the adoption's own sponsor is the contact, or
/// the member who claimed it as a gift). A certificate of another organisation, or none, is not found.
/// </summary>
public sealed class OrganisationCertificates(IDbContextFactory<SponsorshipDbContext> dbFactory, CertificateFiles certificates)
{
    public async Task<CertificatePdf?> FindAsync(int organisationId, string serial, string userId, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var ours = await db.Certificates.AnyAsync(
                c => c.Serial == serial && db.OrganisationOrders.Any(o => o.Id == c.Adoption.OrganisationOrderId && o.OrganisationId == organisationId),
                cancellationToken);
            if (!ours || !await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken))
            {
                return null;
            }
        }

        // The organisation's right to it is checked above; CertificateFiles renders it like an administrator's download.
        return await certificates.FindAsync(serial, userId: null, isAdmin: true, publicBaseUrl, cancellationToken);
    }
}
