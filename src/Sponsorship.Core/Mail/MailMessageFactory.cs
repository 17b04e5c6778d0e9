using MimeKit;

namespace Sponsorship.Core.Mail;

/// <summary>Builds the MIME message for an outbox row: its fixed Message-ID, the bodies, inline images and attachments.</summary>
public static class MailMessageFactory
{
    public const string KindHeader = "X-Sponsorship-Kind";

    public static MimeMessage Build(OutboxMail mail, RenderedMail rendered, MailOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(options);
        var message = new MimeMessage
        {
            MessageId = mail.MessageId,
            Date = now,
            Subject = rendered.Subject,
        };
        message.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        message.To.Add(new MailboxAddress(mail.ToName, mail.ToEmail));
        message.Headers.Add(KindHeader, mail.Kind);
        if (rendered.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { HtmlBody = rendered.Html, TextBody = rendered.Text };
        foreach (var image in rendered.InlineImages)
        {
            var resource = body.LinkedResources.Add(image.FileName, image.Content, ContentType.Parse(image.ContentType));
            resource.ContentId = image.ContentId;
        }

        foreach (var attachment in rendered.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }
}
