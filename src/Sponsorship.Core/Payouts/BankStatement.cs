using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Payouts;

/// <summary>An imported bank statement file. Its SHA-256 is unique: the same file twice is refused.</summary>
public class BankStatement
{
    public int Id { get; set; }
    public string FileName { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string Encoding { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
    public string ImportedByUserId { get; set; } = "";
    public List<BankStatementLine> Lines { get; set; } = [];
}

public class BankStatementConfiguration : IEntityTypeConfiguration<BankStatement>
{
    public void Configure(EntityTypeBuilder<BankStatement> builder)
    {
        builder.Property(s => s.FileName).HasMaxLength(255);
        builder.Property(s => s.Sha256).HasMaxLength(64);
        builder.Property(s => s.Encoding).HasMaxLength(16);
        builder.Property(s => s.ImportedByUserId).HasMaxLength(450);
        builder.HasIndex(s => s.Sha256).IsUnique();
    }
}
