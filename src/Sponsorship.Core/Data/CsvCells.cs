namespace Sponsorship.Core.Data;

/// <summary>
/// Text the app writes into a CSV file that a person opens in a spreadsheet: a cell starting with <c>=</c>, <c>+</c>,
/// <c>-</c>, <c>@</c>, a tab or a carriage return would be run as a formula (<c>=HYPERLINK(…)</c> in a household
/// head's name), so it is written with a leading apostrophe, which the spreadsheet shows as plain text.
/// </summary>
public static class CsvCells
{
    public static string Text(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";
}
