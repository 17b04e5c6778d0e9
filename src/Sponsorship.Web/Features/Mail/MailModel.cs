using Sponsorship.Core.Mail;
using Sponsorship.Core.Organisations;

namespace Sponsorship.Web.Features.Mail;

/// <summary>Everything one mail template shows, read when the mail is rendered.</summary>
public sealed record MailModel
{
    public required string Kind { get; init; }
    public required string RecipientName { get; init; }
    public required string BaseUrl { get; init; }

    /// <summary>The mail's main link (confirm, reset, claim, renew, the sheep's page).</summary>
    public string? Link { get; init; }

    public string? Code { get; init; }
    public AdoptionMailFacts? Adoption { get; init; }
    public SheepNews? News { get; init; }
    public MailLog? DeathLog { get; init; }
    public PayoutMailFacts? Payout { get; init; }

    /// <summary>An organisation's invitation: the organisation's name.</summary>
    public string? OrganisationName { get; init; }

    /// <summary>An organisation order's confirmation.</summary>
    public OrderMailFacts? Order { get; init; }
    public string? Month { get; init; }
    public bool HasCertificate { get; init; }
    public bool HasPhoto { get; init; }
    public bool HasChart { get; init; }
    public string? UnsubscribeUrl { get; init; }
    public string? PreferencesUrl { get; init; }
    public DateTimeOffset Now { get; init; }
}
