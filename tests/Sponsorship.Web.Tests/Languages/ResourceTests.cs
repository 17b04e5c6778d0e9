using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Tests.Languages;

/// <summary>Every string a person reads exists in zh-CN and en.</summary>
public sealed partial class ResourceTests
{
    private static readonly string ResourceFolder = Path.Combine(RepositoryRoot(), "src", "Sponsorship.Web", "Resources");
    private static readonly Dictionary<string, string> English = Load("Strings.resx");
    private static readonly Dictionary<string, string> Chinese = Load("Strings.zh-CN.resx");
    private static readonly string[] PaymentProviders = ["wechat", "alipay", "bank", "stripe", "sandbox"];

    [Fact]
    public void Both_languages_have_the_same_keys_and_no_empty_text()
    {
        Assert.Empty(English.Keys.Except(Chinese.Keys));
        Assert.Empty(Chinese.Keys.Except(English.Keys));
        Assert.Empty(English.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key));
        Assert.Empty(Chinese.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key));
    }

    [Fact]
    public void Placeholders_match_between_languages()
    {
        var mismatched = English.Keys
            .Where(k => !Placeholders(English[k]).SetEquals(Placeholders(Chinese[k])))
            .ToList();

        Assert.Empty(mismatched);
    }

    [Fact]
    public void Chinese_text_is_actually_Chinese()
    {
        var untranslated = Chinese
            .Where(e => e.Value == English[e.Key] && ContainsLatinWord().IsMatch(e.Value))
            .Select(e => e.Key)
            .ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void Every_key_the_pages_use_exists()
    {
        var webRoot = Path.Combine(RepositoryRoot(), "src", "Sponsorship.Web");
        var used = Directory.EnumerateFiles(webRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        var missing = used.Where(k => !English.ContainsKey(k)).ToList();
        Assert.NotEmpty(used);
        Assert.Empty(missing);
    }

    [Fact]
    public void Keys_built_from_domain_values_exist()
    {
        var keys = Enum.GetNames<Breed>().Select(b => $"Breed.{b}")
            .Concat(Enum.GetNames<Sex>().Select(s => $"Sex.{s}"))
            .Concat(Roles.All.Select(r => $"Role.{r}"))
            .Concat(Enum.GetNames<AuditAction>().Select(a => $"Audit.{a}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payments.RefundStatus>().Select(r => $"Refund.Status.{r}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payments.RefundReason>().Select(r => $"Refund.Reason.{r}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payments.RefundAdminResult>().Select(r => $"AdminPayments.Refund.{r}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Ledger.AccountKind>().Select(k => $"Ledger.Kind.{k}"))
            .Concat(typeof(Sponsorship.Core.Ledger.LedgerKinds).GetFields().Select(f => $"Ledger.TxKind.{f.GetValue(null)}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payouts.PayoutOutcome>().Select(o => $"Payouts.Outcome.{o}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payouts.PayoutLineStatus>().Select(s => $"Payouts.LineStatus.{s}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payments.PaymentStatus>().Select(s => $"Payment.Status.{s}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Payments.PaymentPurpose>().Select(p => $"AdminPayments.Purpose.{p}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Visits.VisitOfferProblem>().Select(p => $"Visits.Problem.{p}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Visits.VisitRequestError>().Where(e => e != "None").Select(e => $"Visits.Error.{e}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Visits.VisitBookingStatus>().Select(s => $"Visits.Status.{s}"))
            .Concat(Sponsorship.Core.Visits.VisitWeekdaysExtensions.Each.Select(d => $"Visits.Weekday.{d}"))
            .Concat(Enum.GetNames<Sponsorship.Core.Visits.VisitInclusions>().Where(i => i is not "None" and not "All").Select(i => $"Visits.Inclusion.{i}"))
            .Append("Visits.Answered.Accepted").Append("Visits.Answered.Declined").Append("Visits.Answered.Failed")
            .Concat(PaymentProviders.SelectMany(p => new[] { $"Provider.{p}", $"Provider.{p}.Hint", $"Renewal.Provider.{p}" }));

        var missing = keys.Where(k => !English.ContainsKey(k)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Format_strings_format_in_both_cultures()
    {
        foreach (var (key, text) in English.Concat(Chinese))
        {
            var count = Placeholders(text).Select(int.Parse).DefaultIfEmpty(-1).Max() + 1;
            var arguments = Enumerable.Repeat<object>(1, count).ToArray();
            var formatted = string.Format(CultureInfo.InvariantCulture, text, arguments);
            Assert.False(string.IsNullOrEmpty(formatted), key);
        }
    }

    private static HashSet<string> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(ResourceFolder, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sponsorship.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sponsorship.sln not found above the test folder.");
    }

    [GeneratedRegex(@"\{(\d+)(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\bL\[""([A-Za-z0-9_.]+)""")]
    private static partial Regex LiteralKey();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex ContainsLatinWord();
}
