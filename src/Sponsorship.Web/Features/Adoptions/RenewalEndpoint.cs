using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Web.Features.Adoptions;

/// <summary>
/// <c>POST /my/adoptions/{id}/renew</c>, what <see cref="RenewButton"/> posts: starts the renewal payment and sends the
/// sponsor to the provider. Someone else's adoption is a 404, like one that does not exist.
/// </summary>
public static class RenewalEndpoint
{
    public static void MapRenewal(this WebApplication app) =>
        app.MapPost("/my/adoptions/{id:int}/renew", RenewAsync).RequireAuthorization();

    private static async Task<IResult> RenewAsync(
        int id, [FromForm] string? provider, [FromForm] string? key, ClaimsPrincipal user, Renewals renewals,
        CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var result = await renewals.StartAsync(id, userId, provider ?? "", key ?? "", $"/my/adoptions/{id}", cancellationToken);
        return result.Error switch
        {
            RenewalError.None => Results.Redirect(result.RedirectUrl),
            RenewalError.NotFound => Results.NotFound(),
            _ => Results.LocalRedirect($"/my/adoptions/{id}?renewal={result.Error}"),
        };
    }
}
