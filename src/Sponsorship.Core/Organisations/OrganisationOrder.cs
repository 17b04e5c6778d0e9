using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// Many adoptions bought with one payment. Its adoptions (<see cref="Adoption.OrganisationOrderId"/>) hold their
/// sheep together while the payment is pending and are activated together in the capture's transaction, or not at all.
/// Its payments (<see cref="Payment.OrganisationOrderId"/>) are the order's own (no adoption: the one the provider or the
/// bank sees) and, once captured, one share per adoption that carries that adoption's term in the ledger.
/// </summary>
public class OrganisationOrder
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public string PlacedByUserId { get; set; } = "";
    public int PlanId { get; set; }
    public AdoptionPlan Plan { get; set; } = null!;
    public int Quantity { get; set; }

    /// <summary>The price of one sheep when ordered (fen); the order's first payment is this times the quantity.</summary>
    public long PriceFen { get; set; }

    public OrderStatus Status { get; set; }
    public CertificateNames Names { get; set; }
    public EndOfTermOptions EndOfTermChoice { get; set; }

    /// <summary>Copied to every adoption of the order: what happens when one of its sheep dies.</summary>
    public DeathPolicy DeathPolicy { get; set; }

    public string DeliveryAddress { get; set; } = "";
    public string Culture { get; set; } = Cultures.Chinese;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReservedUntil { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Sent by the order form: the same key twice gives the same order.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string RequestHash { get; set; } = "";

    public ICollection<Adoption> Adoptions { get; } = [];

    public ICollection<Payment> Payments { get; } = [];

    public long TotalFen => PriceFen * Quantity;
}

public enum OrderStatus
{
    PendingPayment = 0,
    Active = 1,

    /// <summary>Not paid in time (or the payment failed): every sheep was released together.</summary>
    Cancelled = 2,
}

/// <summary>Whose names the order's certificates carry.</summary>
public enum CertificateNames
{
    /// <summary>The organisation's name on every certificate.</summary>
    Organisation = 1,

    /// <summary>One name per sheep from a typed or uploaded list.</summary>
    List = 2,

    /// <summary>Each listed e-mail gets a gift link and names its own certificate when claiming it.</summary>
    Gifts = 3,
}

public class OrganisationOrderConfiguration : IEntityTypeConfiguration<OrganisationOrder>
{
    public void Configure(EntityTypeBuilder<OrganisationOrder> builder)
    {
        builder.Property(o => o.PlacedByUserId).HasMaxLength(450);
        builder.Property(o => o.DeliveryAddress).HasMaxLength(500);
        builder.Property(o => o.Culture).HasMaxLength(16);
        builder.Property(o => o.IdempotencyKey).HasMaxLength(64);
        builder.Property(o => o.RequestHash).HasMaxLength(64);
        builder.Ignore(o => o.TotalFen);
        builder.HasIndex(o => o.IdempotencyKey).IsUnique();
        builder.HasIndex(o => new { o.OrganisationId, o.CreatedAt });
        builder.HasIndex(o => new { o.Status, o.ReservedUntil });
        builder.HasOne(o => o.Organisation).WithMany().HasForeignKey(o => o.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(o => o.PlacedByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(o => o.Plan).WithMany().HasForeignKey(o => o.PlanId).OnDelete(DeleteBehavior.Restrict);

        // The order's adoptions and payments point at it; the Adoptions and Payments features need not know the type.
        builder.HasMany(o => o.Adoptions).WithOne().HasForeignKey(a => a.OrganisationOrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Payments).WithOne().HasForeignKey(p => p.OrganisationOrderId).OnDelete(DeleteBehavior.Restrict);
    }
}
