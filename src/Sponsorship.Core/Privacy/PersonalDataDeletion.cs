using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Privacy;

public enum DeletionError
{
    None = 0,
    NotFound,
    AlreadyDeleted,

    /// <summary>The caller is not an administrator (any more).</summary>
    NotAllowed,

    /// <summary>Herders and administrators are deleted by an administrator (their household's or the office's work depends on it).</summary>
    AskAnAdministrator,

    /// <summary>An administrator cannot delete their own account; another one can.</summary>
    Self,

    /// <summary>Deleting this administrator would leave fewer than two, and nobody could confirm a new one.</summary>
    TooFewAdmins,

    /// <summary>An administrator acting on a written request records its reference.</summary>
    ReferenceRequired,
    ReferenceTooLong,
}

/// <param name="Number">The anonymous party's number ("已注销的认养人 #12").</param>
public sealed record DeletionResult(DeletionError Error, int Number = 0)
{
    public bool Succeeded => Error == DeletionError.None;
}

/// <summary>
/// Erases a person and keeps the books. The account row stays (the ledger, payments, adoptions and certificates point at
/// it) but carries nothing of the person: name, e-mail, phone and password go, it can never sign in again, and it is
/// called "已注销的认养人 #N" from then on. In the same transaction, what each record of theirs becomes:
/// <list type="bullet">
/// <item>an active adoption continues to its term end — the herder is still paid for the sheep's care — without mail,
/// and with nothing to deliver at the end (the address is gone): a meat box, wool or breeding choice becomes "nothing
/// further", and anything already due for delivery is taken off the list;</item>
/// <item>a pending payment is closed (expired) and its held sheep released; a capture that arrives later is flagged
/// for a refund (<see cref="PaymentEvents"/>);</item>
/// <item>a gift they bought that nobody has claimed is cancelled and refunded by the refund rule (the unexpired part,
/// capped at what is still held; released shares stay with those who earned them), its certificate revoked and its
/// claim link dead;</item>
/// <item>certificates keep sheep and term but no name, so the public verification page shows no one;</item>
/// <item>mail to them is emptied of address and content (kind and dates stay) and what was waiting is cancelled; the
/// Development mailbox's copies are deleted; webhook payloads of their payments are emptied;</item>
/// <item>a herder's household, its sheep, earnings and payouts stay with the household, unlinked from the person;</item>
/// <item>the ledger is never touched (it is hash-chained and append-only); its accounts name the account's id only.</item>
/// </list>
/// An <see cref="AccountDeletion"/> and an audit entry record that it happened, when and by whom, without the data.
/// </summary>
public sealed class PersonalDataDeletion(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<CaughtMailbox> mailboxes, TimeProvider clock)
{
    public const string CancelledMail = "Not sent: the recipient's account was deleted.";

    private const EndOfTermOptions NeedsDelivery = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding;

    /// <summary>A sponsor deletes their own account (the page has checked their password).</summary>
    public Task<DeletionResult> DeleteOwnAccountAsync(string userId, CancellationToken cancellationToken = default) =>
        DeleteAsync(userId, userId, DeletionBasis.OwnRequest, null, cancellationToken);

    /// <summary>An administrator deletes an account (a sponsor's, a herder's or another administrator's) on a written request.</summary>
    public async Task<DeletionResult> DeleteOnRequestAsync(
        string email, string requestReference, string adminUserId, CancellationToken cancellationToken = default)
    {
        var reference = (requestReference ?? "").Trim();
        if (reference.Length == 0)
        {
            return new DeletionResult(DeletionError.ReferenceRequired);
        }

        if (reference.Length > AccountDeletionConfiguration.MaxReferenceLength)
        {
            return new DeletionResult(DeletionError.ReferenceTooLong);
        }

        string? userId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
            {
                return new DeletionResult(DeletionError.NotAllowed);
            }

            var normalized = (email ?? "").Trim().ToUpperInvariant();
            userId = normalized.Length == 0 ? null
                : await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        }

