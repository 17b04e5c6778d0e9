using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Privacy;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>Payout account numbers are encrypted at rest, masked everywhere, opened only for the payout batch, and each opening is audited.</summary>
public class AccountNumberTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    [Fact]
    public async Task A_confirmed_account_number_is_not_readable_in_the_database_file_and_only_its_last_four_digits_are_in_clear()
    {
        const string number = "6228481357924680135";
        var village = await new VillageAdmin(database.DbFactory, database.Clock).CreateAsync(new VillageInput($"{Guid.NewGuid():N}"[..6] + "村", "Vault"), database.AdminId);
        var households = new HouseholdAdmin(database.DbFactory, database.AccountNumbers, database.Clock);
        var created = await households.CreateAsync(new HouseholdInput(village.Id, "巴特尔", "Bater", "", number, false, "巴特尔", "农业银行"), database.AdminId);
        var accounts = new PayoutAccounts(database.DbFactory, database.AccountNumbers, database.Clock);
        var change = Assert.Single((await accounts.PendingAsync(database.SecondAdminId))!, c => c.HouseholdId == created.Id);
        Assert.Equal("•••• 0135", change.MaskedNumber);
        Assert.True((await accounts.ConfirmAsync(change.Id, database.SecondAdminId)).Succeeded);

        await using (var db = await database.CreateDbContextAsync())
        {
            var household = await db.Households.SingleAsync(h => h.Id == created.Id);
            Assert.StartsWith(AccountNumberProtector.Prefix, household.PayoutAccountEncrypted, StringComparison.Ordinal);
            Assert.Equal("0135", household.PayoutAccountLast4);
            Assert.Equal(number, database.AccountNumbers.Reveal(household.PayoutAccountEncrypted));
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        var row = Assert.Single(await households.ListAsync(new HouseholdFilter(VillageId: village.Id)));
        Assert.Equal("•••• 0135", row.MaskedAccount);
        var file = await File.ReadAllBytesAsync(Path.Combine(database.Folder, "sponsorship.db"));
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(number)));
        Assert.Equal(-1, file.AsSpan().IndexOf(Encoding.ASCII.GetBytes(number[..12])));
    }

    [Fact]
    public void A_number_encrypted_under_another_key_or_tampered_with_is_refused_instead_of_read_as_garbage()
    {
        var other = AccountNumberProtector.FromBase64(AccountNumberProtector.NewKey(), "other key");
        var stored = other.Protect("6222020200112233445");

        var error = Assert.Throws<CryptographicException>(() => database.AccountNumbers.Reveal(stored.Encrypted));
        Assert.Contains("another key", error.Message, StringComparison.Ordinal);
        var ours = database.AccountNumbers.Protect("6222020200112233445");
        Assert.NotEqual(ours.Encrypted, database.AccountNumbers.Protect("6222020200112233445").Encrypted);
        var bytes = Convert.FromBase64String(ours.Encrypted.Split(':')[2]);
        bytes[^1] ^= 1;
        var tampered = string.Join(':', ours.Encrypted.Split(':')[..2]) + ":" + Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => database.AccountNumbers.Reveal(tampered));
        Assert.Throws<InvalidOperationException>(() => AccountNumberProtector.FromBase64("c2hvcnQ=", "Privacy:AccountNumberKey"));
    }

    [Fact]
    public async Task Opening_a_batchs_account_numbers_on_the_approval_screen_and_in_the_bank_file_is_written_to_the_audit_trail()
    {
        var money = new MoneyTestData(database.DbFactory);
        var adminA = await money.UserIdAsync(Core.Demo.DemoAccounts.Admin.Email);
        var adminB = await money.UserIdAsync(Core.Demo.DemoAccounts.SecondAdmin.Email);
        var sponsor = await money.UserIdAsync(Core.Demo.DemoAccounts.Sponsor.Email);
        int householdId;
        await using (var db = await database.CreateDbContextAsync())
        {
            householdId = await db.Households.OrderBy(h => h.Id).Skip(40).Select(h => h.Id).FirstAsync();
        }

        await money.AdoptAndPayAsync(await money.FreeSheepAsync(householdId), sponsor, 9_000_000, TestDatabase.Start.AddDays(-10));
        var batches = new PayoutBatches(database.DbFactory, database.AccountNumbers, database.Clock);
        var (batchId, outcome) = await batches.DraftAsync(new DateOnly(2026, 11, 30), 1_000_000, adminA);
        Assert.Equal(PayoutOutcome.Done, outcome);

        var detail = await batches.DetailAsync(batchId!.Value, adminB);
        Assert.Equal(PayoutOutcome.Done, await batches.ApproveAsync(batchId.Value, adminB));
        Assert.Equal(PayoutOutcome.Done, await batches.ExportAsync(batchId.Value, adminA));
        var file = Encoding.UTF8.GetString((await batches.BankFileAsync(batchId.Value, adminA))!);

        var line = Assert.Single(detail!.Lines, l => l.HouseholdId == householdId);
        await using var check = await database.CreateDbContextAsync();
        var last4 = await check.Households.Where(h => h.Id == householdId).Select(h => h.PayoutAccountLast4).SingleAsync();
        Assert.EndsWith(last4, line.Account, StringComparison.Ordinal);
        Assert.True(line.Account.Length > 12);
        Assert.Contains(line.Account, file, StringComparison.Ordinal);
        var reads = await check.AuditEntries.Where(e => e.Entity == nameof(PayoutBatch) && e.Key == batchId.Value.ToString() && e.Action == AuditAction.Read)
            .OrderBy(e => e.Id).Select(e => new { e.UserId, e.ChangedFields }).ToListAsync();
        Assert.Equal(
            [new { UserId = adminB, ChangedFields = AccountNumberReads.PayoutBatchLines }, new { UserId = adminA, ChangedFields = AccountNumberReads.BankFile }],
            reads);
    }

    [Fact]
    public async Task Numbers_an_older_version_stored_in_clear_are_encrypted_at_start_and_the_upgrade_runs_once()
    {
        int householdId;
        await using (var db = await database.CreateDbContextAsync())
        {
            householdId = await db.Households.OrderBy(h => h.Id).Skip(60).Select(h => h.Id).FirstAsync();
            await db.Households.Where(h => h.Id == householdId)
                .ExecuteUpdateAsync(set => set.SetProperty(h => h.PayoutAccountEncrypted, "6228000011112222").SetProperty(h => h.PayoutAccountLast4, ""));
        }

        Assert.True(await AccountNumberUpgrade.RunAsync(database.DbFactory, database.AccountNumbers) >= 1);
        Assert.Equal(0, await AccountNumberUpgrade.RunAsync(database.DbFactory, database.AccountNumbers));

        await using var check = await database.CreateDbContextAsync();
        var household = await check.Households.SingleAsync(h => h.Id == householdId);
        Assert.Equal(("6228000011112222", "2222"), (database.AccountNumbers.Reveal(household.PayoutAccountEncrypted), household.PayoutAccountLast4));
    }
}
