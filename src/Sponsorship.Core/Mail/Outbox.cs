using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Mail;

/// <summary>The templates the dispatcher knows, by the <see cref="OutboxMail.Kind"/> that names them; each has its payload record in <see cref="MailPayload"/>.</summary>
public static class MailKinds
{
    public const string ConfirmEmail = "ConfirmEmail";
    public const string PasswordReset = "PasswordReset";
    public const string AccountExists = "AccountExists";
    public const string AdoptionConfirmed = "AdoptionConfirmed";
    public const string GiftReveal = "GiftReveal";
    public const string RenewalReminder = "RenewalReminder";
    public const string EndOfTerm = "EndOfTerm";
    public const string DeathNotice = "DeathNotice";
    public const string ReplacementAssigned = "ReplacementAssigned";
    public const string GrowthUpdate = "GrowthUpdate";
    public const string MonthlyDigest = "MonthlyDigest";
    public const string PayoutNotice = "PayoutNotice";
    public const string OrganisationInvitation = "OrganisationInvitation";
    public const string OrderConfirmed = "OrderConfirmed";

    /// <summary>Every kind, in the order the office's filter lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        AdoptionConfirmed, OrderConfirmed, GiftReveal, GrowthUpdate, MonthlyDigest, RenewalReminder, EndOfTerm, DeathNotice, ReplacementAssigned,
        PayoutNotice, OrganisationInvitation, ConfirmEmail, PasswordReset, AccountExists,
    ];
}

/// <summary>Queues a mail in the caller's context: it is sent only if the change that caused it commits.</summary>
public static class Outbox
{
    /// <summary>
    /// Adds the mail to the context. A blank address queues nothing (the returned mail is not added): a deleted account
    /// has no address, and the jobs that mail sponsors — term ends, deaths, replacements, reminders — skip it here.
    /// </summary>
    public static OutboxMail Queue(
        SponsorshipDbContext db, MailPayload payload, string toEmail, string toName, string culture,
        DateTimeOffset now, string? recipientUserId = null, string? dedupeKey = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(payload);
        var mail = new OutboxMail
        {
            Kind = payload.Kind,
            ToEmail = toEmail,
            ToName = toName,
            Culture = culture,
            RecipientUserId = recipientUserId,
            PayloadJson = payload.ToJson(),
            DedupeKey = dedupeKey,
            MessageId = $"{Guid.NewGuid():N}@sponsorship.local",
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        if (!string.IsNullOrWhiteSpace(toEmail))
        {
            db.OutboxMails.Add(mail);
        }

        return mail;
    }

    /// <summary>
    /// A mail to an account, in the account's language: the one rule for every mail to a person who has an account,
    /// whatever page they were on when the mail's cause began (a checkout in Chinese, a renewal in English).
    /// </summary>
    public static OutboxMail Queue(
        SponsorshipDbContext db, MailPayload payload, ApplicationUser recipient, DateTimeOffset now, string? dedupeKey = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return Queue(db, payload, recipient.Email ?? "", recipient.DisplayName, recipient.PreferredCulture, now, recipient.Id, dedupeKey);
    }

    /// <summary>
    /// The language of a mail to an address that may have no account (a gift's recipient, an invited colleague): the
    /// account's language if the address has one, else <paramref name="fallback"/> (the language of the page that wrote it).
    /// </summary>
    public static async Task<string> CultureOfAddressAsync(SponsorshipDbContext db, string email, string fallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var normalized = email.Trim().ToUpperInvariant();
        return await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.PreferredCulture).FirstOrDefaultAsync(cancellationToken)
            ?? fallback;
    }
}
