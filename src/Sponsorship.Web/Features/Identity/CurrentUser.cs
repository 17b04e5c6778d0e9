using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Identity;

/// <summary>
/// The signed-in user for the audit trail: from the HTTP request when there is one (static pages, endpoints), else
/// from the circuit's authentication state (interactive pages, where HttpContext is gone).
/// </summary>
internal sealed class CurrentUser(IHttpContextAccessor http, AuthenticationStateProvider authenticationState) : ICurrentUser
{
    public string? UserId => FromHttp() ?? FromCircuit();

    private string? FromHttp() => http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    private string? FromCircuit()
    {
        try
        {
            var state = authenticationState.GetAuthenticationStateAsync();
            return state.IsCompletedSuccessfully ? state.Result.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        }
        catch (InvalidOperationException)
        {
            // No authentication state in this scope (a background job): nobody is acting.
            return null;
        }
    }
}
