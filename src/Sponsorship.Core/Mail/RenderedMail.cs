namespace Sponsorship.Core.Mail;

/// <summary>A file in a mail: an inline image (with a Content-ID the HTML refers to as <c>cid:…</c>) or an attachment.</summary>
public sealed record MailPart(string FileName, string ContentType, byte[] Content, string? ContentId = null);

/// <summary>What a template produced for one outbox row: subject, HTML and text bodies, images and attachments.</summary>
public sealed record RenderedMail(string Subject, string Html, string Text)
{
    public IReadOnlyList<MailPart> InlineImages { get; init; } = [];
    public IReadOnlyList<MailPart> Attachments { get; init; } = [];

    /// <summary>For sponsor updates: the signed one-click link for <c>List-Unsubscribe</c> (RFC 8058).</summary>
    public string? UnsubscribeUrl { get; init; }
}

/// <summary>Renders an outbox row in its recipient's language, from its payload and the database as it is now.</summary>
public interface IMailRenderer
{
    /// <summary>Called once per claim before its mails render (on several threads at once): read what they share.</summary>
    Task PrepareAsync(IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Renders one mail; called for several mails of a claim at once, so it must be safe to call concurrently.</summary>
    Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default);
}

/// <summary>A mail that can never be rendered (its adoption is gone, an unknown kind): marked Failed at once.</summary>
public sealed class MailNotRenderableException(string message) : Exception(message);

/// <summary>
/// The seam for files attached to a mail: the adoption confirmation asks for the certificate PDF of the adoption.
/// The certificate feature registers the real one; without it, mail goes without the attachment.
/// </summary>
public interface IMailAttachmentSource
{
    /// <summary>The adoption's current certificate as a PDF, in the given culture, or null when there is none.</summary>
    Task<MailPart?> CertificateAsync(int adoptionId, string culture, CancellationToken cancellationToken = default);
}

/// <summary>Until the certificate renderer is wired in: no attachment.</summary>
public sealed class NoMailAttachments : IMailAttachmentSource
{
    public Task<MailPart?> CertificateAsync(int adoptionId, string culture, CancellationToken cancellationToken = default) =>
        Task.FromResult<MailPart?>(null);
}
