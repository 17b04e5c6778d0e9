using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // Endpoints the static Identity components post to (sign-out and the personal data download).
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(Features.Languages.LanguageSetup.LocalPath("/" + (returnUrl ?? "").TrimStart('/')));
        });

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();

        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] ILoggerFactory loggerFactory) =>
        {
            var user = await userManager.GetUserAsync(context.User);
            if (user is null)
            {
                return Results.NotFound();
            }

            var userId = await userManager.GetUserIdAsync(user);
            loggerFactory.CreateLogger("DownloadPersonalData").LogInformation("User {UserId} asked for their personal data.", userId);

            var personalData = typeof(ApplicationUser).GetProperties()
                .Where(prop => Attribute.IsDefined(prop, typeof(PersonalDataAttribute)))
                .ToDictionary(p => p.Name, p => p.GetValue(user)?.ToString() ?? "null");
            personalData.Add("Authenticator Key", await userManager.GetAuthenticatorKeyAsync(user) ?? "");
            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(personalData);
            return TypedResults.File(fileBytes, contentType: "application/json", fileDownloadName: "PersonalData.json");
        });

        return accountGroup;
    }
}
