using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Visits;
using Sponsorship.Web.Features.Jobs;

namespace Sponsorship.Web.Features.Visits;

public static class VisitsSetup
{
    /// <summary>Visits to herder households: the office's bounds (the <c>Visits</c> settings, checked on start) and the use cases.</summary>
    public static WebApplicationBuilder AddVisits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VisitOptions>().BindConfiguration(VisitOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<VisitOptions>, BoundsCheck>();
        builder.Services.AddScoped<VisitOffers>();
        builder.Services.AddScoped<VisitRequests>();
        builder.Services.AddScoped<SponsorVisits>();
        builder.Services.AddScoped<HerderVisits>();
        builder.Services.AddScoped<VisitRegister>();
        builder.Services.AddScoped<VisitPayments>();
        builder.Services.AddScheduledJob<AcceptanceLapse>();
        return builder;
    }

    /// <summary>
    /// The herder's answers to visit requests, the sponsor's withdrawal of one and their payment of an accepted one: plain
    /// form posts that come back to the page they were sent from (or go on to the payment provider). Whose request it is,
    /// Core checks.
    /// </summary>
    public static WebApplication MapVisits(this WebApplication app)
    {
        app.MapPost("/herder/visits/{id:int}/accept", AcceptAsync).RequireAuthorization(Roles.Herder);
        app.MapPost("/herder/visits/{id:int}/decline", DeclineAsync).RequireAuthorization(Roles.Herder);
        app.MapPost("/my/adoptions/{adoptionId:int}/visits/{id:int}/cancel", CancelAsync).RequireAuthorization();
        app.MapPost("/my/adoptions/{adoptionId:int}/visits/{id:int}/pay", PayAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> AcceptAsync(int id, ClaimsPrincipal user, HerderVisits visits, CancellationToken cancellationToken) =>
        Answered(await visits.AcceptAsync(UserId(user), id, cancellationToken), "Accepted");

    private static async Task<IResult> DeclineAsync(
        int id, [FromForm] string? reason, ClaimsPrincipal user, HerderVisits visits, CancellationToken cancellationToken) =>
        Answered(await visits.DeclineAsync(UserId(user), id, reason, cancellationToken), "Declined");

    private static async Task<IResult> CancelAsync(
        int adoptionId, int id, ClaimsPrincipal user, VisitRequests requests, CancellationToken cancellationToken) =>
        Results.LocalRedirect($"/my/adoptions/{adoptionId}/visit?cancelled={(await requests.CancelAsync(id, UserId(user), cancellationToken) ? 1 : 0)}");

    /// <summary>Starts the visit's payment and sends the sponsor to the provider; someone else's visit is a 404.</summary>
    private static async Task<IResult> PayAsync(
        int adoptionId, int id, [FromForm] string? provider, [FromForm] string? key, ClaimsPrincipal user, VisitPayments payments,
        CancellationToken cancellationToken)
    {
        var page = $"/my/adoptions/{adoptionId}/visit";
        var result = await payments.StartAsync(id, UserId(user), provider ?? "", key ?? "", page, cancellationToken);
        return result.Error switch
        {
            VisitPaymentError.None => Results.Redirect(result.RedirectUrl),
            VisitPaymentError.NotFound => Results.NotFound(),
            _ => Results.LocalRedirect($"{page}?payment={result.Error}"),
        };
    }

    private static IResult Answered(bool done, string answer) =>
        Results.LocalRedirect($"/herder/visits?answered={(done ? answer : "Failed")}");

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    /// <summary>Stops the app on start with every unusable <c>Visits</c> setting named.</summary>
    private sealed class BoundsCheck : IValidateOptions<VisitOptions>
    {
        public ValidateOptionsResult Validate(string? name, VisitOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
