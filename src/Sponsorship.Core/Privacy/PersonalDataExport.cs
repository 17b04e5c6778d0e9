using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Visits;

namespace Sponsorship.Core.Privacy;

public sealed record ExportedAccount(
    string Id, string? Email, bool EmailConfirmed, string DisplayName, string? PhoneNumber, string PreferredCulture,
    IReadOnlyList<string> Roles, string? HerderHousehold, bool TwoFactorEnabled, bool AuthenticatorAppSetUp,
    int? PrivacyNoticeVersion, DateTimeOffset? PrivacyNoticeAcceptedAt, DateTimeOffset? DisabledAt);

public sealed record ExportedMailPreferences(bool GrowthUpdates, bool MonthlyDigest, bool NewsMail, DateTimeOffset? NewsMailConsentedAt);

public sealed record ExportedSheep(int Id, string Name, string NameLatin, string EarTag, Breed Breed, Sex Sex, string Household, string Village);

public sealed record ExportedGift(string? RecipientName, string? RecipientEmail, DateOnly? RevealOn, DateTimeOffset? RevealedAt, DateTimeOffset? ClaimedAt);

public sealed record ExportedAdoption(
    int Id, ExportedSheep Sheep, string Plan, AdoptionStatus Status, long PriceFen, int TermMonths, DateTimeOffset CreatedAt,
    DateTimeOffset? StartAt, DateTimeOffset? EndAt, DateTimeOffset? ClosedAt, string NameOnCertificate, bool ShowNameOnVerification,
    EndOfTermOptions EndOfTermChoice, DeathPolicy DeathPolicy, string DeliveryAddress, bool BoughtByYou, ExportedGift? Gift);

public sealed record ExportedPayment(
    int Id, int AdoptionId, PaymentPurpose Purpose, string Provider, long AmountFen, string Currency, PaymentStatus Status,
    DateTimeOffset CreatedAt, DateTimeOffset? CapturedAt, DateTimeOffset? ClosedAt, DateTimeOffset? TermStart, DateTimeOffset? TermEnd,
    int? VisitId = null);

public sealed record ExportedCertificate(
    string Serial, int AdoptionId, string NameOnCertificate, string SheepName, string SheepNameLatin, DateOnly TermStart, DateOnly TermEnd,
    DateTimeOffset IssuedAt, CertificateStatus Status);

public sealed record ExportedMail(string Kind, string? Subject, OutboxStatus Status, DateTimeOffset QueuedAt, DateTimeOffset? SentAt);

public sealed record ExportedVisit(
    int Id, string Household, DateOnly Day, int Adults, int Children, long PriceFen, VisitBookingStatus Status, string ContactName,
    string ContactPhone, DateTimeOffset CreatedAt);

public sealed record ExportedAuditEntry(DateTimeOffset At, string Entity, AuditAction Action, string ChangedFields, bool ByYou);

/// <summary>A copy of everything the platform holds about one person (<see cref="PersonalDataExport"/>).</summary>
public sealed record PersonalDataCopy(
    DateTimeOffset ExportedAt,
    ExportedAccount Account,
    ExportedMailPreferences MailPreferences,
    IReadOnlyList<ExportedAdoption> Adoptions,
    IReadOnlyList<ExportedAdoption> GiftsSent,
    IReadOnlyList<ExportedAdoption> GiftsReceived,
    IReadOnlyList<ExportedPayment> Payments,
    IReadOnlyList<ExportedCertificate> Certificates,
    long CreditBalanceFen,
    IReadOnlyList<ExportedMail> Mails,
    IReadOnlyList<ExportedAuditEntry> AuditEntries,
    IReadOnlyList<ExportedVisit> Visits);

