using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// A certificate as issued: who, which sheep, which term. Never deleted — a new one supersedes it (a claimed gift, a
/// renewal, a replacement sheep) or it is revoked (a refund), and the verification page says so.
/// </summary>
public class Certificate
{
    public int Id { get; set; }

    /// <summary>Printed on the certificate and in its verification URL; never reused.</summary>
    public string Serial { get; set; } = "";

    public int AdoptionId { get; set; }
    public Adoption Adoption { get; set; } = null!;
    public string NameOnCertificate { get; set; } = "";
    public int SheepId { get; set; }
    public Sheep Sheep { get; set; } = null!;
    public DateOnly TermStart { get; set; }
    public DateOnly TermEnd { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public CertificateStatus Status { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }

    /// <summary>Bumped on every change, so a rendered PDF cached under (serial, version) is never stale.</summary>
    public int Version { get; set; } = 1;

    public int? SupersededById { get; set; }
    public Certificate? SupersededBy { get; set; }
}

public enum CertificateStatus
{
    Valid = 0,
    Superseded = 1,
    Revoked = 2,
}

public class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.Property(c => c.Serial).HasMaxLength(32);
        builder.Property(c => c.NameOnCertificate).HasMaxLength(128);
        builder.HasIndex(c => c.Serial).IsUnique();
        builder.HasIndex(c => new { c.AdoptionId, c.Status });
        builder.HasOne(c => c.Adoption).WithMany().HasForeignKey(c => c.AdoptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Sheep).WithMany().HasForeignKey(c => c.SheepId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.SupersededBy).WithMany().HasForeignKey(c => c.SupersededById).OnDelete(DeleteBehavior.Restrict);
    }
}
