using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Ledger;

/// <summary>
/// An account in the one CNY ledger, named by its code (<c>psp:clearing</c>, <c>adoption:12:deferred</c>,
/// <c>herder:3:payable</c>…). Its balance is kept up to date in the same transaction as each posting, so reads never
/// sum all entries; the integrity check compares the two.
/// </summary>
public class LedgerAccount
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public AccountKind Kind { get; set; }

    /// <summary>Sum of this account's entries, in fen.</summary>
    public long BalanceFen { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum AccountKind
{
    PspClearing = 1,
    Bank = 2,
    AdoptionDeferred = 3,
    HerderPayable = 4,
    HerderInTransit = 5,
    VillageCollective = 6,
    Cooperative = 7,
    PlatformFees = 8,
    SponsorCredit = 9,
    World = 10,

    /// <summary>Refunds a provider has been asked for and has not confirmed yet.</summary>
    RefundsPending = 11,

    /// <summary>A paid visit's money, held until the visit has happened (then split) or is refunded: not adoption sales.</summary>
    VisitHeld = 12,
}

public class LedgerAccountConfiguration : IEntityTypeConfiguration<LedgerAccount>
{
    public void Configure(EntityTypeBuilder<LedgerAccount> builder)
    {
        builder.Property(a => a.Code).HasMaxLength(64);
        builder.HasIndex(a => a.Code).IsUnique();
        builder.HasIndex(a => a.Kind);
        // Running balances change with every posting; two postings to one account at once must not both win.
        builder.Property(a => a.BalanceFen).IsConcurrencyToken();
    }
}
