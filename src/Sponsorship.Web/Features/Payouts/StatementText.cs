using Microsoft.Extensions.Localization;
using Sponsorship.Core.Payouts;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Payouts;

/// <summary>A statement file's problems in words: the line, the column and what is wrong.</summary>
public static class StatementText
{
    public static string Error(IStringLocalizer<Strings> l, StatementError error)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(error);
        var what = l[$"Payouts.StatementError.{error.Code}", error.Value];
        return error.Line == 0 ? what
            : error.Column is { } column ? l["Payouts.StatementError.At", error.Line, l[$"Payouts.Column.{column}"], what]
            : l["Payouts.StatementError.AtLine", error.Line, what];
    }
}
