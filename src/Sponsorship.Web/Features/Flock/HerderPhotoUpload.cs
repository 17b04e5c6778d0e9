using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Features.Flock.Offline;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Flock;

/// <summary>
/// <c>POST /herder/sheep/{id}/photos</c>: the photo form's multipart upload (antiforgery-checked, herders only, the
/// household's own living sheep only — anything else is 404 with nothing written). It answers with a 303 back to the
/// sheep's page carrying what happened in the query string, or, to the page's script (X-Requested-With), with that
/// address as JSON so the script can go there without a second round trip for the redirect. The offline outbox
/// (Accept: application/json) gets the <see cref="EntryAnswer"/> the entry forms give it.
/// </summary>
public static class HerderPhotoUpload
{
    /// <summary>Room for the most photos an entry takes at the largest size, plus the form around them.</summary>
    public const long MaxRequestBytes = (HerderLogbook.MaxPhotosPerEntry * (long)PhotoIntake.MaxBytes) + (1024 * 1024);

    public static string Path(int sheepId) => $"/herder/sheep/{sheepId}/photos";

    public static WebApplication MapHerderPhotoUpload(this WebApplication app)
    {
        app.MapPost("/herder/sheep/{sheepId:int}/photos", UploadAsync)
            .RequireAuthorization(Roles.Herder)
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes);
        return app;
    }

    private static async Task<IResult> UploadAsync(
        int sheepId,
        [FromForm(Name = "key")] string? key,
        [FromForm(Name = "on")] string? on,
        [FromForm(Name = "notes")] string? notes,
        IFormFileCollection photos,
        HttpContext context,
        HerderLogbook logbook,
        ProgrammeCalendar calendar,
        IStringLocalizer<Strings> localizer)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return NotFound(context);
        }

        DateOnly day;
        if (string.IsNullOrWhiteSpace(on))
        {
            day = calendar.Today;
        }
        else if (!DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            LogProblem[] problems = [new LogProblem(LogField.On, LogError.Required)];
            return EntryAnswer.IsWanted(context.Request) ? Answer(Refusal(localizer, problems)) : Back(context, sheepId, problems);
        }

        // An empty file picker still sends a nameless, empty part: that is "no photo", not a broken one.
        var files = photos.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        var uploads = files.Select(f => new PhotoUpload(f.FileName, f.OpenReadStream())).ToList();
        try
        {
            var result = await logbook.AddPhotosAsync(userId, new PhotoEntry(key ?? "", sheepId, day, uploads, notes), context.RequestAborted);
            if (EntryAnswer.IsWanted(context.Request))
            {
                return Answer(result.Outcome switch
                {
                    LogbookOutcome.Recorded or LogbookOutcome.Replayed => EntryAnswer.Saved(result),
                    LogbookOutcome.NotFound => EntryAnswer.Missing,
                    LogbookOutcome.KeyConflict => EntryAnswer.Refusal([new EntryProblem(null, localizer["Herder.Error.KeyConflict"])]),
                    _ => Refusal(localizer, result.Problems),
                });
            }

            return result.Outcome switch
            {
                LogbookOutcome.NotFound => NotFound(context),
                LogbookOutcome.KeyConflict => Back(context, sheepId, [], conflict: true),
                LogbookOutcome.Invalid => Back(context, sheepId, result.Problems),
                _ => Go(context, $"/herder/sheep/{sheepId}?saved={LogKind.Photo}&count={files.Count}"),
            };
        }
        finally
        {
            foreach (var upload in uploads)
            {
                await upload.Content.DisposeAsync();
            }
        }
    }

    private static EntryAnswer Refusal(IStringLocalizer<Strings> localizer, IEnumerable<LogProblem> problems) =>
        EntryAnswer.Refusal(problems.Select(p => new EntryProblem(p.Field.ToString(), localizer.Problem(p))));

    private static IResult Answer(EntryAnswer answer) => Results.Json(answer, statusCode: answer.StatusCode);

    private static IResult Back(HttpContext context, int sheepId, IReadOnlyList<LogProblem> problems, bool conflict = false)
    {
        var query = string.Join("&", problems.Select(p => $"problem={Uri.EscapeDataString(PhotoProblems.Encode(p))}"));
        return Go(context, $"/herder/sheep/{sheepId}?{(conflict ? "conflict=photo" : query)}#photo");
    }

    private static IResult Go(HttpContext context, string location)
    {
        if (context.Request.Headers.XRequestedWith == "XMLHttpRequest")
        {
            return Results.Json(new { location });
        }

        context.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult NotFound(HttpContext context)
    {
        // A plain 404: the not-found page is for GETs, re-executing it for a POST would render a form error instead.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        return Results.NotFound();
    }
}

/// <summary>Carries the upload's problems to the sheep's page in the query string, as codes (the page words them).</summary>
public static class PhotoProblems
{
    public static string Encode(LogProblem problem) => $"{problem.Field}.{problem.Error}.{problem.Photo}:{problem.FileName}";

    public static IReadOnlyList<LogProblem> Decode(IEnumerable<string>? codes) =>
        [.. (codes ?? []).Select(Decode).OfType<LogProblem>().Take(HerderLogbook.MaxPhotosPerEntry + 1)];

    private static LogProblem? Decode(string code)
    {
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        var parts = (colon < 0 ? code : code[..colon]).Split('.');
        var name = colon < 0 ? null : PhotoIntake.SafeFileName(code[(colon + 1)..]);
        return parts.Length == 3
            && Enum.TryParse<LogField>(parts[0], out var field) && Enum.IsDefined(field)
            && Enum.TryParse<LogError>(parts[1], out var error) && Enum.IsDefined(error)
            && Enum.TryParse<PhotoError>(parts[2], out var photo) && Enum.IsDefined(photo)
                ? new LogProblem(field, error, name, photo)
                : null;
    }
}
