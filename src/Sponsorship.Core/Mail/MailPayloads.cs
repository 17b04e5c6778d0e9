using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sponsorship.Core.Mail;

/// <summary>
/// What an outbox row carries for its template: one record per mail kind, written by the producer as that type and
/// read back as that type by <see cref="Read"/>. The JSON property names are the record's, so a row keeps rendering
/// after a release as long as a property is only ever added (optional) and never renamed.
/// </summary>
public abstract record MailPayload
{
    private static readonly Dictionary<string, Type> TypeOfKind = new()
    {
        [MailKinds.ConfirmEmail] = typeof(ConfirmEmailPayload),
        [MailKinds.PasswordReset] = typeof(PasswordResetPayload),
        [MailKinds.AccountExists] = typeof(AccountExistsPayload),
        [MailKinds.AdoptionConfirmed] = typeof(AdoptionConfirmedPayload),
        [MailKinds.GiftReveal] = typeof(GiftRevealPayload),
        [MailKinds.RenewalReminder] = typeof(RenewalReminderPayload),
        [MailKinds.EndOfTerm] = typeof(EndOfTermPayload),
        [MailKinds.DeathNotice] = typeof(DeathNoticePayload),
        [MailKinds.ReplacementAssigned] = typeof(ReplacementAssignedPayload),
        [MailKinds.GrowthUpdate] = typeof(GrowthUpdatePayload),
        [MailKinds.MonthlyDigest] = typeof(MonthlyDigestPayload),
        [MailKinds.PayoutNotice] = typeof(PayoutNoticePayload),
        [MailKinds.OrganisationInvitation] = typeof(OrganisationInvitationPayload),
        [MailKinds.OrderConfirmed] = typeof(OrderConfirmedPayload),
    };

    private static readonly Dictionary<Type, string> KindOfType = TypeOfKind.ToDictionary(pair => pair.Value, pair => pair.Key);

    /// <summary>The template the payload belongs to (<see cref="OutboxMail.Kind"/>).</summary>
    [JsonIgnore]
    public string Kind => KindOfType[GetType()];

    public string ToJson() => JsonSerializer.Serialize(this, GetType());

    /// <summary>The row's payload as the record of its kind; an unknown kind or an unreadable payload can never render.</summary>
    public static MailPayload Read(OutboxMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var type = TypeOfKind.GetValueOrDefault(mail.Kind) ?? throw new MailNotRenderableException($"No template for mail kind '{mail.Kind}'.");
        try
        {
            return JsonSerializer.Deserialize(mail.PayloadJson, type) as MailPayload
                ?? throw new MailNotRenderableException($"The {mail.Kind} mail has no payload.");
        }
        catch (JsonException e)
        {
            throw new MailNotRenderableException($"The {mail.Kind} mail's payload cannot be read: {e.Message}");
        }
    }
}

/// <summary>A mail about one adoption: its template reads the adoption's facts when it renders.</summary>
public abstract record AdoptionMailPayload(int AdoptionId) : MailPayload;

public sealed record ConfirmEmailPayload(string Link) : MailPayload;

/// <summary>A reset link from the account pages, or a reset code from the API.</summary>
public sealed record PasswordResetPayload(string? Link = null, string? Code = null) : MailPayload;

/// <summary>Someone tried to register with an address that has an account: the link signs in.</summary>
public sealed record AccountExistsPayload(string Link) : MailPayload;

/// <summary>The certificate is attached.</summary>
public sealed record AdoptionConfirmedPayload(int AdoptionId, int PaymentId) : AdoptionMailPayload(AdoptionId);

/// <summary>To the gift's recipient, with the one link that claims it.</summary>
public sealed record GiftRevealPayload(int AdoptionId, string ClaimUrl) : AdoptionMailPayload(AdoptionId);

public sealed record RenewalReminderPayload(int AdoptionId) : AdoptionMailPayload(AdoptionId);

/// <summary>The term ended and what happens now (the end-of-term choice).</summary>
public sealed record EndOfTermPayload(int AdoptionId) : AdoptionMailPayload(AdoptionId);

/// <summary>The sheep died: the death log by id (the death use case) or by its key (an approval).</summary>
public sealed record DeathNoticePayload(int AdoptionId, long? LogId = null, string? LogKey = null) : AdoptionMailPayload(AdoptionId);

/// <summary>The adoption moved to a replacement sheep.</summary>
public sealed record ReplacementAssignedPayload(int AdoptionId) : AdoptionMailPayload(AdoptionId);

/// <summary>
/// The logs approved since <see cref="Since"/>, or one milestone. Rows queued by earlier releases may instead name
/// the logs (<see cref="LogIds"/>) and carry no <see cref="Since"/>.
/// </summary>
public sealed record GrowthUpdatePayload(int AdoptionId, DateTimeOffset? Since, string? MilestoneLogKey = null, IReadOnlyList<long>? LogIds = null)
    : AdoptionMailPayload(AdoptionId)
{
    /// <summary>The one log an old row named, if it named exactly one.</summary>
    [JsonIgnore]
    public long? OnlyLogId => LogIds is [var only] ? only : null;
}

/// <summary>A quiet month's digest; <see cref="Month"/> is the programme month it covers ("2026-10").</summary>
public sealed record MonthlyDigestPayload(int AdoptionId, string Month) : AdoptionMailPayload(AdoptionId);

public sealed record PayoutNoticePayload(int PayoutLineId) : MailPayload;

/// <summary>To the invited address, with the one link that joins the organisation.</summary>
public sealed record OrganisationInvitationPayload(int OrganisationId, string JoinUrl) : MailPayload;

/// <summary>One mail to the contact for a whole organisation order.</summary>
public sealed record OrderConfirmedPayload(int OrderId, int PaymentId) : MailPayload;
