using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// 发票申请: the contact asks for an invoice on one of the order's payments; the finance office issues it in its own
/// system and an administrator records the invoice's number and date here. One request per payment.
/// </summary>
public class InvoiceRequest
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public int OrderId { get; set; }
    public OrganisationOrder Order { get; set; } = null!;
    public int PaymentId { get; set; }
    public Payment Payment { get; set; } = null!;
    public InvoiceKind Kind { get; set; }
    public long AmountFen { get; set; }

    /// <summary>The organisation's invoice details as they were when asked (changing them later changes no request).</summary>
    public string Title { get; set; } = "";

    public string TaxNumber { get; set; } = "";
    public string Address { get; set; } = "";
    public string Bank { get; set; } = "";
    public string Note { get; set; } = "";
    public string RequestedByUserId { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public InvoiceStatus Status { get; set; }
    public string? InvoiceNumber { get; set; }
    public DateOnly? InvoiceDate { get; set; }
    public string? IssuedByUserId { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
}

public enum InvoiceKind
{
    /// <summary>增值税普通发票.</summary>
    Ordinary = 1,

    /// <summary>增值税专用发票 (needs the address and bank details).</summary>
    Special = 2,
}

public enum InvoiceStatus
{
    Requested = 0,
    Issued = 1,
}

public class InvoiceRequestConfiguration : IEntityTypeConfiguration<InvoiceRequest>
{
    public void Configure(EntityTypeBuilder<InvoiceRequest> builder)
    {
        builder.Property(r => r.Title).HasMaxLength(128);
        builder.Property(r => r.TaxNumber).HasMaxLength(20);
        builder.Property(r => r.Address).HasMaxLength(200);
        builder.Property(r => r.Bank).HasMaxLength(200);
        builder.Property(r => r.Note).HasMaxLength(500);
        builder.Property(r => r.RequestedByUserId).HasMaxLength(450);
        builder.Property(r => r.InvoiceNumber).HasMaxLength(32);
        builder.Property(r => r.IssuedByUserId).HasMaxLength(450);
        builder.HasIndex(r => r.PaymentId).IsUnique();
        builder.HasIndex(r => new { r.Status, r.RequestedAt });
        builder.HasIndex(r => r.OrganisationId);
        builder.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Order).WithMany().HasForeignKey(r => r.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Payment).WithMany().HasForeignKey(r => r.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.RequestedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(r => r.IssuedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
