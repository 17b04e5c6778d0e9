using CsCheck;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Privacy;
using Sponsorship.Testing;
using Xunit.Abstractions;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// Random sequences of payments, releases, refunds, payouts, confirmations, failures and replays. 10,000 sequences run
/// against the pure <see cref="LedgerModel"/> (every invariant after every command, and a replay changes nothing); a
/// smaller number run through the real LedgerBook, releases and payout batches on an in-memory SQLite database and must
/// end with the model's balances and an intact ledger. A failure prints CsCheck's seed: pass it as <c>seed:</c> to replay.
/// </summary>
public class LedgerModelTests(ITestOutputHelper output)
{
    private static readonly AccountNumberProtector Numbers = AccountNumberProtector.FromBase64(AccountNumberProtector.NewKey(), "test key");

    private static readonly Gen<Op> Ops = Gen.Select(
        Gen.Frequency((6, Gen.Const(OpKind.Pay)), (2, Gen.Const(OpKind.Care)), (1, Gen.Const(OpKind.End)), (1, Gen.Const(OpKind.Refund)),
            (1, Gen.Const(OpKind.Donate)), (2, Gen.Const(OpKind.Payout)), (2, Gen.Const(OpKind.Confirm)), (1, Gen.Const(OpKind.Fail)),
            (2, Gen.Const(OpKind.Replay))),
        Gen.Int[0, 1_000], Gen.Int[0, 1_000]).Select((kind, a, b) => new Op(kind, a, b));

    private static readonly Gen<Op[]> Sequences = Ops.Array[1, 30];

    [Fact]
    public void Ten_thousand_random_sequences_keep_every_invariant_in_the_model()
    {
        Sequences.Sample(ops =>
        {
            var model = new LedgerModel();
            var history = new List<Op>();
            foreach (var op in ops)
            {
                var before = new Dictionary<string, long>(model.Balances);
                if (model.Apply(op, history) is not { } resolved)
                {
                    continue;
                }

                if (resolved.Kind == OpKind.Replay && !before.OrderBy(b => b.Key).SequenceEqual(model.Balances.OrderBy(b => b.Key)))
                {
                    return false;
                }

                history.Add(resolved);
                if (model.Violation() is not null)
                {
                    return false;
                }
            }

            return true;
        }, iter: 10_000, threads: 1, writeLine: output.WriteLine);
    }

    [Fact]
    public async Task The_real_ledger_ends_every_sequence_with_the_models_balances()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var factory = new ConnectionFactory(connection);
        await using (var db = factory.CreateDbContext())
        {
            await db.Database.EnsureCreatedAsync();
            var village = new Village { Name = "边墙村", NameLatin = "Bianqiang" };
            db.Villages.Add(village);
            for (var h = 1; h <= LedgerModel.Households; h++)
            {
                var household = new HerderHousehold { Id = h, Village = village, HeadName = $"牧户{h}", HeadNameLatin = $"H{h}" };
                household.SetPayoutAccount(Numbers.Protect($"6222000000000{h}"));
                db.Households.Add(household);
                for (var s = 0; s < 32; s++)
                {
                    db.Sheep.Add(new Sheep { Name = $"羊{h}-{s}", Household = household, BirthDate = new DateOnly(2025, 3, 1), Breed = Breed.Ujimqin, Sex = Sex.Ewe });
                }
            }

            foreach (var name in new[] { "sponsor", "maker", "checker" })
            {
                db.Users.Add(new ApplicationUser { Id = name, UserName = name, Email = $"{name}@example.com", DisplayName = name });
            }

            // The maker and the checker are administrators: every payout command checks it.
            var admin = new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() };
            db.Roles.Add(admin);
            db.UserRoles.AddRange(new IdentityUserRole<string> { UserId = "maker", RoleId = admin.Id }, new IdentityUserRole<string> { UserId = "checker", RoleId = admin.Id });

