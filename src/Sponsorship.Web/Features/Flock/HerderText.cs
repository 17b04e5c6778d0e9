using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Flock;

/// <summary>How the herder pages word the flock's derived state and the logbook's problems, in the reader's language.</summary>
public static class HerderText
{
    public static string Review(this IStringLocalizer<Strings> l, ReviewStatus review) => l[$"Review.{review}"];

    public static string SheepName(this IStringLocalizer<Strings> l, string name, string nameLatin = "") =>
        string.IsNullOrWhiteSpace(name) ? l["Herder.Unnamed"] : Text.Sheep(name, nameLatin);

    /// <summary>A form's chosen day (yyyy-MM-dd) as the programme writes dates, "（今天）" / " (today)" after today; empty for no valid day.</summary>
    public static string Day(this IStringLocalizer<Strings> l, string? iso, DateOnly today) =>
        DateOnly.TryParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? Text.Date(day) + (day == today ? l["Herder.TodaySuffix"] : "")
            : "";

    public static string Kg(this IStringLocalizer<Strings> l, decimal kg) => l["Herder.Kg", kg.ToString("0.##", CultureInfo.CurrentCulture)];

    /// <summary>"today", "yesterday", "23 days ago" or "nothing recorded yet", on the programme's calendar.</summary>
    public static string Ago(this IStringLocalizer<Strings> l, DateTimeOffset? at, ProgrammeCalendar calendar) => SheepGrowth.DaysSince(at, calendar) switch
    {
        null => l["Herder.Never"],
        0 => l["Herder.Today"],
        1 => l["Herder.Yesterday"],
        var days => l["Herder.DaysAgo", days],
    };

    /// <summary>Grams a day, signed: "+120 g a day".</summary>
    public static string Gain(this IStringLocalizer<Strings> l, decimal kgPerDay) =>
        l["Herder.DailyGain", ((int)Math.Round(kgPerDay * 1000)).ToString("+0;-0;0", CultureInfo.CurrentCulture)];

    /// <summary>The last four digits are the ones a herder reads off the tag; the rest is printed smaller.</summary>
    public static (string Head, string Tail) SplitTag(string earTag) =>
        earTag.Length > 4 ? (earTag[..^4], earTag[^4..]) : ("", earTag);

    public static string Problem(this IStringLocalizer<Strings> l, LogProblem problem) => (problem.Field, problem.Error) switch
    {
        (_, LogError.PhotoRejected) => PhotoProblem(l, problem.Photo, problem.FileName ?? ""),
        (_, LogError.EarTagInvalid) => EarTagProblem(l, problem.Tag),
        (_, LogError.EarTagTaken) => l["Herder.Error.EarTagTaken"],
        (_, LogError.InFuture) => l["Herder.Error.InFuture"],
        (_, LogError.BeforeBirth) => l["Herder.Error.BeforeBirth"],
        (_, LogError.NotAnEwe) => l["Herder.Error.NotAnEwe"],
        (_, LogError.RemovalPending) => l["Herder.Error.RemovalPending"],
        (_, LogError.TooManyPhotos) => l["Herder.Error.TooManyPhotos", HerderLogbook.MaxPhotosPerEntry],
        (LogField.Key, _) => l["Herder.Error.Expired"],
        (LogField.On, _) => l["Herder.Error.DateRequired"],
        (LogField.Weight, LogError.Required) => l["Herder.Error.WeightRequired"],
        (LogField.Weight, _) => l["Herder.Error.WeightRange", Number(HerderLogbook.MinWeightKg), Number(HerderLogbook.MaxWeightKg)],
        (LogField.Wool, LogError.Required) => l["Herder.Error.WoolRequired"],
        (LogField.Wool, _) => l["Herder.Error.WoolRange", Number(HerderLogbook.MaxWoolKg)],
        (LogField.Vet, LogError.Required) => l["Herder.Error.VetRequired"],
        (LogField.Pasture, LogError.Required) => l["Herder.Error.PastureRequired"],
        (LogField.Notes, LogError.Required) => l["Herder.Error.NoteRequired"],
        (LogField.LambSex, _) => l["Herder.Error.LambSexRequired"],
        (LogField.Reason, _) => l["Herder.Error.ReasonRequired"],
        (LogField.Photos, LogError.Required) => l["Herder.Error.PhotosRequired"],
        (var field, LogError.TooLong) => l["Herder.Error.TooLong", MaxLength(field)],
        _ => l["Herder.Error.Invalid"],
    };

    public static string PhotoProblem(IStringLocalizer<Strings> l, PhotoError error, string fileName) => error switch
    {
        PhotoError.Empty => l["Herder.Error.Photo.Empty", fileName],
        PhotoError.TooLarge => l["Herder.Error.Photo.TooLarge", fileName, PhotoIntake.MaxBytes / (1024 * 1024)],
        PhotoError.NotAnImage => l["Herder.Error.Photo.NotAnImage", fileName],
        PhotoError.TooSmall => l["Herder.Error.Photo.TooSmall", fileName, PhotoIntake.MinimumEdge],
        PhotoError.TooManyPixels => l["Herder.Error.Photo.TooManyPixels", fileName],
        _ => l["Herder.Error.Photo.Unreadable", fileName],
    };

    public static string EarTagProblem(IStringLocalizer<Strings> l, EarTagError error) => error switch
    {
        EarTagError.NotDigits => l["Herder.Error.EarTag.NotDigits"],
        EarTagError.WrongLength or EarTagError.Empty => l["Herder.Error.EarTag.WrongLength", EarTag.Length],
        EarTagError.NotSheep => l["Herder.Error.EarTag.NotSheep", EarTag.SheepSpeciesCode],
        EarTagError.ZeroSequence => l["Herder.Error.EarTag.ZeroSequence"],
        _ => l["Herder.Error.EarTag.UnknownCounty", EarTag.TaibusCountyCode],
    };

    private static int MaxLength(LogField field) => field switch
    {
        LogField.Vet => HerderLogbook.MaxVetLength,
        LogField.Pasture => HerderLogbook.MaxPastureLength,
        LogField.LambName => HerderLogbook.MaxLambNameLength,
        LogField.Key => HerderLogbook.MaxKeyLength,
        _ => HerderLogbook.MaxNotesLength,
    };

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);
}
