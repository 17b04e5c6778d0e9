using Microsoft.Extensions.Localization;
using MudBlazor;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Languages;

/// <summary>
/// The words MudBlazor's components write themselves (a pager's "Next page", a dialog's "Close", a table's "Loading"),
/// in the reader's language: read from our resources as <c>Mud.{MudBlazor's key}</c>. A key we do not have falls back
/// to MudBlazor's English.
/// </summary>
public sealed class MudBlazorWords(IStringLocalizer<Strings> strings) : MudLocalizer
{
    public const string Prefix = "Mud.";

    public override LocalizedString this[string key]
    {
        get
        {
            var found = strings[Prefix + key];
            return new LocalizedString(key, found.ResourceNotFound ? key : found.Value, found.ResourceNotFound);
        }
    }
}
