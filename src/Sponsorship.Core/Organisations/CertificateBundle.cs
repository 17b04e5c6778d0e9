using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// All valid certificates of an order in one file — one PDF with a page each, or a ZIP of single PDFs — made in the
/// background (<see cref="CertificateBundles"/>) and kept in the file store. <see cref="Fingerprint"/> names the
/// certificates it was made from, so a gift claimed since (a new certificate) asks for a new bundle.
/// </summary>
public class CertificateBundle
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public OrganisationOrder Order { get; set; } = null!;
    public BundleKind Kind { get; set; }

    /// <summary>SHA-256 over the serials and versions of the certificates it holds.</summary>
    public string Fingerprint { get; set; } = "";

    public BundleStatus Status { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>Who is making it and until when: a worker that died leaves the lease to expire, then another takes over.</summary>
    public string? LeaseHolder { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? FileKey { get; set; }
    public long? FileBytes { get; set; }
    public string? Failure { get; set; }
}

public enum BundleKind
{
    Pdf = 1,
    Zip = 2,
}

public enum BundleStatus
{
    Queued = 0,
    Running = 1,
    Ready = 2,
    Failed = 3,
}

public class CertificateBundleConfiguration : IEntityTypeConfiguration<CertificateBundle>
{
    public void Configure(EntityTypeBuilder<CertificateBundle> builder)
    {
        builder.Property(b => b.Fingerprint).HasMaxLength(64);
        builder.Property(b => b.LeaseHolder).HasMaxLength(64);
        builder.Property(b => b.FileKey).HasMaxLength(256);
        builder.Property(b => b.Failure).HasMaxLength(500);
        builder.HasIndex(b => new { b.OrderId, b.Kind, b.Fingerprint });
        builder.HasIndex(b => new { b.Status, b.RequestedAt });
        builder.HasOne(b => b.Order).WithMany().HasForeignKey(b => b.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
