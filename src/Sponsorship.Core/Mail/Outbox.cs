using Sponsorship.Core.Data;

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
}
