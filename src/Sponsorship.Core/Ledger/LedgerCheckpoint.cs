using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Ledger;

/// <summary>
/// The point up to which the ledger was last verified: the last transaction then, its hash, how many transactions and
/// entries came up to it, and every account's balance summed from those entries. The incremental check starts here and
/// verifies only what came after; it trusts nothing in this row without checking it against the books (the stored hash
/// of that transaction, the counts before it, and the running balances now). One row, which a verification moves forward.
/// </summary>
public class LedgerCheckpoint
{
    /// <summary>The one row's key.</summary>
    public const int SingleId = 1;

    public int Id { get; set; }

    /// <summary>The last verified transaction; 0 before anything was verified (the chain then starts from genesis).</summary>
    public long TransactionId { get; set; }

    /// <summary>Its hash as verified (<see cref="LedgerHash.Genesis"/> when <see cref="TransactionId"/> is 0).</summary>
    public string Hash { get; set; } = LedgerHash.Genesis;

    /// <summary>Transactions with an id up to <see cref="TransactionId"/>.</summary>
    public long Transactions { get; set; }

    /// <summary>Entries of those transactions.</summary>
    public long Entries { get; set; }

    /// <summary>Each account's balance summed from the entries up to <see cref="TransactionId"/>, by account id; zero balances left out (JSON).</summary>
    public string Balances { get; set; } = "{}";

    public DateTimeOffset VerifiedAt { get; set; }

    /// <summary>The balances as a dictionary by account id.</summary>
    public static Dictionary<int, long> ReadBalances(string json) =>
        JsonSerializer.Deserialize<Dictionary<int, long>>(json) ?? [];

    public static string WriteBalances(IReadOnlyDictionary<int, long> balances) =>
        JsonSerializer.Serialize(balances.Where(b => b.Value != 0).OrderBy(b => b.Key).ToDictionary(b => b.Key, b => b.Value));
}

public class LedgerCheckpointConfiguration : IEntityTypeConfiguration<LedgerCheckpoint>
{
    public void Configure(EntityTypeBuilder<LedgerCheckpoint> builder)
    {
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Hash).HasMaxLength(64);
        // The row exists from the start, so moving it forward is always a conditional update (no insert race).
        builder.HasData(new LedgerCheckpoint
        {
            Id = LedgerCheckpoint.SingleId,
            TransactionId = 0,
            Hash = LedgerHash.Genesis,
            Transactions = 0,
            Entries = 0,
            Balances = "{}",
            VerifiedAt = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
    }
}