            db.SplitRules.Add(LedgerModel.Rule);
            await db.SaveChangesAsync();
        }

        var clock = new FakeTimeProvider(LedgerModel.TermStart.AddDays(400));
        var money = new MoneyTestData(factory);
        await Sequences.SampleAsync(async ops =>
        {
            await ResetAsync(connection);
            var model = new LedgerModel();
            var real = new RealLedger(factory, money, clock);
            var history = new List<Op>();
            foreach (var op in ops)
            {
                if (model.Apply(op, history) is { } resolved)
                {
                    await real.ApplyAsync(resolved, history);
                    history.Add(resolved);
                }
            }

            await using var db = factory.CreateDbContext();
            var report = await LedgerIntegrity.CheckAsync(db, clock.GetUtcNow());
            Assert.True(report.IsIntact, "integrity");
            var balances = await db.LedgerAccounts.ToDictionaryAsync(a => a.Code, a => a.BalanceFen);
            foreach (var (code, fen) in model.Balances.Where(b => !b.Key.StartsWith("adoption:", StringComparison.Ordinal)))
            {
                Assert.True(fen == balances.GetValueOrDefault(code), $"{code}: model {fen}, ledger {balances.GetValueOrDefault(code)}");
            }

            Assert.Equal(model.Balances.Where(b => b.Key.StartsWith("adoption:", StringComparison.Ordinal)).Sum(b => b.Value),
                balances.Where(b => b.Key.StartsWith("adoption:", StringComparison.Ordinal)).Sum(b => b.Value));
        }, iter: 12, threads: 1, writeLine: output.WriteLine);
    }

    private static async Task ResetAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA foreign_keys = OFF;
            DELETE FROM BankStatementLines; DELETE FROM BankStatements; DELETE FROM PayoutLines; DELETE FROM PayoutBatches;
            DELETE FROM LedgerEntries; DELETE FROM LedgerTransactions; DELETE FROM LedgerAccounts; DELETE FROM Payments; DELETE FROM Adoptions;
            PRAGMA foreign_keys = ON;
            """;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The same commands through the real use cases.</summary>
    private sealed class RealLedger(IDbContextFactory<SponsorshipDbContext> factory, MoneyTestData money, TimeProvider clock)
    {
        private readonly List<PaidAdoption> payments = [];
        private readonly List<int> lines = [];

        public async Task ApplyAsync(Op op, List<Op> history)
        {
            var now = clock.GetUtcNow();
            switch (op.Kind)
            {
                case OpKind.Pay:
                    var household = 1 + (op.A % LedgerModel.Households);
                    payments.Add(await money.AdoptAndPayAsync(await money.FreeSheepAsync(household), "sponsor", 1 + (op.B * 997L % 500_000), LedgerModel.TermStart));
                    break;
                case OpKind.Care or OpKind.End or OpKind.Refund or OpKind.Donate when payments.Count > 0:
                    var paid = payments[op.A % payments.Count];
                    await LedgerWrites.RunAsync(factory, async db =>
                    {
                        var adoption = await db.Adoptions.SingleAsync(a => a.Id == paid.AdoptionId);
                        var payment = await db.Payments.SingleAsync(p => p.Id == paid.PaymentId);
                        return op.Kind switch
                        {
                            OpKind.Care => await ShareReleases.ReleaseCareAsync(db, adoption, payment, now) ? 1 : 0,
                            OpKind.End => await ShareReleases.ReleaseEndAsync(db, adoption, payment, now) ? 1 : 0,
                            OpKind.Donate => await ShareReleases.DonateRemainderAsync(db, adoption, now),
                            _ => await ShareReleases.RefundRemainderAsync(db, adoption, LedgerModel.EndedAt(op.B % 101), now),
                        };
                    });
                    break;
                case OpKind.Payout:
                    var batches = new PayoutBatches(factory, Numbers, clock);
                    var (batchId, _) = await batches.DraftAsync(new DateOnly(2026, 12, 31), op.B * 50L, "maker");
                    if (batchId is { } id)
                    {
                        Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(id, "checker"));
                        Assert.Equal(PayoutOutcome.Done, await batches.ExportAsync(id, "maker"));
                        lines.AddRange((await batches.DetailAsync(id, "maker"))!.Lines.OrderBy(l => l.Id).Select(l => l.Id));
                    }

                    break;
                case OpKind.Confirm or OpKind.Fail when lines.Count > 0:
                    var line = lines[op.A % lines.Count];
                    var payouts = new PayoutBatches(factory, Numbers, clock);
                    _ = op.Kind == OpKind.Confirm ? await payouts.ConfirmLineAsync(line, "checker") : await payouts.FailLineAsync(line, "returned", "checker");
                    break;
                case OpKind.Replay:
                    await ApplyAsync(history[op.A], []);
                    break;
            }
        }
    }

    private sealed class ConnectionFactory(SqliteConnection connection) : IDbContextFactory<SponsorshipDbContext>
    {
        private readonly DbContextOptions<SponsorshipDbContext> options = new DbContextOptionsBuilder<SponsorshipDbContext>().UseSqlite(connection).Options;

        public SponsorshipDbContext CreateDbContext() => new(options);
    }
}
