using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Identity;

/// <summary>
/// A request to make an account an administrator. One administrator asks (by creating an admin account or by granting
/// the role); a different, existing administrator confirms it, and only then does the account get the Admin role.
/// Revoking a confirmed grant takes the role away again. The row keeps who asked, who decided and when.
/// </summary>
public class AdminGrant
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public ApplicationUser User { get; set; } = null!;
    public string RequestedByUserId { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public AdminGrantStatus Status { get; set; }
    public string? DecidedByUserId { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
}

public enum AdminGrantStatus
{
    Pending = 0,
    Confirmed = 1,
    Refused = 2,
    Revoked = 3,
}

public class AdminGrantConfiguration : IEntityTypeConfiguration<AdminGrant>
{
    /// <summary>At most one waiting grant per account (square brackets quote the column in SQL Server and SQLite alike).</summary>
    public const string PendingFilter = "[Status] = 0";

    public void Configure(EntityTypeBuilder<AdminGrant> builder)
    {
        builder.Property(g => g.UserId).HasMaxLength(450);
        builder.Property(g => g.RequestedByUserId).HasMaxLength(450);
        builder.Property(g => g.DecidedByUserId).HasMaxLength(450);

        // Two administrators deciding at once: the second save finds the status changed and changes nothing.
        builder.Property(g => g.Status).IsConcurrencyToken();
        builder.HasIndex(g => g.UserId).IsUnique().HasFilter(PendingFilter).HasDatabaseName("IX_AdminGrants_UserId_Pending");
        builder.HasIndex(g => new { g.Status, g.RequestedAt });
        builder.HasOne(g => g.User).WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
