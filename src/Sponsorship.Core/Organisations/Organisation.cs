using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// A work unit that adopts by the dozen — a district office, a school, a company or its trade union — identified by its
/// unified social credit code. Its contact registers it; an administrator verifies it before it may order on credit
/// terms (a bank transfer with days to pay); until then it pays at once.
/// </summary>
public class Organisation
{
    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>统一社会信用代码, 18 characters, checked by <see cref="CreditCode"/>; one organisation per code.</summary>
    public string CreditCode { get; set; } = "";

    public string ContactName { get; set; } = "";
    public string ContactPhone { get; set; } = "";

    /// <summary>The account that registered it; it places orders and invites members.</summary>
    public string ContactUserId { get; set; } = "";

    public ApplicationUser ContactUser { get; set; } = null!;

    /// <summary>发票抬头: the name the invoice is made out to (usually the organisation's name).</summary>
    public string InvoiceTitle { get; set; } = "";

    /// <summary>纳税人识别号 (for most organisations the credit code itself).</summary>
    public string InvoiceTaxNumber { get; set; } = "";

    /// <summary>Address and telephone as printed on a special VAT invoice.</summary>
    public string InvoiceAddress { get; set; } = "";

    /// <summary>Bank and account number as printed on a special VAT invoice.</summary>
    public string InvoiceBank { get; set; } = "";

    public OrganisationStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? ReviewedByUserId { get; set; }

    /// <summary>Why a registration was refused, for the contact to read.</summary>
    public string? ReviewNote { get; set; }

    public bool IsVerified => Status == OrganisationStatus.Verified;
}

public enum OrganisationStatus
{
    /// <summary>Registered, waiting for an administrator; it may order and pay at once.</summary>
    Pending = 0,

    /// <summary>Checked by an administrator: it may also pay by bank transfer within the credit days.</summary>
    Verified = 1,

    Rejected = 2,
}

public class OrganisationConfiguration : IEntityTypeConfiguration<Organisation>
{
    public void Configure(EntityTypeBuilder<Organisation> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(128);
        builder.Property(o => o.CreditCode).HasMaxLength(18);
        builder.Property(o => o.ContactName).HasMaxLength(64);
        builder.Property(o => o.ContactPhone).HasMaxLength(32);
        builder.Property(o => o.ContactUserId).HasMaxLength(450);
        builder.Property(o => o.InvoiceTitle).HasMaxLength(128);
        builder.Property(o => o.InvoiceTaxNumber).HasMaxLength(20);
        builder.Property(o => o.InvoiceAddress).HasMaxLength(200);
        builder.Property(o => o.InvoiceBank).HasMaxLength(200);
        builder.Property(o => o.ReviewedByUserId).HasMaxLength(450);
        builder.Property(o => o.ReviewNote).HasMaxLength(500);
        builder.HasIndex(o => o.CreditCode).IsUnique();
        builder.HasIndex(o => new { o.Status, o.CreatedAt });
        builder.HasOne(o => o.ContactUser).WithMany().HasForeignKey(o => o.ContactUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.ReviewedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
