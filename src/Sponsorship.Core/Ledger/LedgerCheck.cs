using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Ledger;

/// <summary>
/// The report of one integrity check, kept for the administrators' ledger page: full (from genesis) or incremental (from
/// the checkpoint), the transactions it covered, and what it found.
/// </summary>
public class LedgerCheck
{
    public const int DetailLength = 1_000;

    public long Id { get; set; }

    /// <summary>Verified the whole chain from the first transaction; otherwise only what came after the checkpoint.</summary>
    public bool Full { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>The checkpoint it started from (0: genesis).</summary>
    public long FromTransactionId { get; set; }

    /// <summary>The last transaction it covered (the chain's tail when it started).</summary>
    public long UpToTransactionId { get; set; }

    /// <summary>Transactions and entries it read.</summary>
    public long Transactions { get; set; }

    public long Entries { get; set; }

    public bool Intact { get; set; }

    /// <summary>The first transaction whose hash or predecessor does not match.</summary>
    public long? FirstBrokenTransactionId { get; set; }

    /// <summary>The checkpoint does not match the books before it (its hash, or the number of transactions or entries).</summary>
    public bool CheckpointMismatch { get; set; }

    public int UnbalancedTransactions { get; set; }
    public int BalanceMismatches { get; set; }

    /// <summary>The sum of all entries (0 when intact).</summary>
    public long GlobalSumFen { get; set; }

    /// <summary>The sum of all running balances (0 when intact).</summary>
    public long BalancesSumFen { get; set; }

    /// <summary>Which transactions and accounts, for the administrator who looks into it (the first few of each).</summary>
    public string Detail { get; set; } = "";
}

public class LedgerCheckConfiguration : IEntityTypeConfiguration<LedgerCheck>
{
    public void Configure(EntityTypeBuilder<LedgerCheck> builder)
    {
        builder.Property(c => c.Detail).HasMaxLength(LedgerCheck.DetailLength);
        builder.HasIndex(c => new { c.Full, c.FinishedAt });
        builder.HasIndex(c => c.FinishedAt);
    }
}
