using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Features.Flock.Offline;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Flock.Entry;

/// <summary>What every quick-entry form posts: the idempotency key it was rendered with, the day and a note.</summary>
public class EntryInput
{
    /// <summary>Generated when the form is rendered and posted back as is: a resent POST carries the same key.</summary>
    public string? Key { get; set; }

    /// <summary>yyyy-MM-dd, as a date input posts it.</summary>
    public string? On { get; set; }

    public string? Notes { get; set; }
}

/// <summary>
/// A quick-entry form for one kind of log: a static SSR form (no circuit to lose on a weak signal) that posts once with
/// its idempotency key, shows the logbook's problems beside their fields in the reader's language, and after a save
/// redirects to the sheep's page (post/redirect/get), so a reload never posts again.
/// </summary>
public abstract class EntryForm<TInput> : ComponentBase where TInput : EntryInput, new()
{
    private ValidationMessageStore messages = null!;

    // The same problems as words, for the offline outbox's JSON answer.
    private readonly List<EntryProblem> problems = [];

    [Parameter, EditorRequired]
    public int SheepId { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? AuthenticationState { get; set; }

    [CascadingParameter]
    private HttpContext? HttpContext { get; set; }

    [Inject]
    protected HerderLogbook Logbook { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    [Inject]
    protected ProgrammeCalendar Calendar { get; set; } = null!;

    // The forms' markup has L from _Imports; this is the same localizer for the code here.
    [Inject]
    private IStringLocalizer<Strings> Localizer { get; set; } = null!;

    protected EditContext EditContext { get; private set; } = null!;

    protected TInput Model { get; private set; } = null!;

    /// <summary>A problem with the entry as a whole (not one field).</summary>
    protected string? FormError { get; private set; }

    /// <summary>Open the form's section when it comes back with problems.</summary>
    protected bool Open => FormError is not null || EditContext.GetValidationMessages().Any();

    protected DateOnly Today => Calendar.Today;

    protected string TodayText => Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The form's model: the posted one when this form was submitted, else a new one. Forms declare it with
    /// <c>[SupplyParameterFromForm(FormName = …, Name = "Model")]</c>, matching the names the inputs get from <c>Model.X</c>.
    /// </summary>
    protected abstract TInput Bind();

    /// <summary>Sends the entry; null when a field could not even be read (the problem is already added).</summary>
    protected abstract Task<LogbookResult?> SaveAsync(string userId, string key, DateOnly day);

    protected virtual string SavedUrl(LogbookResult result) => $"herder/sheep/{SheepId}?saved={Kind}";

    protected abstract LogKind Kind { get; }

    protected override void OnInitialized()
    {
        Model = Bind();
        if (string.IsNullOrEmpty(Model.Key))
        {
            Model.Key = NewKey();
        }

        Model.On ??= TodayText;
        EditContext = new EditContext(Model);
        messages = new ValidationMessageStore(EditContext);
    }

    protected async Task SubmitAsync()
    {
        await SubmitEntryAsync();
        if (problems.Count > 0)
        {
            EntryAnswer.Keep(HttpContext, EntryAnswer.Refusal(problems));
        }
    }

    private async Task SubmitEntryAsync()
    {
        messages.Clear();
        problems.Clear();
        FormError = null;
        var userId = AuthenticationState is null ? null : (await AuthenticationState).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            Navigation.NotFound();
            return;
        }

        if (!DateOnly.TryParseExact(Model.On, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            AddProblem(new LogProblem(LogField.On, LogError.Required));
            return;
        }

        var result = await SaveAsync(userId, Model.Key ?? "", day);
        if (result is null)
        {
            EditContext.NotifyValidationStateChanged();
            return;
        }

        switch (result.Outcome)
        {
            case LogbookOutcome.Recorded or LogbookOutcome.Replayed:
                EntryAnswer.Keep(HttpContext, EntryAnswer.Saved(result));
                Navigation.NavigateTo(SavedUrl(result));
                return;
            case LogbookOutcome.NotFound:
                EntryAnswer.Keep(HttpContext, EntryAnswer.Missing);
                Navigation.NotFound();
                return;
            case LogbookOutcome.KeyConflict:
                // The key belongs to another entry: this form gets a fresh one, so sending again records this entry.
                FormError = Localizer["Herder.Error.KeyConflict"];
                problems.Add(new EntryProblem(null, FormError));
                Model.Key = NewKey();
                break;
            default:
                foreach (var problem in result.Problems)
                {
                    AddProblem(problem);
                }

                break;
        }

        EditContext.NotifyValidationStateChanged();
    }

    /// <summary>Reads a number typed on a phone ("42.5" or "42,5"); null with a problem beside the field otherwise.</summary>
    protected decimal? ReadNumber(string? text, string field, out bool ok)
    {
        ok = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (decimal.TryParse(text.Trim().Replace(',', '.').Replace('，', '.').Replace('。', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        ok = false;
        messages.Add(EditContext.Field(field), Localizer["Herder.Error.NotANumber"]);
        problems.Add(new EntryProblem(field, Localizer["Herder.Error.NotANumber"]));
        return null;
    }

    protected static TEnum? ReadEnum<TEnum>(string? text) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) ? value : null;

    private void AddProblem(LogProblem problem)
    {
        problems.Add(new EntryProblem(problem.Field is LogField.Key or LogField.Sheep ? null : problem.Field.ToString(), Localizer.Problem(problem)));
        if (problem.Field is LogField.Key or LogField.Sheep)
        {
            FormError = Localizer.Problem(problem);
        }
        else
        {
            messages.Add(EditContext.Field(problem.Field.ToString()), Localizer.Problem(problem));
        }

        EditContext.NotifyValidationStateChanged();
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
