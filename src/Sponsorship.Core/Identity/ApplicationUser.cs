using Microsoft.AspNetCore.Identity;

namespace Sponsorship.Core.Identity;

public class ApplicationUser : IdentityUser
{
    /// <summary>The name a person wants to be greeted by; may contain any characters (喆, ë…).</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";

    /// <summary>zh-CN or en: the language of the mail and documents this person receives.</summary>
    public string PreferredCulture { get; set; } = Cultures.Default;

    /// <summary>Set for herders: the household whose sheep this account may see and edit.</summary>
    public int? HerderHouseholdId { get; set; }

    /// <summary>When the person turned growth-update mails off (null: they are on, the default).</summary>
    public DateTimeOffset? GrowthUpdatesStoppedAt { get; set; }

    /// <summary>When the person turned the monthly digest off (null: it is on, the default).</summary>
    public DateTimeOffset? MonthlyDigestStoppedAt { get; set; }

    /// <summary>When an administrator disabled the account (null: enabled): it cannot sign in, and open sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>The administrator who disabled the account.</summary>
    public string? DisabledByUserId { get; set; }

    /// <summary>The privacy notice version the person last agreed to (null: never asked); an older one asks again.</summary>
    public int? PrivacyNoticeVersion { get; set; }

    public DateTimeOffset? PrivacyNoticeAcceptedAt { get; set; }

    /// <summary>When the person agreed to news mails beyond the service mails of an adoption (null: no consent).</summary>
    public DateTimeOffset? NewsMailConsentedAt { get; set; }

    /// <summary>
    /// When the person's data was erased (<see cref="Privacy.PersonalDataDeletion"/>). The row stays, anonymous, so the
    /// adoptions, payments and ledger accounts that name it still add up; nobody can sign in to it.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; set; }
}
