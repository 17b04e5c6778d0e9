using System.Xml.Linq;
using Sponsorship.Core.Flock;
using Sponsorship.Web.Tests.Languages;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>The keys the admin flock pages build from domain values exist in both languages.</summary>
public sealed class AdminFlockResourceTests
{
    [Fact]
    public void Every_domain_value_the_admin_pages_name_has_its_text()
    {
        var keys = Names<RegisterError>("AdminFlock.Error")
            .Concat(Names<ImportErrorCode>("AdminFlock.Import.Error"))
            .Concat(Names<EarTagError>("AdminFlock.TagError"))
            .Concat(Names<RetagError>("AdminFlock.Sheep.RetagError"))
            .Concat(Names<SheepStatus>("AdminFlock.Sheep.Status"))
            .Concat(Names<ReviewError>("AdminFlock.Review.Error"))
            .Concat(Names<LogKind>("LogKind"))
            .Concat(Names<RemovalReason>("RemovalReason"));

        foreach (var file in new[] { "Strings.resx", "Strings.zh-CN.resx" })
        {
            var present = XDocument.Load(Path.Combine(ResourceTests.RepositoryRoot(), "src", "Sponsorship.Web", "Resources", file)).Root!
                .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
            var missing = keys.Where(k => !present.Contains(k)).ToList();
            Assert.Empty(missing);
        }
    }

    private static IEnumerable<string> Names<T>(string prefix)
        where T : struct, Enum => Enum.GetNames<T>().Select(n => $"{prefix}.{n}");
}
