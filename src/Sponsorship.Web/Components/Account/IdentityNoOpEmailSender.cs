using Microsoft.AspNetCore.Identity;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Components.Account;

/// <summary>
/// Sends nothing: registration then shows the confirmation link on the page (Development only, see
/// RegisterConfirmation). The mail feature replaces this with a sender that goes through the outbox.
/// </summary>
internal sealed class IdentityNoOpEmailSender : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) => Task.CompletedTask;

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) => Task.CompletedTask;

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) => Task.CompletedTask;
}
