using System.Globalization;
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
    ProgrammeCalendar calendar,
    MailImageCache images) : IMailRenderer
{
    public const string PhotoCid = "sheep-photo@sponsorship";
    public const string ChartCid = "growth-chart@sponsorship";

    /// <summary>Reads what the claim's mails about adoptions need in a few queries, before they render in parallel.</summary>
    public Task PrepareAsync(IReadOnlyList<OutboxMail> mails, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mails);
        var payloads = new List<MailPayload>(mails.Count);
        foreach (var mail in mails)
        {
            try
            {
                payloads.Add(MailPayload.Read(mail));
            }
            catch (MailNotRenderableException)
            {
                // Its own render says so and fails it.
            }
        }

        return content.PrefetchAsync(payloads, cancellationToken);
    }

    public async Task<RenderedMail> RenderAsync(OutboxMail mail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var culture = CultureInfo.GetCultureInfo(Cultures.Supported.Contains(mail.Culture) ? mail.Culture : Cultures.Default);
        // The mail's language from here on: the facts read for it (the chart's words) and the templates use it.
        var saved = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
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
            switch (MailPayload.Read(mail))
            {
                case ConfirmEmailPayload confirm:
                    model = model with { Link = confirm.Link };
                    break;
                case PasswordResetPayload reset:
                    model = model with { Link = reset.Link, Code = reset.Code };
                    break;
                case AccountExistsPayload exists:
                    model = model with { Link = exists.Link };
                    break;
                case PayoutNoticePayload notice:
                    var payout = await content.PayoutAsync(notice.PayoutLineId, cancellationToken)
                        ?? throw new MailNotRenderableException($"Payout line {notice.PayoutLineId} does not exist.");
                    model = model with { Payout = payout };
                    break;
                case OrganisationInvitationPayload invitation:
                    model = model with
                    {
                        Link = invitation.JoinUrl,
                        OrganisationName = await organisations.OrganisationNameAsync(invitation.OrganisationId, cancellationToken)
                            ?? throw new MailNotRenderableException($"Organisation {invitation.OrganisationId} does not exist."),
                    };
                    break;
                case OrderConfirmedPayload confirmed:
                    var order = await organisations.OrderAsync(confirmed.OrderId, confirmed.PaymentId, cancellationToken)
                        ?? throw new MailNotRenderableException($"Order {confirmed.OrderId} does not exist.");
                    model = model with { Order = order, Link = $"{baseUrl}/organisations/{order.OrganisationId}/orders/{order.OrderId}" };
                    break;
                case AdoptionMailPayload about:
                    model = await AdoptionModelAsync(mail, model, about, inline, attached, culture, cancellationToken);
                    break;
            }

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
        OutboxMail mail, MailModel model, AdoptionMailPayload payload, List<MailPart> inline, List<MailPart> attached, CultureInfo culture, CancellationToken cancellationToken)
    {
        var adoption = await content.AdoptionAsync(payload.AdoptionId, cancellationToken)
            ?? throw new MailNotRenderableException($"Adoption {payload.AdoptionId} does not exist.");
        model = model with { Adoption = adoption, Link = $"{model.BaseUrl}/sheep/{Uri.EscapeDataString(adoption.EarTag)}" };
        SheepNews? news = null;
        switch (payload)
        {
            case GrowthUpdatePayload growth:
                news = await content.NewsAsync(adoption.SheepId, growth.Since, growth.MilestoneLogKey, growth.OnlyLogId, cancellationToken);
                model = model with { News = news, UnsubscribeUrl = PageUrl(mail, MailList.GrowthUpdates) };
                break;
            case MonthlyDigestPayload digest:
                news = await content.NewsBeforeAsync(adoption.SheepId, calendar.MonthBounds(digest.Month).End, cancellationToken);
                model = model with { News = news, Month = digest.Month, UnsubscribeUrl = PageUrl(mail, MailList.MonthlyDigest) };
                break;
            case DeathNoticePayload death:
                var deathNews = await content.NewsAsync(adoption.SheepId, null, death.LogKey, death.LogId, cancellationToken);
                model = model with { DeathLog = deathNews.Logs.Count > 0 ? deathNews.Logs[0] : null };
                break;
            case GiftRevealPayload gift:
                model = model with { Link = gift.ClaimUrl };
                break;
            case RenewalReminderPayload:
                model = model with { Link = $"{model.BaseUrl}/my" };
                break;
            case AdoptionConfirmedPayload:
                if (await attachments.CertificateAsync(payload.AdoptionId, culture.Name, cancellationToken) is { } certificate)
                {
                    attached.Add(certificate);
                    model = model with { HasCertificate = true };
                }

                news = await content.NewsAsync(adoption.SheepId, null, null, null, cancellationToken);
                break;
            case ReplacementAssignedPayload:
            case EndOfTermPayload:
                news = await content.NewsAsync(adoption.SheepId, null, null, null, cancellationToken);
                break;
        }

        if (news is null)
        {
            return model;
        }

        if (news.PhotoKey is { } key && await images.PhotoAsync(key, ReadAsync, cancellationToken) is { } photo)
        {
            inline.Add(new MailPart("sheep.jpg", "image/jpeg", photo, PhotoCid));
            model = model with { HasPhoto = true };
        }

        var chartLabels = new ChartLabels(culture.Name, localizer["Chart.Kg"], MailFormat.Date);
        if (payload is GrowthUpdatePayload or MonthlyDigestPayload && await images.ChartAsync(adoption.SheepId, news.Weights, chartLabels, cancellationToken) is { } chart)
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
}
