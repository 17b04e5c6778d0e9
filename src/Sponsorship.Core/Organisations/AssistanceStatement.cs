using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// A statement of assistance (消费帮扶证明) as issued: the organisation, the period and the figures the ledger gave at
/// that moment, kept so that its verification page shows what the paper says. Its serial starts with
/// <see cref="SerialPrefix"/>, which tells it from a certificate on the shared verification page.
/// </summary>
public class AssistanceStatement
{
    public const string SerialPrefix = "BF-";

    public int Id { get; set; }
    public string Serial { get; set; } = "";
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;

    /// <summary>First and last day of the period, programme calendar days (both included).</summary>
    public DateOnly PeriodFrom { get; set; }

    public DateOnly PeriodTo { get; set; }

    public long PaidFen { get; set; }
    public long RefundedFen { get; set; }
    public int SheepCount { get; set; }
    public int HouseholdCount { get; set; }
    public int VillageCount { get; set; }
    public long HerdersFen { get; set; }
    public long VillagesFen { get; set; }
    public long PaidOutFen { get; set; }
    public string IssuedByUserId { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }

    public static bool IsStatementSerial(string? serial) => serial?.StartsWith(SerialPrefix, StringComparison.Ordinal) == true;
}

public class AssistanceStatementConfiguration : IEntityTypeConfiguration<AssistanceStatement>
{
    public void Configure(EntityTypeBuilder<AssistanceStatement> builder)
    {
        builder.Property(s => s.Serial).HasMaxLength(32);
        builder.Property(s => s.IssuedByUserId).HasMaxLength(450);
        builder.HasIndex(s => s.Serial).IsUnique();
        builder.HasIndex(s => new { s.OrganisationId, s.IssuedAt });
        builder.HasOne(s => s.Organisation).WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.IssuedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
