using Microsoft.Extensions.Localization;
using Sponsorship.Core.Data;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Data;

/// <summary>
/// An audit row as a sentence ("管理员 A 修改了 巴特尔家 的收款账户"): the record by its name and kind, the fields by what
/// they mean to the office. Several columns that make one thing (an account's number, holder and bank) read as one.
/// </summary>
public static class AuditWording
{
    /// <summary>The kinds of record the sentences name; any other reads as "a record".</summary>
    public static readonly IReadOnlySet<string> KnownEntities = new HashSet<string>(StringComparer.Ordinal)
    {
        "HerderHousehold", "Sheep", "Village", "AdoptionPlan", "Adoption", "Payment", "PayoutBatch", "PayoutLine", "AnimalLog",
        "Organisation", "ApplicationUser", AuditTrail.UserRoleEntity, "SplitRule", "IdTag", "AdminGrant", "PayoutAccountChange",
        "BankStatement", "BankStatementLine", "Refund", "Certificate", "OrganisationOrder", "OrganisationMember", "InvoiceRequest",
    };

    /// <summary>Property names → the word for what they hold; properties not listed are bookkeeping and not named.</summary>
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["PayoutAccountEncrypted"] = "PayoutAccount", ["PayoutAccountLast4"] = "PayoutAccount", ["PayoutAccountHolder"] = "PayoutAccount",
        ["PayoutBank"] = "PayoutAccount",
        ["HeadName"] = "Name", ["HeadNameLatin"] = "Name", ["Name"] = "Name", ["NameLatin"] = "Name", ["NameZh"] = "Name", ["NameEn"] = "Name",
        ["DisplayName"] = "Name",
        ["Phone"] = "Phone", ["PhoneNumber"] = "Phone", ["ContactPhone"] = "Phone",
        ["Email"] = "Email", ["NormalizedEmail"] = "Email", ["UserName"] = "Email", ["NormalizedUserName"] = "Email",
        ["EmailConfirmed"] = "EmailConfirmed",
        ["Trusted"] = "Trusted",
        ["ArchivedAt"] = "Archived", ["RemovalReason"] = "Archived",
        ["VillageId"] = "Village", ["HouseholdId"] = "Household",
        ["Sex"] = "Sex", ["BirthDate"] = "BirthDate", ["Breed"] = "Breed", ["Notes"] = "Notes",
        ["PriceFen"] = "Price", ["AmountFen"] = "Amount", ["TermMonths"] = "Term", ["IsActive"] = "Active",
        ["Status"] = "Status",
        ["Review"] = "Review", ["ReviewedAt"] = "Review", ["ReviewedByUserId"] = "Review",
        ["ApprovedAt"] = "Approval", ["ApprovedByUserId"] = "Approval",
        ["LockoutEnd"] = "Lockout", ["AccessFailedCount"] = "Lockout", ["LockoutEnabled"] = "Lockout",
        ["TwoFactorEnabled"] = "TwoFactor",
        ["DisabledAt"] = "Disabled", ["DisabledByUserId"] = "Disabled",
        ["PreferredCulture"] = "Language",
        ["GrowthUpdatesStoppedAt"] = "MailChoices", ["MonthlyDigestStoppedAt"] = "MailChoices",
        ["Fulfilment"] = "Fulfilment",
        ["Value"] = "Tag", ["ValidTo"] = "Tag",
    };

    public static string Sentence(IStringLocalizer<Strings> l, AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(row);
        var actor = string.IsNullOrWhiteSpace(row.ActorName) ? row.ActorEmail : row.ActorName;
        var fields = FieldWords(l, row.ChangedFields);
        var key = row.Action switch
        {
            AuditAction.Modified when fields.Length > 0 => "Audit.Sentence.ModifiedFields",
            AuditAction.Read when fields.Length > 0 => "Audit.Sentence.ReadFields",
            _ => $"Audit.Sentence.{row.Action}",
        };
        return l[key, actor, Record(l, row), fields].Value;
    }

    /// <summary>The record by its kind and name: "牧户 巴特尔家", "the sheep 雪球"; its number when it has no name.</summary>
    public static string Record(IStringLocalizer<Strings> l, AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(row);
        var name = Text.Chinese ? row.Subject : row.SubjectLatin;
        var kind = EntityName(l, row.Entity);
        return name is null
            ? l["Audit.Record.Numbered", kind, row.Entity == AuditTrail.UserRoleEntity || row.Entity == "ApplicationUser" ? Short(row.Key) : row.Key].Value
            : l["Audit.Record.Named", kind, name].Value;
    }

    /// <summary>The kind of record as a filter names it ("Herder households"), not as a sentence does.</summary>
    public static string KindName(IStringLocalizer<Strings> l, string entity) =>
        (KnownEntities.Contains(entity) ? l[$"Audit.Kind.{entity.Replace("`1", "", StringComparison.Ordinal)}"] : l["Audit.Kind.Other"]).Value;

    public static string EntityName(IStringLocalizer<Strings> l, string entity) =>
        (KnownEntities.Contains(entity) ? l[$"Audit.Entity.{entity.Replace("`1", "", StringComparison.Ordinal)}"] : l["Audit.Entity.Other"]).Value;

    private static string FieldWords(IStringLocalizer<Strings> l, string changedFields)
    {
        var words = changedFields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => Fields.GetValueOrDefault(f))
            .OfType<string>()
            .Distinct()
            .Select(w => l[$"Audit.Field.{w}"].Value);
        return string.Join(Text.Chinese ? "、" : ", ", words);
    }

    /// <summary>A long generated key (an account's id) cut to what a person can compare.</summary>
    private static string Short(string key) =>
        key.Length > 8 ? key[..8] + "…" : key;
}
