using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Sponsorship.Core.Visits;

namespace Sponsorship.Web.Features.Visits;

public partial class VisitOfferForm
{
    private readonly List<string> problems = [];
    private EditContext editContext = null!;

    /// <summary>The household's offer as saved, to fill the form; null when it offers no visits yet.</summary>
    [Parameter]
    public VisitOffer? Offer { get; set; }

    /// <summary>Say that the offer was just saved. Default: false.</summary>
    [Parameter]
    public bool Saved { get; set; }

    [SupplyParameterFromForm(FormName = "visit-offer", Name = "Model")]
    private Input? Posted { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    private VisitOffers Offers { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    private Input Model { get; set; } = null!;

    protected override void OnInitialized()
    {
        Model = Posted ??= Offer is { } offer ? Input.From(offer) : Input.Empty();
        editContext = new EditContext(Model);
    }

    private async Task SaveAsync()
    {
        problems.Clear();
        var userId = AuthenticationState is null ? null : (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            Navigation.NotFound();
            return;
        }

        var input = Read();
        if (input is null)
        {
            return;
        }

        var result = await Offers.SaveAsync(userId, input);
        if (result.Saved)
        {
            Navigation.NavigateTo("herder/visits?saved=1");
            return;
        }

        problems.AddRange(result.NoHousehold ? [L["MyFlock.NoHousehold"].Value] : result.Problems.Select(p => L[$"Visits.Problem.{p}"].Value));
    }

    /// <summary>The offer as typed; null with the problems listed when a date or number cannot be read.</summary>
    private VisitOfferInput? Read()
    {
        var starts = Date(Model.StartsOn);
        var ends = Date(Model.EndsOn);
        if (starts is null || ends is null)
        {
            problems.Add(L["Visits.Problem.NotADate"]);
        }

        var guests = int.TryParse(Model.GuestsPerDay?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var g) ? g : (int?)null;
        var adult = VisitText.Fen(Model.AdultPrice);
        var child = string.IsNullOrWhiteSpace(Model.ChildPrice) ? 0 : VisitText.Fen(Model.ChildPrice);
        if (guests is null || adult is null || child is null)
        {
            problems.Add(L["Herder.Error.NotANumber"]);
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var weekdays = Model.Weekdays();
        var inclusions = (Model.FlockVisit ? VisitInclusions.FlockVisit : 0) | (Model.Meal ? VisitInclusions.Meal : 0)
            | (Model.NightInYurt ? VisitInclusions.NightInYurt : 0);
        return new VisitOfferInput(
            starts!.Value, ends!.Value, weekdays, guests!.Value, inclusions, adult!.Value, child!.Value, Model.Description, Model.NearestTown, Model.PickUp);
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public sealed class Input
    {
        public string? StartsOn { get; set; }
        public string? EndsOn { get; set; }

        // One property a day: a checkbox left empty posts nothing, which a list could not tell from the next day's.
        public bool Monday { get; set; }
        public bool Tuesday { get; set; }
        public bool Wednesday { get; set; }
        public bool Thursday { get; set; }
        public bool Friday { get; set; }
        public bool Saturday { get; set; }
        public bool Sunday { get; set; }

        public string? GuestsPerDay { get; set; }
        public bool FlockVisit { get; set; }
        public bool Meal { get; set; }
        public bool NightInYurt { get; set; }
        public string? AdultPrice { get; set; }
        public string? ChildPrice { get; set; }
        public string? Description { get; set; }
        public string? NearestTown { get; set; }
        public bool PickUp { get; set; }

        public VisitWeekdays Weekdays() =>
            (Monday ? VisitWeekdays.Monday : 0) | (Tuesday ? VisitWeekdays.Tuesday : 0) | (Wednesday ? VisitWeekdays.Wednesday : 0)
            | (Thursday ? VisitWeekdays.Thursday : 0) | (Friday ? VisitWeekdays.Friday : 0) | (Saturday ? VisitWeekdays.Saturday : 0)
            | (Sunday ? VisitWeekdays.Sunday : 0);

        public static Input Empty() => new() { FlockVisit = true, GuestsPerDay = "4" };

        public static Input From(VisitOffer offer) => new()
        {
            StartsOn = offer.StartsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EndsOn = offer.EndsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Monday = offer.Weekdays.HasFlag(VisitWeekdays.Monday),
            Tuesday = offer.Weekdays.HasFlag(VisitWeekdays.Tuesday),
            Wednesday = offer.Weekdays.HasFlag(VisitWeekdays.Wednesday),
            Thursday = offer.Weekdays.HasFlag(VisitWeekdays.Thursday),
            Friday = offer.Weekdays.HasFlag(VisitWeekdays.Friday),
            Saturday = offer.Weekdays.HasFlag(VisitWeekdays.Saturday),
            Sunday = offer.Weekdays.HasFlag(VisitWeekdays.Sunday),
            GuestsPerDay = offer.GuestsPerDay.ToString(CultureInfo.InvariantCulture),
            FlockVisit = offer.Inclusions.HasFlag(VisitInclusions.FlockVisit),
            Meal = offer.Inclusions.HasFlag(VisitInclusions.Meal),
            NightInYurt = offer.Inclusions.HasFlag(VisitInclusions.NightInYurt),
            AdultPrice = VisitText.YuanInput(offer.AdultPriceFen),
            ChildPrice = VisitText.YuanInput(offer.ChildPriceFen),
            Description = offer.Description,
            NearestTown = offer.NearestTown,
            PickUp = offer.PickUpOffered,
        };
    }
}
