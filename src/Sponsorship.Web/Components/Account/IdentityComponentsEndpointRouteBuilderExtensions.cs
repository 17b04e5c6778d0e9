using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Web.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    // The copy is for a person to read: indented, enums by name, Chinese as characters rather than \u escapes.
    private static readonly JsonSerializerOptions ReadableJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    // Endpoints the static Identity components post to (sign-out and the personal data download).
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            HttpContext context,
            [FromServices] SignInManager<ApplicationUser> signInManager,
            [FromForm] string? returnUrl) =>
        {
            Features.Identity.HerderSession.End(context);
            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(Features.Languages.LanguageSetup.LocalPath("/" + (returnUrl ?? "").TrimStart('/')));
        });

        var manageGroup = accountGroup.MapGroup("/Manage").RequireAuthorization();

        manageGroup.MapPost("/DownloadPersonalData", async (
            HttpContext context,
            [FromServices] UserManager<ApplicationUser> userManager,
            [FromServices] PersonalDataExport export,
            [FromServices] ILoggerFactory loggerFactory) =>
        {
            var userId = userManager.GetUserId(context.User);
            var copy = userId is null ? null : await export.ExportAsync(userId, context.RequestAborted);
            if (copy is null)
            {
                return Results.NotFound();
            }

            loggerFactory.CreateLogger("DownloadPersonalData").LogInformation("User {UserId} downloaded their personal data.", userId);
            var fileBytes = JsonSerializer.SerializeToUtf8Bytes(copy, ReadableJson);
            return TypedResults.File(fileBytes, contentType: "application/json; charset=utf-8", fileDownloadName: "PersonalData.json");
        });

        return accountGroup;
    }
}
