using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Sponsorship.Core.Flock;

namespace Sponsorship.Web.Features.Flock.Offline;

/// <summary>One problem the logbook found with an entry, worded in the reader's language.</summary>
/// <param name="Field">The entry's field (<see cref="LogField"/> name, or null for the entry as a whole).</param>
public sealed record EntryProblem(string? Field, string Message);

/// <summary>
/// What the server did with one entry, for the phone's offline outbox: "recorded", "replayed" (recorded before with
/// this key), "refused" (with the problems) or "not-found" (no living sheep of this herder's). It is the same entry
/// endpoint's answer, given as JSON when the request asks for it (<c>Accept: application/json</c>).
/// </summary>
public sealed record EntryAnswer(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("problems")] IReadOnlyList<EntryProblem> Problems,
    [property: JsonPropertyName("lambId")] int? LambId = null)
{
    public const string Recorded = "recorded";
    public const string Replayed = "replayed";
    public const string Refused = "refused";
    public const string NotFound = "not-found";

    private const string Item = "Sponsorship.EntryAnswer";

    public int StatusCode => Outcome switch
    {
        Recorded or Replayed => StatusCodes.Status200OK,
        NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static EntryAnswer Saved(LogbookResult result) =>
        new(result.Outcome == LogbookOutcome.Replayed ? Replayed : Recorded, [], result.LambId);

    public static EntryAnswer Refusal(IEnumerable<EntryProblem> problems) => new(Refused, [.. problems]);

    public static readonly EntryAnswer Missing = new(NotFound, []);

    /// <summary>The request wants this JSON answer rather than the page (the offline outbox sends it so).</summary>
    public static bool IsWanted(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.GetTypedHeaders().Accept.Any(a => a.MediaType == "application/json");

    /// <summary>Keeps the entry form's answer for <see cref="EntryAnswers"/>, which sends it instead of the page.</summary>
    public static void Keep(HttpContext? context, EntryAnswer answer)
    {
        if (context is not null && IsWanted(context.Request))
        {
            context.Items[Item] = answer;
        }
    }

    internal static EntryAnswer? Kept(HttpContext context) => context.Items[Item] as EntryAnswer;
}

/// <summary>
/// The quick-entry forms are Blazor pages that answer a post with a redirect or the page with its problems. When the
/// outbox posts the same form asking for JSON, this holds the page back and sends the form's <see cref="EntryAnswer"/>
/// instead: the same endpoint, the same logbook call, a machine-readable answer.
/// </summary>
public static class EntryAnswers
{
    public static WebApplication UseEntryAnswers(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/herder/sheep") && EntryAnswer.IsWanted(context.Request), branch =>
            branch.Use(async (context, next) =>
            {
                var page = context.Features.Get<IHttpResponseBodyFeature>()!;
                await using var held = new MemoryStream();
                context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(held));
                try
                {
                    await next(context);
                }
                finally
                {
                    context.Features.Set(page);
                }

                if (EntryAnswer.Kept(context) is { } answer)
                {
                    context.Response.Headers.Location = default;
                    context.Response.StatusCode = answer.StatusCode;
                    await context.Response.WriteAsJsonAsync(answer);
                }
                else
                {
                    // Not an entry form's answer (a refused antiforgery token, the photo endpoint's own JSON): as it was.
                    held.Position = 0;
                    await held.CopyToAsync(context.Response.Body);
                }
            }));
        return app;
    }
}
