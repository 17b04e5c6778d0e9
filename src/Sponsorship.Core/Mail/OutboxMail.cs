using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Sponsorship.Core.Mail;

/// <summary>
/// A mail to send, written in the same transaction as the change that causes it. A dispatcher claims rows with a lease
/// (so two instances never send the same one), renders the template named by <see cref="Kind"/> in the recipient's
/// language from <see cref="PayloadJson"/>, and sends it with a stable Message-ID.
/// </summary>
public class OutboxMail
{
    public long Id { get; set; }

    /// <summary>The template: "AdoptionConfirmed", "GiftReveal", "GrowthUpdate", "DeathNotice", "ConfirmEmail"…</summary>
    public string Kind { get; set; } = "";

    public string ToEmail { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Culture { get; set; } = "";
    public string? RecipientUserId { get; set; }
    public string PayloadJson { get; set; } = "{}";

    /// <summary>At most one mail per key ("growth:41:2026-W48"); null when any number may go.</summary>
    public string? DedupeKey { get; set; }

    /// <summary>Fixed when queued, so a resend after a crash carries the same Message-ID.</summary>
    public string MessageId { get; set; } = "";

    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LeaseHolder { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The subject it went out with (rendered at send time), so a person's data export can list their mails.</summary>
    public string? Subject { get; set; }
}

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,

    /// <summary>Never to be sent: its recipient's account was deleted before it went.</summary>
    Cancelled = 3,
}

public class OutboxMailConfiguration : IEntityTypeConfiguration<OutboxMail>
{
    public const int MaxSubjectLength = 256;

    public void Configure(EntityTypeBuilder<OutboxMail> builder)
    {
        builder.Property(m => m.Kind).HasMaxLength(64);
        builder.Property(m => m.ToEmail).HasMaxLength(256);
        builder.Property(m => m.ToName).HasMaxLength(128);
        builder.Property(m => m.Culture).HasMaxLength(16);
        builder.Property(m => m.RecipientUserId).HasMaxLength(450);
        builder.Property(m => m.PayloadJson).HasMaxLength(8000);
        builder.Property(m => m.DedupeKey).HasMaxLength(128);
        builder.Property(m => m.MessageId).HasMaxLength(128);
        builder.Property(m => m.LeaseHolder).HasMaxLength(64);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.Subject).HasMaxLength(MaxSubjectLength);
        builder.HasIndex(m => m.DedupeKey).IsUnique();
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.RecipientUserId, m.CreatedAt });
    }
}
