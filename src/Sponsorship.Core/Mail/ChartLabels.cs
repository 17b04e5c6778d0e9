namespace Sponsorship.Core.Mail;

/// <summary>The words of a growth chart in its reader's language: the unit beside the weights and the dates under them.</summary>
/// <param name="Language">The culture name the chart is kept under ("zh-CN", "en").</param>
public sealed record ChartLabels(string Language, string Unit, Func<DateOnly, string> Day);
