using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Storage;
using Sponsorship.Web.Features.Mail.Templates;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Mail;

/// <summary>
/// Renders an outbox row with the Razor mail templates in the recipient's culture: the facts come from the database as
/// it is now, the sheep's newest approved photo and a growth chart go inline (CID), the certificate is attached
/// through <see cref="IMailAttachmentSource"/>, CSS is inlined with PreMailer and a text part is made from the HTML.
/// </summary>
public sealed class RazorMailRenderer(
    IServiceProvider services,
    ILoggerFactory loggerFactory,
    MailContent content,
    OrganisationMailContent organisations,
    IFileStore files,
    IMailAttachmentSource attachments,
    UnsubscribeLinks unsubscribe,
    IStringLocalizer<Strings> localizer,
    IOptions<AppOptions> app,
    ProgrammeCalendar calendar) : IMailRenderer
{
    public const string PhotoCid = "sheep-photo@sponsorship";
    public const string ChartCid = "growth-chart@sponsorship";

    public async Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var culture = CultureInfo.GetCultureInfo(Cultures.Supported.Contains(mail.Culture) ? mail.Culture : Cultures.Default);
        var baseUrl = BaseUrl();
        var inline = new List<MailPart>();
        var attached = new List<MailPart>();
        var model = new MailModel
        {
            Kind = mail.Kind,
            RecipientName = mail.ToName,
            BaseUrl = baseUrl,
            Now = calendar.Now,
            PreferencesUrl = baseUrl + "/my/mail",
        };
        using var payload = JsonDocument.Parse(mail.PayloadJson);
        var root = payload.RootElement;
        switch (mail.Kind)
        {
            case MailKinds.ConfirmEmail:
            case MailKinds.PasswordReset:
            case MailKinds.AccountExists:
                model = model with { Link = Text(root, "Link"), Code = Text(root, "Code") };
                break;
            case MailKinds.PayoutNotice:
                var payout = await content.PayoutAsync(Int(root, "PayoutLineId"), cancellationToken)
                    ?? throw new MailNotRenderableException($"Payout line {Int(root, "PayoutLineId")} does not exist.");
                model = model with { Payout = payout };
                break;
            case MailKinds.OrganisationInvitation:
                var invitation = JsonSerializer.Deserialize<OrganisationInvitationMail>(mail.PayloadJson)
                    ?? throw new MailNotRenderableException("The invitation has no payload.");
                model = model with
                {
                    Link = invitation.JoinUrl,
                    OrganisationName = await organisations.OrganisationNameAsync(invitation.OrganisationId, cancellationToken)
                        ?? throw new MailNotRenderableException($"Organisation {invitation.OrganisationId} does not exist."),
                };
                break;
            case MailKinds.OrderConfirmed:
                var confirmed = JsonSerializer.Deserialize<OrderConfirmedMail>(mail.PayloadJson)
                    ?? throw new MailNotRenderableException("The order confirmation has no payload.");
                var order = await organisations.OrderAsync(confirmed.OrderId, confirmed.PaymentId, cancellationToken)
                    ?? throw new MailNotRenderableException($"Order {confirmed.OrderId} does not exist.");
                model = model with { Order = order, Link = $"{baseUrl}/organisations/{order.OrganisationId}/orders/{order.OrderId}" };
                break;
            default:
                model = await AdoptionModelAsync(mail, model, root, inline, attached, culture, cancellationToken);
                break;
        }

        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            await using var renderer = new HtmlRenderer(services, loggerFactory);
            var (subject, html) = await renderer.Dispatcher.InvokeAsync(async () =>
            {
                CultureInfo.CurrentCulture = culture;
                CultureInfo.CurrentUICulture = culture;
                var output = await renderer.RenderComponentAsync<MailTemplate>(ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(MailTemplate.Model)] = model }));
                return (MailTemplate.Subject(localizer, model, calendar), output.ToHtmlString());
            });
            var inlined = PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: true, stripIdAndClassAttributes: true, removeComments: true).Html;
            return new RenderedMail(subject, inlined, MailText.FromHtml(inlined))
            {
                InlineImages = inline,
                Attachments = attached,
                UnsubscribeUrl = model.UnsubscribeUrl is null ? null : OneClick(mail),
            };
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = saved;
        }
    }

    private async Task<MailModel> AdoptionModelAsync(
        OutboxMail mail, MailModel model, JsonElement root, List<MailPart> inline, List<MailPart> attached, CultureInfo culture, CancellationToken cancellationToken)
    {
        var adoptionId = Int(root, "AdoptionId");
        var adoption = await content.AdoptionAsync(adoptionId, cancellationToken)
            ?? throw new MailNotRenderableException($"Adoption {adoptionId} does not exist.");
        model = model with { Adoption = adoption, Link = $"{model.BaseUrl}/sheep/{Uri.EscapeDataString(adoption.EarTag)}" };
        SheepNews? news = null;
        switch (mail.Kind)
        {
            case MailKinds.GrowthUpdate:
                var since = root.TryGetProperty("Since", out var s) && s.ValueKind == JsonValueKind.String ? s.GetDateTimeOffset() : (DateTimeOffset?)null;
                var milestone = Text(root, "MilestoneLogKey");
                news = await content.NewsAsync(adoption.SheepId, since, milestone, LogIds(root) is [var only] ? only : null, cancellationToken);
                model = model with { News = news, UnsubscribeUrl = PageUrl(mail, MailList.GrowthUpdates) };
                break;
            case MailKinds.MonthlyDigest:
                news = await content.NewsAsync(adoption.SheepId, null, null, null, cancellationToken);
                model = model with { News = news, Month = Text(root, "Month"), UnsubscribeUrl = PageUrl(mail, MailList.MonthlyDigest) };
                break;
            case MailKinds.DeathNotice:
                var death = await content.NewsAsync(adoption.SheepId, null, Text(root, "LogKey"), root.TryGetProperty("LogId", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetInt64() : null, cancellationToken);
                model = model with { DeathLog = death.Logs.Count > 0 ? death.Logs[0] : null };
                break;
            case MailKinds.GiftReveal:
                model = model with { Link = Text(root, "ClaimUrl") ?? model.Link };
                break;
            case MailKinds.RenewalReminder:
                model = model with { Link = $"{model.BaseUrl}/my" };
                break;
            case MailKinds.AdoptionConfirmed:
                if (await attachments.CertificateAsync(adoptionId, culture.Name, cancellationToken) is { } certificate)
                {
                    attached.Add(certificate);
                    model = model with { HasCertificate = true };
                }

                news = await content.NewsAsync(adoption.SheepId, null, null, null, cancellationToken);
                break;
            case MailKinds.ReplacementAssigned:
            case MailKinds.EndOfTerm:
                news = await content.NewsAsync(adoption.SheepId, null, null, null, cancellationToken);
                break;
            default:
                throw new MailNotRenderableException($"No template for mail kind '{mail.Kind}'.");
        }

        if (news is null)
        {
            return model;
        }

        if (news.PhotoKey is { } key && await ReadAsync(key, cancellationToken) is { } photo)
        {
            inline.Add(new MailPart("sheep.jpg", "image/jpeg", photo, PhotoCid));
            model = model with { HasPhoto = true };
        }

        if (mail.Kind is MailKinds.GrowthUpdate or MailKinds.MonthlyDigest && GrowthChartImage.Render(news.Weights, calendar) is { } chart)
        {
            inline.Add(new MailPart("growth.png", "image/png", chart, ChartCid));
            model = model with { HasChart = true };
        }

        return model;
    }

    private async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await files.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private string? PageUrl(OutboxMail mail, MailList list) =>
        mail.RecipientUserId is { } user ? unsubscribe.PageUrl(BaseUrl(), user, list) : null;

    private string? OneClick(OutboxMail mail) =>
        mail.RecipientUserId is { } user
            ? unsubscribe.OneClickUrl(BaseUrl(), user, mail.Kind == MailKinds.MonthlyDigest ? MailList.MonthlyDigest : MailList.GrowthUpdates)
            : null;

    private string BaseUrl() => app.Value.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : "http://localhost:5080";

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32()
            : throw new MailNotRenderableException($"The payload has no {name}.");

    private static long[] LogIds(JsonElement root) =>
        root.TryGetProperty("LogIds", out var ids) && ids.ValueKind == JsonValueKind.Array ? [.. ids.EnumerateArray().Select(i => i.GetInt64())] : [];
}
