using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Adoptions;

/// <summary>The trusted layer's check behind the admin pages for plans, payments and fulfilment.</summary>
public static class Administrators
{
    public static Task<bool> IsAdministratorAsync(SponsorshipDbContext db, string userId, CancellationToken cancellationToken = default) =>
        (from userRole in db.UserRoles
         join role in db.Roles on userRole.RoleId equals role.Id
         where userRole.UserId == userId && role.Name == Roles.Admin
         select userRole).AnyAsync(cancellationToken);
}
