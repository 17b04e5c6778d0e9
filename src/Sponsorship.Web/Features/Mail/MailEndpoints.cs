using Microsoft.AspNetCore.Mvc;
using System.Text.RegularExpressions;
using MimeKit;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;

namespace Sponsorship.Web.Features.Mail;

/// <summary>
/// The caught mail's HTML (with its inline images as data URIs, under a CSP that allows nothing else) and attachments
/// for administrators; the RFC 8058 one-click unsubscribe (POST, no antiforgery: the signed token is the authority).
/// </summary>
public static partial class MailEndpoints
{
    public static WebApplication MapMailEndpoints(this WebApplication app)
    {
        var admin = app.MapGroup("/admin/mail").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("/{id}/html", async (string id, HttpContext context, [FromServices] CaughtMailbox? mailbox, CancellationToken ct) =>
        {
            if (mailbox is null || await mailbox.LoadAsync(id, ct) is not { } message)
            {
                return Results.NotFound();
            }

            var html = WithInlineImages(message);
            Security.SecurityHeaders.KeepOwnPolicy(context);
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Content(html, "text/html; charset=utf-8");
        });
        admin.MapGet("/{id}/attachments/{index:int}", async (string id, int index, [FromServices] CaughtMailbox? mailbox, CancellationToken ct) =>
        {
            if (mailbox is null || await mailbox.LoadAsync(id, ct) is not { } message)
            {
                return Results.NotFound();
            }

            var attachment = message.Attachments.OfType<MimePart>().ElementAtOrDefault(index);
            if (attachment?.Content is null)
            {
                return Results.NotFound();
            }

            using var buffer = new MemoryStream();
            await attachment.Content.DecodeToAsync(buffer, ct);
            return Results.File(buffer.ToArray(), "application/octet-stream", attachment.FileName ?? $"attachment-{index}");
        });

        app.MapPost(UnsubscribeLinks.OneClickPath, async (HttpContext context, string? t, MailPreferences preferences, CancellationToken ct) =>
        {
            var fromPage = context.Request.HasFormContentType && (await context.Request.ReadFormAsync(ct))["from"] == "page";
            if (!await preferences.UnsubscribeAsync(t, ct))
            {
                return fromPage ? Results.Redirect($"{UnsubscribeLinks.PagePath}?t={Uri.EscapeDataString(t ?? "")}") : Results.BadRequest("This unsubscribe link is not valid.");
            }

            return fromPage ? Results.Redirect($"{UnsubscribeLinks.PagePath}?t={Uri.EscapeDataString(t!)}&done=1") : Results.Ok("Unsubscribed.");
        }).DisableAntiforgery().AllowAnonymous();

        // A GET never unsubscribes (link scanners follow links): it shows the page that asks.
        app.MapGet(UnsubscribeLinks.OneClickPath, (string? t) => Results.Redirect($"{UnsubscribeLinks.PagePath}?t={Uri.EscapeDataString(t ?? "")}"))
            .AllowAnonymous();
        return app;
    }

    /// <summary>The HTML part with each <c>cid:</c> reference replaced by the image itself as a data URI.</summary>
    public static string WithInlineImages(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var html = message.HtmlBody ?? "";
        var images = message.BodyParts.OfType<MimePart>()
            .Where(p => p.ContentId is not null && p.Content is not null && p.ContentType.MediaType == "image")
            .ToDictionary(p => p.ContentId!, p =>
            {
                using var buffer = new MemoryStream();
                p.Content!.DecodeTo(buffer);
                return $"data:{p.ContentType.MimeType};base64,{Convert.ToBase64String(buffer.ToArray())}";
            });
        return CidReference().Replace(html, m => images.TryGetValue(m.Groups[1].Value, out var data) ? data : m.Value);
    }

    [GeneratedRegex("cid:([^\"'\\s>]+)")]
    private static partial Regex CidReference();
}