/// <summary>
/// The right to a copy: the account, every adoption with its sheep and term, gifts sent and received, payments,
/// certificates, the credit the programme owes, mail preferences and consents, the mails sent (kind, subject, dates —
/// not their bodies, which are rebuilt from the records above), the audit entries about the account and the visits they
/// asked for (with the name and phone they gave the herders). Which records
/// are the person's is decided by <see cref="PersonalRecords"/>, the same rules the deletion erases by.
/// </summary>
public sealed class PersonalDataExport(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>More than any person has; a bound so one request cannot read a whole table.</summary>
    public const int MaxRows = 5_000;

    /// <summary>The copy for the signed-in person; null when the account does not exist or was deleted.</summary>
    public async Task<PersonalDataCopy?> ExportAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userRole.UserId == userId
                           orderby role.Name
                           select role.Name!).ToListAsync(cancellationToken);
        var household = user.HerderHouseholdId is { } householdId
            ? await db.Households.Where(h => h.Id == householdId).Select(h => h.HeadName + "家 · " + h.HeadNameLatin + " household").FirstOrDefaultAsync(cancellationToken)
            : null;
        var authenticator = await db.UserTokens.AnyAsync(t => t.UserId == userId && t.Name == "AuthenticatorKey", cancellationToken);
        var account = new ExportedAccount(
            user.Id, user.Email, user.EmailConfirmed, user.DisplayName, user.PhoneNumber, user.PreferredCulture, roles, household,
            user.TwoFactorEnabled, authenticator, user.PrivacyNoticeVersion, user.PrivacyNoticeAcceptedAt, user.DisabledAt);
        var preferences = new ExportedMailPreferences(
            user.GrowthUpdatesStoppedAt is null, user.MonthlyDigestStoppedAt is null, user.NewsMailConsentedAt is not null, user.NewsMailConsentedAt);

        var adoptions = await AdoptionsAsync(db, PersonalRecords.Held(db, userId), userId, cancellationToken);
        var sent = await AdoptionsAsync(db, PersonalRecords.GiftsSent(db, userId), userId, cancellationToken);
        var received = adoptions.Where(a => !a.BoughtByYou).ToList();

        var payments = await PersonalRecords.Payments(db, userId).AsNoTracking().OrderBy(p => p.Id).Take(MaxRows)
            .Select(p => new ExportedPayment(
                p.Id, p.AdoptionId ?? p.VisitBooking!.AdoptionId, p.Purpose, p.Provider, p.AmountFen, p.Currency, p.Status, p.CreatedAt,
                p.CapturedAt, p.ClosedAt, p.TermStart, p.TermEnd, p.VisitBookingId))
            .ToListAsync(cancellationToken);
        var held = PersonalRecords.Held(db, userId).Select(a => a.Id);
        var certificates = await db.Certificates.AsNoTracking().Where(c => held.Contains(c.AdoptionId)).OrderBy(c => c.Id).Take(MaxRows)
            .Select(c => new ExportedCertificate(c.Serial, c.AdoptionId, c.NameOnCertificate, c.Sheep.Name, c.Sheep.NameLatin, c.TermStart, c.TermEnd, c.IssuedAt, c.Status))
            .ToListAsync(cancellationToken);
        var credit = await db.LedgerAccounts.AsNoTracking().Where(a => a.Code == LedgerAccounts.SponsorCredit(userId))
            .Select(a => a.BalanceFen).FirstOrDefaultAsync(cancellationToken);
        var mails = await PersonalRecords.Mails(db, userId, user.Email).AsNoTracking().OrderBy(m => m.Id).Take(MaxRows)
            .Select(m => new ExportedMail(m.Kind, m.Subject, m.Status, m.CreatedAt, m.SentAt))
            .ToListAsync(cancellationToken);
        var audit = await PersonalRecords.AuditAboutAccount(db, userId).AsNoTracking().OrderBy(e => e.Id).Take(MaxRows)
            .Select(e => new ExportedAuditEntry(e.At, e.Entity, e.Action, e.ChangedFields, e.UserId == userId))
            .ToListAsync(cancellationToken);

        var visits = await db.VisitBookings.AsNoTracking().Where(b => b.SponsorUserId == userId).OrderBy(b => b.Id).Take(MaxRows)
            .Select(b => new ExportedVisit(
                b.Id, b.Offer.Household.HeadName + "家 · " + b.Offer.Household.HeadNameLatin + " household", b.Day, b.Adults, b.Children,
                b.PriceFen, b.Status, b.ContactName, b.ContactPhone, b.CreatedAt))
            .ToListAsync(cancellationToken);

        return new PersonalDataCopy(
            clock.GetUtcNow(), account, preferences, adoptions, sent, received, payments, certificates, credit, mails, audit, visits);
    }

    private static async Task<List<ExportedAdoption>> AdoptionsAsync(
        SponsorshipDbContext db, IQueryable<Adoption> adoptions, string userId, CancellationToken cancellationToken)
    {
        var rows = await adoptions.AsNoTracking().OrderBy(a => a.Id).Take(MaxRows)
            .Select(a => new
            {
                a.Id, a.SheepId, SheepName = a.Sheep.Name, SheepNameLatin = a.Sheep.NameLatin, a.Sheep.Breed, a.Sheep.Sex,
                Household = a.Sheep.Household.HeadName + "家 · " + a.Sheep.Household.HeadNameLatin + " household",
                Village = a.Sheep.Household.Village.Name + " · " + a.Sheep.Household.Village.NameLatin,
                Plan = a.Plan.NameZh + " · " + a.Plan.NameEn, a.Status, a.PriceFen, a.TermMonths, a.CreatedAt, a.StartAt, a.EndAt, a.ClosedAt,
                a.NameOnCertificate, a.ShowNameOnVerification, a.EndOfTermChoice, a.DeathPolicy, a.DeliveryAddress,
                Bought = a.BuyerUserId == userId, a.GiftRecipientName, a.GiftRecipientEmail, a.GiftRevealOn, a.GiftRevealedAt, a.GiftClaimedAt,
            })
            .ToListAsync(cancellationToken);
        var tags = await SheepTags.CurrentEarTagsAsync(db, [.. rows.Select(r => r.SheepId).Distinct()], cancellationToken);
        return [.. rows.Select(a => new ExportedAdoption(
            a.Id, new ExportedSheep(a.SheepId, a.SheepName, a.SheepNameLatin, tags.GetValueOrDefault(a.SheepId, ""), a.Breed, a.Sex, a.Household, a.Village),
            a.Plan, a.Status, a.PriceFen, a.TermMonths, a.CreatedAt, a.StartAt, a.EndAt, a.ClosedAt, a.NameOnCertificate, a.ShowNameOnVerification,
            a.EndOfTermChoice, a.DeathPolicy, a.DeliveryAddress, a.Bought,
            a.GiftRecipientEmail is null ? null : new ExportedGift(a.GiftRecipientName, a.GiftRecipientEmail, a.GiftRevealOn, a.GiftRevealedAt, a.GiftClaimedAt)))];
    }
}
