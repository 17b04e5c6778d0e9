using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Privacy;
using CertificateSamples = Sponsorship.Core.Tests.Certificates.CertificateSamples;

namespace Sponsorship.Core.Tests.Privacy;

/// <summary>Deleting a person erases them and keeps every record the books need, on a real SQLite file.</summary>
public class PersonalDataDeletionTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private readonly PrivacyScene scene = new(database);

    private PersonalDataDeletion Deletion => new(database.DbFactory, [], database.Clock);

    [Fact]
    public async Task Deleting_a_sponsor_with_an_active_adoption_a_refunded_one_a_gift_in_flight_and_a_pending_payment_erases_them_and_keeps_the_books()
    {
        var email = $"zoe-{Guid.NewGuid():N}@example.com";
        var sponsor = await scene.NewUserAsync(email);
        var (active, serial) = await scene.ActiveAsync(sponsor, household: 11);
        var refunded = await scene.RefundedAsync(sponsor, household: 12);
        var gift = await scene.GiftInFlightAsync(sponsor, household: 13);
        var (pending, pendingPayment) = await scene.PendingAsync(sponsor, household: 14);
        var (sentMail, waitingMail) = await scene.MailsAsync(sponsor, email, active);
        int transactionsBefore;
        await using (var db = await database.CreateDbContextAsync())
        {
            transactionsBefore = await db.LedgerTransactions.CountAsync();
        }

        var result = await Deletion.DeleteOwnAccountAsync(sponsor);

        Assert.True(result.Succeeded, result.Error.ToString());
        await using (var db = await database.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Id == sponsor);
            Assert.Equal((null, null, null, null, null), (user.Email, user.UserName, user.NormalizedEmail, user.PhoneNumber, user.PasswordHash));
            Assert.Equal($"已注销的认养人 #{result.Number} · Deleted sponsor #{result.Number}", user.DisplayName);
            Assert.NotNull(user.DeletedAt);
            Assert.Empty(await db.UserRoles.Where(r => r.UserId == sponsor).ToListAsync());

            var adoptions = await db.Adoptions.Where(a => a.SponsorUserId == sponsor).ToDictionaryAsync(a => a.Id);
            Assert.Equal(AdoptionStatus.Active, adoptions[active].Status);
            Assert.Equal(("", "", EndOfTermOptions.NothingFurther), (adoptions[active].NameOnCertificate, adoptions[active].DeliveryAddress, adoptions[active].EndOfTermChoice));
            Assert.Equal(AdoptionStatus.Refunded, adoptions[refunded].Status);
            Assert.Equal((AdoptionStatus.Refunded, "", null, null), (adoptions[gift].Status, adoptions[gift].GiftRecipientEmail, adoptions[gift].GiftRecipientName, adoptions[gift].GiftClaimTokenHash));
            Assert.Equal(AdoptionStatus.Cancelled, adoptions[pending].Status);
            Assert.Equal(PaymentStatus.Expired, (await db.Payments.SingleAsync(p => p.Id == pendingPayment)).Status);
            Assert.Equal(4, await db.Payments.CountAsync(p => p.Adoption!.BuyerUserId == sponsor));

            var mails = await db.OutboxMails.Where(m => m.Id == sentMail || m.Id == waitingMail).ToDictionaryAsync(m => m.Id);
            Assert.Equal((OutboxStatus.Sent, "", null, "{}"), (mails[sentMail].Status, mails[sentMail].ToEmail, mails[sentMail].Subject, mails[sentMail].PayloadJson));
            Assert.Equal((OutboxStatus.Cancelled, ""), (mails[waitingMail].Status, mails[waitingMail].ToEmail));

            // The gift's unearned remainder went back through the ledger; nothing was removed from it, and it still adds up.
            Assert.True(await db.LedgerTransactions.CountAsync() > transactionsBefore);
            var integrity = await LedgerIntegrity.CheckAsync(db, database.Clock.GetUtcNow());
            Assert.True(integrity.IsIntact);

            var deletion = await db.AccountDeletions.SingleAsync(d => d.UserId == sponsor);
            Assert.Equal((result.Number, DeletionBasis.OwnRequest, sponsor), (deletion.Id, deletion.Basis, deletion.DeletedByUserId));
            var audit = await db.AuditEntries.SingleAsync(e => e.Entity == nameof(ApplicationUser) && e.Key == sponsor && e.Action == AuditAction.Anonymised);
            Assert.Equal(sponsor, audit.UserId);
            Assert.False(await db.AuditEntries.AnyAsync(e => e.ChangedFields.Contains(email)));
        }

        // The public verification page still shows the sheep and the term, but nobody's name.
        var verified = await new CertificateVerification(database.DbFactory, CertificateSamples.Codes)
            .VerifyAsync(serial, CertificateSamples.Codes.CodeFor(serial));
        Assert.Equal(VerificationOutcome.Valid, verified.Outcome);
        Assert.Equal("", verified.SponsorName);
        Assert.False(string.IsNullOrEmpty(verified.Certificate!.SheepName));

        // Nobody can sign in to it again, by the old address or otherwise.
        await using var scope = database.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Null(await users.FindByEmailAsync(email));
        Assert.False(await users.CheckPasswordAsync((await users.FindByIdAsync(sponsor))!, PrivacyScene.Password));
        Assert.Equal(DeletionError.AlreadyDeleted, (await Deletion.DeleteOwnAccountAsync(sponsor)).Error);
    }

    [Fact]
    public async Task The_erased_address_and_name_cannot_be_read_back_from_the_database_file()
    {
        var email = $"rare-{Guid.NewGuid():N}@example.com";
        var sponsor = await scene.NewUserAsync(email);
        var (active, _) = await scene.ActiveAsync(sponsor, household: 15);
        await scene.MailsAsync(sponsor, email, active);
        Assert.NotEqual(-1, (await DatabaseBytesAsync()).AsSpan().IndexOf(Encoding.UTF8.GetBytes(email)));

        Assert.True((await Deletion.DeleteOwnAccountAsync(sponsor)).Succeeded);

        var bytes = await DatabaseBytesAsync();
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(email)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(email.ToUpperInvariant())));
    }

    /// <summary>The database file and its write-ahead log, as someone copying them off the disk would read them.</summary>
    private async Task<byte[]> DatabaseBytesAsync()
    {
        var file = await File.ReadAllBytesAsync(Path.Combine(database.Folder, "sponsorship.db"));
        var wal = Path.Combine(database.Folder, "sponsorship.db-wal");
        return File.Exists(wal) ? [.. file, .. await File.ReadAllBytesAsync(wal)] : file;
    }

    [Fact]
    public async Task Two_deletions_of_one_account_at_the_same_moment_erase_it_once()
    {
        var sponsor = await scene.NewUserAsync($"twice-{Guid.NewGuid():N}@example.com");
        await scene.ActiveAsync(sponsor, household: 16);
        using var barrier = new Barrier(4);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            barrier.SignalAndWait();
            return await Deletion.DeleteOwnAccountAsync(sponsor);
        })));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(DeletionError.AlreadyDeleted, r.Error));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.AccountDeletions.CountAsync(d => d.UserId == sponsor));
        Assert.True((await LedgerIntegrity.CheckAsync(db, database.Clock.GetUtcNow())).IsIntact);
    }

    [Fact]
    public async Task A_herder_is_deleted_only_by_an_administrator_on_a_written_request_and_the_household_keeps_its_flock_and_earnings()
    {
        var householdId = await scene.HouseholdAsync(17);
        var email = $"herder-{Guid.NewGuid():N}@example.com";
        var herder = await scene.NewUserAsync(email, Roles.Herder, householdId);
        int sheepBefore;
        await using (var db = await database.CreateDbContextAsync())
        {
            sheepBefore = await db.Sheep.CountAsync(s => s.HouseholdId == householdId);
        }

        Assert.Equal(DeletionError.AskAnAdministrator, (await Deletion.DeleteOwnAccountAsync(herder)).Error);
        Assert.Equal(DeletionError.NotAllowed, (await Deletion.DeleteOnRequestAsync(email, "函 2026-17", herder)).Error);
        Assert.Equal(DeletionError.ReferenceRequired, (await Deletion.DeleteOnRequestAsync(email, "  ", database.AdminId)).Error);
        Assert.Equal(DeletionError.ReferenceTooLong, (await Deletion.DeleteOnRequestAsync(email, new string('x', 65), database.AdminId)).Error);
        Assert.Equal(DeletionError.NotFound, (await Deletion.DeleteOnRequestAsync("nobody@example.com", "函 2026-17", database.AdminId)).Error);
        Assert.Equal(DeletionError.Self, (await Deletion.DeleteOnRequestAsync("test-admin@example.com", "函 2026-17", database.AdminId)).Error);

        var result = await Deletion.DeleteOnRequestAsync(email, "函 2026-17", database.AdminId);

        Assert.True(result.Succeeded, result.Error.ToString());
        await using (var db = await database.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Id == herder);
            Assert.Equal((null, (int?)null), (user.Email, user.HerderHouseholdId));
            Assert.Equal($"已注销的牧民 #{result.Number} · Deleted herder #{result.Number}", user.DisplayName);
            Assert.Equal(sheepBefore, await db.Sheep.CountAsync(s => s.HouseholdId == householdId));
            Assert.True(await db.Households.AnyAsync(h => h.Id == householdId && h.ArchivedAt == null));
            var deletion = await db.AccountDeletions.SingleAsync(d => d.UserId == herder);
            Assert.Equal((DeletionBasis.WrittenRequest, database.AdminId, "函 2026-17"), (deletion.Basis, deletion.DeletedByUserId, deletion.RequestReference));
        }
    }

    [Fact]
    public async Task A_deleted_sponsors_unpaid_checkout_is_closed_and_its_sheep_released()
    {
        var sponsor = await scene.NewUserAsync($"late-{Guid.NewGuid():N}@example.com");
        var (adoptionId, paymentId) = await scene.PendingAsync(sponsor, household: 18);
        Assert.True((await Deletion.DeleteOwnAccountAsync(sponsor)).Succeeded);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(PaymentStatus.Expired, (await db.Payments.SingleAsync(p => p.Id == paymentId)).Status);
        Assert.Equal(AdoptionStatus.Cancelled, (await db.Adoptions.SingleAsync(a => a.Id == adoptionId)).Status);
        Assert.False(await db.Adoptions.AnyAsync(a => a.Id == adoptionId && a.ReservedUntil != null));
    }
}