        return userId is null
            ? new DeletionResult(DeletionError.NotFound)
            : await DeleteAsync(userId, adminUserId, DeletionBasis.WrittenRequest, reference, cancellationToken);
    }

    private async Task<DeletionResult> DeleteAsync(
        string userId, string actorUserId, DeletionBasis basis, string? reference, CancellationToken cancellationToken)
    {
        string? erasedEmail = null;
        var result = await LedgerWrites.RunAsync(dbFactory, async db =>
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
            if (user is null)
            {
                return new DeletionResult(DeletionError.NotFound);
            }

            if (user.DeletedAt is not null)
            {
                return new DeletionResult(DeletionError.AlreadyDeleted);
            }

            var roles = await (from userRole in db.UserRoles
                               join role in db.Roles on userRole.RoleId equals role.Id
                               where userRole.UserId == userId
                               select role.Name).ToListAsync(cancellationToken);
            var staffRole = roles.Contains(Roles.Admin) ? Roles.Admin : roles.Contains(Roles.Herder) ? Roles.Herder : null;
            if (await RefusalAsync(db, user, staffRole, actorUserId, basis, cancellationToken) is { } refused)
            {
                return new DeletionResult(refused);
            }

            var now = clock.GetUtcNow();

            // The claim: of two deletions at once, the unique index lets one through; the other finds the account deleted.
            var deletion = new AccountDeletion
            {
                UserId = userId, Role = staffRole ?? Roles.Sponsor, Basis = basis, DeletedByUserId = actorUserId,
                RequestReference = reference, At = now,
            };
            db.AccountDeletions.Add(deletion);
            await db.SaveChangesAsync(cancellationToken);

            await SettleMoneyAsync(db, userId, now, cancellationToken);
            await EraseRecordsAsync(db, userId, user.Email, now, cancellationToken);
            await Visits.VisitPrivacy.ForgetSponsorAsync(db, userId, now, cancellationToken);
            erasedEmail = user.Email;
            await EraseAccountAsync(db, user, AccountDeletion.AnonymousName(deletion.Role, deletion.Id), actorUserId, now, cancellationToken);
            db.AuditEntries.Add(new AuditEntry
            {
                At = now, UserId = actorUserId, Entity = nameof(ApplicationUser), Key = userId, Action = AuditAction.Anonymised,
                ChangedFields = $"{nameof(AccountDeletion)}:{deletion.Id}",
            });
            return new DeletionResult(DeletionError.None, deletion.Id);
        }, cancellationToken);

        if (result.Succeeded && erasedEmail is not null)
        {
            foreach (var mailbox in mailboxes)
            {
                mailbox.EraseAddressedTo(erasedEmail);
            }

            await ForgetFreedPagesAsync(cancellationToken);
        }

        return result;
    }

    private static async Task<DeletionError?> RefusalAsync(
        SponsorshipDbContext db, ApplicationUser user, string? staffRole, string actorUserId, DeletionBasis basis, CancellationToken cancellationToken)
    {
        if (basis == DeletionBasis.OwnRequest)
        {
            return staffRole is null ? null : DeletionError.AskAnAdministrator;
        }

        if (user.Id == actorUserId)
        {
            return DeletionError.Self;
        }

        return staffRole == Roles.Admin && await AdminGrants.LeavesTooFewAsync(db, user.Id, cancellationToken) ? DeletionError.TooFewAdmins : null;
    }

    /// <summary>Pending payments close, gifts in flight are refunded; active adoptions continue with nothing left to deliver.</summary>
    private static async Task SettleMoneyAsync(SponsorshipDbContext db, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await PersonalRecords.Payments(db, userId).Where(p => p.Status == PaymentStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Status, PaymentStatus.Expired).SetProperty(p => p.ClosedAt, now), cancellationToken);
        await db.Adoptions.Where(a => a.BuyerUserId == userId && a.Status == AdoptionStatus.PendingPayment && a.OrganisationOrderId == null)
            .ExecuteUpdateAsync(
                set => set.SetProperty(a => a.Status, AdoptionStatus.Cancelled).SetProperty(a => a.ClosedAt, now)
                    .SetProperty(a => a.ReservedUntil, (DateTimeOffset?)null),
                cancellationToken);

        foreach (var gift in await PersonalRecords.GiftsInFlight(db, userId).ToListAsync(cancellationToken))
        {
            await ShareReleases.RefundRemainderAsync(db, gift, now, now, RefundTo.PaymentProvider, cancellationToken);
            gift.Status = AdoptionStatus.Refunded;
            gift.ClosedAt = now;
            gift.GiftClaimTokenHash = null;
            await CertificateIssuer.RevokeAsync(db, gift.Id, now, cancellationToken);
            await db.OutboxMails.Where(m => m.DedupeKey == GiftReveals.DedupeKey(gift.Id)).ExecuteUpdateAsync(EraseMail(now), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        var held = PersonalRecords.Held(db, userId);
        await held.Where(a => (a.EndOfTermChoice & NeedsDelivery) != 0 && a.Fulfilment != FulfilmentStatus.Fulfilled)
            .ExecuteUpdateAsync(
                set => set.SetProperty(a => a.EndOfTermChoice, EndOfTermOptions.NothingFurther)
                    .SetProperty(a => a.Fulfilment, FulfilmentStatus.NotDue),
                cancellationToken);
    }

    /// <summary>Names, addresses, gift recipients' details, certificate names, mail and webhook payloads.</summary>
    private static async Task EraseRecordsAsync(SponsorshipDbContext db, string userId, string? email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = PersonalRecords.Held(db, userId);
        await held.ExecuteUpdateAsync(
            set => set.SetProperty(a => a.NameOnCertificate, "").SetProperty(a => a.DeliveryAddress, "")
                .SetProperty(a => a.ShowNameOnVerification, false),
            cancellationToken);

        // Gifts they received carry their name and address as the recipient; gifts they bought and nobody claimed carry
        // the details they typed about someone else. Both go; the empty address still marks the adoption as a gift.
        // An organisation's unclaimed gifts are the organisation's invitations and stay.
        await db.Adoptions.Where(a => a.GiftRecipientEmail != null
                && (held.Any(h => h.Id == a.Id) || (a.BuyerUserId == userId && a.GiftClaimedAt == null && a.OrganisationOrderId == null)))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.GiftRecipientName, (string?)null).SetProperty(a => a.GiftRecipientEmail, ""), cancellationToken);

        await db.Certificates.Where(c => held.Any(a => a.Id == c.AdoptionId))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.NameOnCertificate, "").SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);

        await PersonalRecords.Mails(db, userId, email).ExecuteUpdateAsync(EraseMail(now), cancellationToken);

        var payments = PersonalRecords.Payments(db, userId).Select(p => (int?)p.Id);
        await db.ProviderEvents.Where(e => payments.Contains(e.PaymentId)).ExecuteUpdateAsync(set => set.SetProperty(e => e.Payload, ""), cancellationToken);
    }

    private static Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<OutboxMail>> EraseMail(DateTimeOffset now) =>
        set => set.SetProperty(m => m.ToEmail, "").SetProperty(m => m.ToName, "").SetProperty(m => m.PayloadJson, "{}")
            .SetProperty(m => m.Subject, (string?)null)
            .SetProperty(m => m.LastError, m => m.Status == OutboxStatus.Pending ? CancelledMail : null)
            .SetProperty(m => m.Status, m => m.Status == OutboxStatus.Pending ? OutboxStatus.Cancelled : m.Status)
            .SetProperty(m => m.NextAttemptAt, m => m.Status == OutboxStatus.Pending ? now : m.NextAttemptAt)
            .SetProperty(m => m.LeaseHolder, (string?)null).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null);

    /// <summary>The account itself: nothing of the person left, no way in, no roles, no tokens, no mail.</summary>
    private static async Task EraseAccountAsync(
        SponsorshipDbContext db, ApplicationUser user, string anonymousName, string actorUserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        user.UserName = null;
        user.NormalizedUserName = null;
        user.Email = null;
        user.NormalizedEmail = null;
        user.EmailConfirmed = false;
        user.PhoneNumber = null;
        user.PhoneNumberConfirmed = false;
        user.PasswordHash = null;
        user.TwoFactorEnabled = false;
        user.LockoutEnabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        user.AccessFailedCount = 0;
        user.DisplayName = anonymousName;
        user.HerderHouseholdId = null;
        user.GrowthUpdatesStoppedAt ??= now;
        user.MonthlyDigestStoppedAt ??= now;
        user.NewsMailConsentedAt = null;
        user.DisabledAt ??= now;
        user.DisabledByUserId ??= actorUserId;
        user.DeletedAt = now;
        SecurityStamps.Renew(user);

        db.UserRoles.RemoveRange(await db.UserRoles.Where(r => r.UserId == user.Id).ToListAsync(cancellationToken));
        db.UserClaims.RemoveRange(await db.UserClaims.Where(c => c.UserId == user.Id).ToListAsync(cancellationToken));
        db.UserLogins.RemoveRange(await db.UserLogins.Where(l => l.UserId == user.Id).ToListAsync(cancellationToken));
        db.UserTokens.RemoveRange(await db.UserTokens.Where(t => t.UserId == user.Id).ToListAsync(cancellationToken));
        await db.AdminGrants.Where(g => g.UserId == user.Id && g.Status == AdminGrantStatus.Pending)
            .ExecuteUpdateAsync(
                set => set.SetProperty(g => g.Status, AdminGrantStatus.Refused).SetProperty(g => g.DecidedByUserId, actorUserId)
                    .SetProperty(g => g.DecidedAt, now),
                cancellationToken);
    }

    /// <summary>
    /// On SQLite, folds the write-ahead log back into the database file and truncates it, so the pages that held the
    /// erased data before the change are not left in the log (secure_delete has already zeroed the freed space).
    /// </summary>
    private async Task ForgetFreedPagesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
    }
}
