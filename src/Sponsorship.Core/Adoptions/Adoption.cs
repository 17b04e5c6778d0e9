using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// One sponsor's adoption of one sheep. Price and split rule are copied in when it is made, so changing a plan never
/// changes it. A renewal extends the same adoption through a new <see cref="Payments.Payment"/>; a replacement after a
/// death moves it to another sheep.
/// </summary>
public class Adoption
{
    public int Id { get; set; }
    public int SheepId { get; set; }
    public Sheep Sheep { get; set; } = null!;

    /// <summary>Whose adoption it is now: the buyer, or the gift's recipient once they have claimed it.</summary>
    public string SponsorUserId { get; set; } = "";

    public ApplicationUser Sponsor { get; set; } = null!;

    /// <summary>Who paid. Stays the same when a gift is claimed.</summary>
    public string BuyerUserId { get; set; } = "";

    public int PlanId { get; set; }
    public AdoptionPlan Plan { get; set; } = null!;
    public long PriceFen { get; set; }
    public int TermMonths { get; set; }
    public int SplitRuleId { get; set; }
    public SplitRule SplitRule { get; set; } = null!;

    public AdoptionStatus Status { get; set; }
    public string NameOnCertificate { get; set; } = "";

    /// <summary>The sponsor agreed that the public verification page may show their full name (else initials).</summary>
    public bool ShowNameOnVerification { get; set; }

    public EndOfTermOptions EndOfTermChoice { get; set; }
    public DeathPolicy DeathPolicy { get; set; }

    /// <summary>Where a meat box or wool goes at the end of the term.</summary>
    public string DeliveryAddress { get; set; } = "";

    public string Culture { get; set; } = Cultures.Chinese;

    public string? GiftRecipientName { get; set; }
    public string? GiftRecipientEmail { get; set; }
    public DateOnly? GiftRevealOn { get; set; }
    public DateTimeOffset? GiftRevealedAt { get; set; }

    /// <summary>SHA-256 of the claim link's secret; the secret itself is only ever in the recipient's mail.</summary>
    public string? GiftClaimTokenHash { get; set; }

    public DateTimeOffset? GiftClaimedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>While payment is pending the sheep is held until then; a background job cancels it afterwards.</summary>
    public DateTimeOffset? ReservedUntil { get; set; }

    public DateTimeOffset? StartAt { get; set; }
    public DateTimeOffset? EndAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>After the sheep died under the replacement policy: the sponsor may choose another sheep until then.</summary>
    public DateTimeOffset? ReplacementDueAt { get; set; }

    /// <summary>The sheep this adoption started with, when it was moved to a replacement.</summary>
    public int? ReplacedSheepId { get; set; }

    public DateTimeOffset? RenewalReminderQueuedAt { get; set; }
    public FulfilmentStatus Fulfilment { get; set; }

    /// <summary>Sent by the checkout: the same key twice gives the same adoption.</summary>
    public string IdempotencyKey { get; set; } = "";

    /// <summary>A fingerprint of what was asked for with the key, to refuse the same key with a different request.</summary>
    public string RequestHash { get; set; } = "";

    /// <summary>The organisation order it was bought in, if any: held, paid and activated together with the order's others.</summary>
    public int? OrganisationOrderId { get; set; }

    public bool IsGift => GiftRecipientEmail is not null;

    /// <summary>
    /// Someone personally follows this sheep: any adoption but an organisation's sheep nobody has claimed as a gift. Mail
    /// about each sheep (growth updates, digests, reminders) goes only to those; the organisation sees its sheep on its page.
    /// </summary>
    public static readonly System.Linq.Expressions.Expression<Func<Adoption, bool>> HasPersonalSponsor =
        a => a.OrganisationOrderId == null || a.GiftClaimedAt != null;

    /// <summary>It holds its sheep: someone is paying for it or has adopted it (what the unique filtered index guards).</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Adoption, bool>> HoldsSheep =
        a => a.Status == AdoptionStatus.PendingPayment || a.Status == AdoptionStatus.Active;

    private static readonly Func<Adoption, bool> Holds = HoldsSheep.Compile();

    /// <summary><see cref="HoldsSheep"/> for an adoption already loaded.</summary>
    public bool HoldsItsSheep => Holds(this);
}

public enum AdoptionStatus
{
    PendingPayment = 0,
    Active = 1,
    Ended = 2,
    Replaced = 3,
    Refunded = 4,
    Cancelled = 5,
}

/// <summary>Chosen at checkout: what happens to the rest of the term if the sheep dies.</summary>
public enum DeathPolicy
{
    Replacement = 1,
    ProRataRefund = 2,
    DonateRemainder = 3,
}

public enum FulfilmentStatus
{
    NotDue = 0,
    Due = 1,
    Fulfilled = 2,
}

public class AdoptionConfiguration : IEntityTypeConfiguration<Adoption>
{
    /// <summary>
    /// At most one pending-or-active adoption per sheep. Square brackets quote the column in SQL Server and SQLite alike.
    /// </summary>
    public const string HoldsSheepFilter = "[Status] IN (0, 1)";

    public void Configure(EntityTypeBuilder<Adoption> builder)
    {
        builder.Property(a => a.SponsorUserId).HasMaxLength(450);
        builder.Property(a => a.BuyerUserId).HasMaxLength(450);
        builder.Property(a => a.NameOnCertificate).HasMaxLength(128);
        builder.Property(a => a.DeliveryAddress).HasMaxLength(500);
        builder.Property(a => a.Culture).HasMaxLength(16);
        builder.Property(a => a.GiftRecipientName).HasMaxLength(128);
        builder.Property(a => a.GiftRecipientEmail).HasMaxLength(256);
        builder.Property(a => a.GiftClaimTokenHash).HasMaxLength(64);
        builder.Property(a => a.IdempotencyKey).HasMaxLength(64);
        builder.Property(a => a.RequestHash).HasMaxLength(64);
        builder.HasIndex(a => a.IdempotencyKey).IsUnique();
        builder.HasIndex(a => a.SheepId).IsUnique().HasFilter(HoldsSheepFilter).HasDatabaseName("IX_Adoptions_SheepId_PendingOrActive");
        builder.HasIndex(a => new { a.SheepId, a.Status });
        builder.HasIndex(a => new { a.SponsorUserId, a.Status });
        builder.HasIndex(a => new { a.BuyerUserId, a.Status });
        builder.HasIndex(a => new { a.Status, a.ReservedUntil });
        builder.HasIndex(a => new { a.Status, a.EndAt });
        builder.HasIndex(a => a.GiftClaimTokenHash).IsUnique();
        builder.HasOne(a => a.Sheep).WithMany().HasForeignKey(a => a.SheepId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Sheep>().WithMany().HasForeignKey(a => a.ReplacedSheepId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Sponsor).WithMany().HasForeignKey(a => a.SponsorUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(a => a.BuyerUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Plan).WithMany().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.SplitRule).WithMany().HasForeignKey(a => a.SplitRuleId).OnDelete(DeleteBehavior.Restrict);
    }
}
