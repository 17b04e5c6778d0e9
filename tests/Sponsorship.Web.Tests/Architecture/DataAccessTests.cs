using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Web.Tests.Languages;

namespace Sponsorship.Web.Tests.Architecture;

/// <summary>
/// Pages and components call Core use cases, which check ownership and roles; they never reach the database themselves.
/// Checked twice: by reflection over the Web assembly (what a page injects or keeps) and by reading the sources (what a
/// page names, however it gets hold of it).
/// </summary>
public sealed class DataAccessTests
{
    /// <summary>The files of the Web project that may use the database directly, and why.</summary>
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["Features/Data/"] = "data setup: registers the context factory, migrates and seeds at start, the copy and backup commands",
        ["Features/Identity/IdentitySetup.cs"] = "Identity's EF stores and the data-protection key ring are bound to the context",
        ["Features/Mail/OutboxEmailSender.cs"] = "Identity's IEmailSender: queues its mail in the outbox table, no page behind it",
        ["Endpoints/HealthEndpoints.cs"] = "the readiness probe checks that the database answers and is migrated",
    };

    private static readonly string WebRoot = Path.Combine(ResourceTests.RepositoryRoot(), "src", "Sponsorship.Web");

    private static bool IsAllowed(string relativePath) =>
        Allowed.Keys.Any(a => a.EndsWith('/') ? relativePath.StartsWith(a, StringComparison.Ordinal) : relativePath == a);

    private static bool IsDatabase(Type type) =>
        typeof(DbContext).IsAssignableFrom(type)
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDbContextFactory<>));

    private static readonly Type[] AllowedTypes =
    [
        typeof(Sponsorship.Web.Features.Identity.IdentitySetup),
        typeof(Sponsorship.Web.Features.Mail.OutboxEmailSender),
        typeof(Sponsorship.Web.Endpoints.HealthEndpoints),
    ];

    private static bool IsAllowed(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (AllowedTypes.Contains(t) || t.Namespace == "Sponsorship.Web.Features.Data")
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void No_page_or_component_injects_or_keeps_the_database_context_or_its_factory()
    {
        const BindingFlags Members = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var offenders = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Sponsorship.Web", StringComparison.Ordinal) == true && !IsAllowed(t))
            .SelectMany(t =>
                t.GetProperties(Members).Where(p => IsDatabase(p.PropertyType)).Select(p => $"{t.FullName}.{p.Name} ({p.PropertyType.Name})")
                    .Concat(t.GetFields(Members).Where(f => IsDatabase(f.FieldType)).Select(f => $"{t.FullName}.{f.Name} ({f.FieldType.Name})"))
                    .Concat(t.GetConstructors(Members).SelectMany(c => c.GetParameters()).Where(p => IsDatabase(p.ParameterType))
                        .Select(p => $"{t.FullName}({p.ParameterType.Name} {p.Name})")))
            .Distinct()
            .ToList();

        Assert.True(offenders.Count == 0, "Call a Core use case instead of the database in: " + string.Join("; ", offenders));
    }

    [Fact]
    public void No_page_or_component_source_names_the_database_context_outside_the_data_setup()
    {
        var offenders = Directory.EnumerateFiles(WebRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(WebRoot, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("bin/", StringComparison.Ordinal) && !IsAllowed(f))
            .Where(f =>
            {
                var text = File.ReadAllText(Path.Combine(WebRoot, f));
                return text.Contains(nameof(SponsorshipDbContext), StringComparison.Ordinal)
                    || text.Contains("IDbContextFactory", StringComparison.Ordinal)
                    || text.Contains("CreateDbContext", StringComparison.Ordinal);
            })
            .ToList();

        Assert.True(offenders.Count == 0, "Call a Core use case instead of the database in: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Every_allowed_exception_still_exists_and_still_needs_to_be_one()
    {
        foreach (var (path, reason) in Allowed)
        {
            var full = Path.Combine(WebRoot, path);
            var files = path.EndsWith('/') ? Directory.EnumerateFiles(full, "*.cs", SearchOption.AllDirectories).ToList() : [full];
            Assert.True(files.All(File.Exists), $"{path} ({reason}) no longer exists: take it off the list.");
            Assert.True(files.Any(f => File.ReadAllText(f).Contains("DbContext", StringComparison.Ordinal)),
                $"{path} no longer uses the database: take it off the list ({reason}).");
        }
    }
}
