using System.Text.Json;
using Microsoft.Playwright;

namespace Sponsorship.E2E;

/// <summary>
/// axe-core (tests/Sponsorship.Js/node_modules, installed by the test command; never from a CDN) run on the page as the
/// journey left it. Serious and critical violations fail the journey; every result is kept under
/// artifacts/accessibility so the test output names what was checked.
/// </summary>
public static class Accessibility
{
    private static readonly Lazy<string> Axe = new(() =>
    {
        var path = Path.Combine(BrowserApp.RepositoryRoot(), "tests", "Sponsorship.Js", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException("axe-core is not installed: run tests/run.sh (npm ci in tests/Sponsorship.Js).", path);
    });

    private static readonly string ResultsDirectory = Path.Combine(BrowserApp.RepositoryRoot(), "artifacts", "accessibility");

    private const string RunScript =
        """
        async () => {
            const result = await axe.run(document, { resultTypes: ['violations'] });
            return JSON.stringify(result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')),
                why: v.nodes.length > 0 ? v.nodes[0].failureSummary : null,
            })));
        }
        """;

    /// <summary>Checks the page; <paramref name="name"/> names the result file (the page, its language and width).</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string name)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // Evaluated through the browser's debugging protocol, so the page's strict CSP does not apply to it.
            await page.EvaluateAsync(Axe.Value);
        }

        // A message still fading in is measured at its final colours, not half-transparent. A paused animation never
        // finishes, and an evaluation has no timeout of its own: the wait gives up after two seconds.
        await page.EvaluateAsync(
            """
            () => Promise.race([
                Promise.all(document.getAnimations()
                    .filter(a => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity)
                    .map(a => a.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 2000)),
            ])
            """);
        var violations = JsonSerializer.Deserialize<List<Violation>>(await page.EvaluateAsync<string>(RunScript), JsonOptions)!;
        Directory.CreateDirectory(ResultsDirectory);
        await File.WriteAllTextAsync(Path.Combine(ResultsDirectory, $"{name}.json"), JsonSerializer.Serialize(violations, JsonOptions));
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Console.WriteLine($"axe {name} ({page.Url}): {violations.Count} violations, {serious.Count} serious or critical");
        Assert.True(serious.Count == 0,
            $"axe found on {name} ({page.Url}):\n" + string.Join("\n", serious.Select(v => $"- {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(5))} ({v.Why})")));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private sealed record Violation(string Id, string? Impact, string Help, List<string> Nodes, string? Why);
}
