using System.Text.Json;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Mail;

/// <summary>The templates the dispatcher knows, by the <see cref="OutboxMail.Kind"/> that names them.</summary>
public static class MailKinds
{
    public const string ConfirmEmail = "ConfirmEmail";
    public const string PasswordReset = "PasswordReset";

    /// <summary>Payload: <c>{"Link":"https://…/Account/Login"}</c>: someone tried to register with an address that has an account.</summary>
    public const string AccountExists = "AccountExists";

    /// <summary>Payload: <c>{"AdoptionId":12}</c>; the certificate is attached.</summary>
    public const string AdoptionConfirmed = "AdoptionConfirmed";

    /// <summary>Payload: <c>{"AdoptionId":12,"ClaimUrl":"https://…/gifts/claim/…"}</c>; to the gift's recipient.</summary>
    public const string GiftReveal = "GiftReveal";

    /// <summary>Payload: <c>{"AdoptionId":12}</c>.</summary>
    public const string RenewalReminder = "RenewalReminder";

    /// <summary>Payload: <c>{"AdoptionId":12}</c>: the term ended and what happens now (the end-of-term choice).</summary>
    public const string EndOfTerm = "EndOfTerm";

    /// <summary>Payload: <c>{"AdoptionId":12,"LogId":345}</c>: the sheep died; the cause and what the policy does next.</summary>
    public const string DeathNotice = "DeathNotice";

    /// <summary>Payload: <c>{"AdoptionId":12}</c>: the adoption moved to a replacement sheep.</summary>
    public const string ReplacementAssigned = "ReplacementAssigned";

    /// <summary>Payload: <c>{"AdoptionId":12,"LogIds":[…]}</c>.</summary>
    public const string GrowthUpdate = "GrowthUpdate";

    public const string MonthlyDigest = "MonthlyDigest";
    public const string PayoutNotice = "PayoutNotice";

    /// <summary>Payload: <c>OrganisationInvitationMail</c>; to the invited address.</summary>
    public const string OrganisationInvitation = "OrganisationInvitation";

    /// <summary>Payload: <c>OrderConfirmedMail</c>; one mail to the contact for a whole organisation order.</summary>
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
        SponsorshipDbContext db, string kind, string toEmail, string toName, string culture, object payload,
        DateTimeOffset now, string? recipientUserId = null, string? dedupeKey = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var mail = new OutboxMail
        {
            Kind = kind,
            ToEmail = toEmail,
            ToName = toName,
            Culture = culture,
            RecipientUserId = recipientUserId,
            PayloadJson = JsonSerializer.Serialize(payload),
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
