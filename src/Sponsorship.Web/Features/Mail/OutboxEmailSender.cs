using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;

namespace Sponsorship.Web.Features.Mail;

/// <summary>
/// Identity's confirmation and reset mails, queued in the outbox in the account holder's language. The account pages
/// hand over their links HTML-encoded (for senders that paste them into HTML); the templates encode for themselves,
/// so the links are stored decoded.
/// </summary>
public sealed class OutboxEmailSender(IDbContextFactory<SponsorshipDbContext> dbFactory, OutboxSignal signal, TimeProvider clock) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        QueueAsync(user, email, new ConfirmEmailPayload(WebUtility.HtmlDecode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        QueueAsync(user, email, new PasswordResetPayload(Link: WebUtility.HtmlDecode(resetLink)));

    /// <summary>
    /// To the holder of an address someone tried to register again: registration answers alike for known and unknown
    /// addresses, so the person who owns the account hears about it here instead.
    /// </summary>
    public Task SendAccountExistsAsync(ApplicationUser user, string email, string signInLink) =>
        QueueAsync(user, email, new AccountExistsPayload(signInLink));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        QueueAsync(user, email, new PasswordResetPayload(Code: resetCode));

    private async Task QueueAsync(ApplicationUser user, string email, MailPayload payload)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await dbFactory.CreateDbContextAsync();
        Outbox.Queue(db, payload, email, user.DisplayName, user.PreferredCulture, clock.GetUtcNow(), user.Id);
        await db.SaveChangesAsync();
        signal.Notify();
    }
}
