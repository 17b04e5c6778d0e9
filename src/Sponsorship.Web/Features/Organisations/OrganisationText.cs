using MudBlazor;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Organisations;

/// <summary>How the organisation pages show states, so each page words and colours them the same way.</summary>
public static class OrganisationText
{
    public static Color Colour(OrganisationStatus status) => status switch
    {
        OrganisationStatus.Verified => Color.Success,
        OrganisationStatus.Rejected => Color.Error,
        _ => Color.Warning,
    };

    public static Color Colour(OrderStatus status) => status switch
    {
        OrderStatus.Active => Color.Success,
        OrderStatus.Cancelled => Color.Default,
        _ => Color.Warning,
    };

    public static Color Colour(PaymentStatus status) => status switch
    {
        PaymentStatus.Captured => Color.Success,
        PaymentStatus.Flagged => Color.Error,
        PaymentStatus.Pending => Color.Warning,
        _ => Color.Default,
    };

    /// <summary>The organisation's page, relative to the base href.</summary>
    public static string Page(int organisationId) => $"organisations/{organisationId}";

    public static string OrderPage(int organisationId, int orderId) => $"organisations/{organisationId}/orders/{orderId}";

    /// <summary>Lines of a text box, trimmed, empty ones left out.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ',', ';', '，', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
