using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;

namespace Sponsorship.Benchmarks;

/// <summary>
/// The whole system under a mix of people at once, for a fixed time, against the app on a real port (<see cref="LoadApp"/>):
/// anonymous visitors browsing the public pages (HTTP), sponsors signing in through the login form (HTTP, antiforgery
/// token and all), sponsors adopting through the checkout page in Chromium and paying on the sandbox provider's page,
/// whose signed webhook the app posts to itself, a herder recording weighings through the quick-entry form (HTTP, with
/// the form's antiforgery token and idempotency key; every fifth post is sent twice, as a weak signal does), and an
/// administrator approving those weighings on the review page (Chromium). Prints throughput, p50 and p99 per action,
/// errors (there must be none) and the server's memory at the end, then reads the database back and throws unless the
/// counts add up. <c>dotnet run -c Release --project tests/Sponsorship.Benchmarks -- load [seconds, default 60] | smoke</c>
/// </summary>
public static partial class WholeSystemLoad
{
    /// <summary>Herder B: the demo trusts herder A's household (its entries are approved as they are saved), not B's.</summary>
    private static readonly DemoAccount Herder = DemoAccounts.SecondHerder;

    public static readonly LoadMix Full = new(TimeSpan.FromSeconds(60), Browsers: 6, SignIns: 2, Herders: 2, Checkouts: 2);

    public static readonly LoadMix Smoke = new(TimeSpan.FromSeconds(3), Browsers: 1, SignIns: 1, Herders: 1, Checkouts: 1);

    public static async Task RunAsync(string[] args)
    {
        var seconds = args.Skip(1).Select(a => int.TryParse(a, CultureInfo.InvariantCulture, out var n) ? n : 0).FirstOrDefault(n => n > 0);
        var mix = args.Contains("smoke") ? Smoke : seconds > 0 ? Full with { Duration = TimeSpan.FromSeconds(seconds) } : Full;
        var result = await RunAsync(mix);
        Console.WriteLine(result.Table());
        Console.WriteLine(result);
        if (!result.IsConsistent)
        {
            throw new InvalidOperationException("The load run's counts do not add up or some actions failed: " + result);
        }
    }

    public static async Task<LoadResult> RunAsync(LoadMix mix)
    {
        ArgumentNullException.ThrowIfNull(mix);
        using var app = new LoadApp();
        await app.StartAsync();
        var run = new Run(app, mix, $"load {Guid.NewGuid():N}"[..13]);
        await run.PrepareAsync();
        var clock = Stopwatch.StartNew();
        var deadline = DateTime.UtcNow + mix.Duration;
        var workers = new List<Task>();
        workers.AddRange(Enumerable.Range(0, mix.Browsers).Select(i => run.BrowseAsync(i, deadline)));
        workers.AddRange(Enumerable.Range(0, mix.SignIns).Select(i => run.SignInsAsync(i, deadline)));
        workers.AddRange(Enumerable.Range(0, mix.Herders).Select(i => run.HerderAsync(i, deadline)));
        workers.AddRange(Enumerable.Range(0, mix.Checkouts).Select(i => run.CheckoutsAsync(i, deadline)));
        workers.Add(run.ApprovalsAsync(deadline));
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var memory = LoadApp.Memory();
        return await run.ResultAsync(elapsed, memory);
    }

    /// <summary>One run's state: the app, what each worker may use, and what every action took.</summary>
    private sealed class Run(LoadApp app, LoadMix mix, string marker)
    {
        private readonly ConcurrentDictionary<string, ConcurrentBag<double>> timings = new();
        private readonly ConcurrentQueue<string> errors = new();
        private readonly ConcurrentBag<string> adoptedTags = [];
        private IReadOnlyList<string> freeTags = [];
        private IReadOnlyList<int> herderSheep = [];
        private int nextTag = -1;
        private int entriesPosted;
        private int replaysPosted;
        private int approvals;
        private int payments;

        public async Task PrepareAsync()
        {
            freeTags = await LoadFacts.FreeSheepTagsAsync(app, 1_000);
            herderSheep = await LoadFacts.HerderSheepAsync(app, Herder);
        }

        public async Task BrowseAsync(int worker, DateTime deadline)
        {
            using var http = Client();
            var random = new Random(worker);
            var catalogue = await http.GetStringAsync("/sheep");
            var profiles = ProfileLink().Matches(catalogue).Select(m => m.Groups["tag"].Value).Distinct().ToList();
            string[] paths = ["/", "/sheep", "/sheep?breed=Ujimqin&page=2", "/impact"];
            do
            {
                var path = random.Next(3) == 0 ? $"/sheep/{profiles[random.Next(profiles.Count)]}" : paths[random.Next(paths.Length)];
                await TimeAsync("browse (anonymous)", async () =>
                {
                    using var response = await http.GetAsync(path);
                    Expect(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
                    await response.Content.ReadAsByteArrayAsync();
                });
            }
            while (DateTime.UtcNow < deadline);
        }

        public async Task SignInsAsync(int worker, DateTime deadline)
        {
            var accounts = new[] { DemoAccounts.Sponsor, DemoAccounts.SecondSponsor, DemoAccounts.OrganisationContact };
            var turn = worker;
            do
            {
                var account = accounts[turn++ % accounts.Length];
                await TimeAsync("sign-in (form, then /my)", async () =>
                {
                    using var http = Client();
                    await SignInAsync(http, account.Email);
                    using var mine = await http.GetAsync("/my");
                    Expect(mine.StatusCode == HttpStatusCode.OK, $"/my after signing in {account.Email} answered {(int)mine.StatusCode}");
                });
            }
            while (DateTime.UtcNow < deadline);
        }

        public async Task HerderAsync(int worker, DateTime deadline)
        {
            using var http = Client();
            await SignInAsync(http, Herder.Email);
            var turn = worker;
            do
            {
                var sheepId = herderSheep[turn % herderSheep.Count];
                var replay = turn % 5 == 0;
                turn += mix.Herders;
                await TimeAsync("herder weighing (form post)", async () =>
                {
                    var path = $"/herder/sheep/{sheepId}";
                    var page = await http.GetStringAsync(path);
                    var fields = WeighingForm(page, path);
                    fields["Model.Weight"] = (30 + turn % 200 / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
                    fields["Model.Notes"] = marker;
                    var posts = replay ? 2 : 1;
                    for (var i = 0; i < posts; i++)
                    {
                        using var content = new FormUrlEncodedContent(fields);
                        using var response = await http.PostAsync(path, content);
                        var location = response.Headers.Location?.OriginalString ?? "";
                        Expect(response.StatusCode == HttpStatusCode.Redirect && location.EndsWith($"herder/sheep/{sheepId}?saved=Weighing", StringComparison.Ordinal),
                            $"weighing of sheep {sheepId} answered {(int)response.StatusCode} to '{location}'");
                    }

                    Interlocked.Increment(ref entriesPosted);
                    if (replay)
                    {
                        Interlocked.Increment(ref replaysPosted);
                    }
                });
            }
            while (DateTime.UtcNow < deadline);
        }

        public async Task CheckoutsAsync(int worker, DateTime deadline)
        {
            var sponsor = worker % 2 == 0 ? DemoAccounts.Sponsor : DemoAccounts.SecondSponsor;
            var context = await app.NewContextAsync(360, 780);
            await using var _ = context;
            var page = await context.NewPageAsync();
            await LoadFacts.SignInAsync(page, sponsor.Email);
            do
            {
                var tag = freeTags[Interlocked.Increment(ref nextTag)];
                var chosen = await TimeAsync("checkout (adopt page, 5 steps)", async () =>
                {
                    await page.GotoAsync($"/sheep/{tag}/adopt");
                    await LoadFacts.WaitUntilInteractiveAsync(page);
                    for (var step = 1; step <= 4; step++)
                    {
                        await page.ClickAsync("[data-testid=checkout-next]");
                        await page.Locator($"[data-testid=checkout-step-{step}]").WaitForAsync();
                    }

                    await page.ClickAsync("[data-testid=provider-choice][data-provider=sandbox]");
                    await page.ClickAsync("[data-testid=checkout-pay]");
                    await page.WaitForURLAsync(url => url.Contains("/pay/sandbox/", StringComparison.Ordinal));
                });
                if (!chosen)
                {
                    continue;
                }

                await TimeAsync("sandbox payment + webhook", async () =>
                {
                    await page.ClickAsync("[data-testid=sandbox-pay]");
                    await page.WaitForURLAsync(url => url.Contains("/my/adoptions/", StringComparison.Ordinal) && url.Contains("paid=1", StringComparison.Ordinal));
                    await page.Locator("[data-testid=adoption-welcome]").WaitForAsync();
                    adoptedTags.Add(tag);
                    Interlocked.Increment(ref payments);
                });
            }
            while (DateTime.UtcNow < deadline);
        }

        /// <summary>
        /// Approves this run's weighings one at a time, reloading the queue when it has none; keeps going after the
        /// deadline until it has approved at least one, so every action of the mix has run.
        /// </summary>
        public async Task ApprovalsAsync(DateTime deadline)
        {
            var context = await app.NewContextAsync();
            await using var _ = context;
            var page = await context.NewPageAsync();
            await LoadFacts.SignInAsync(page, DemoAccounts.Admin.Email);
            var giveUp = deadline.AddSeconds(60);
            while ((DateTime.UtcNow < deadline || Volatile.Read(ref approvals) == 0) && DateTime.UtcNow < giveUp)
            {
                await TimeAsync("admin review page", async () =>
                {
                    await page.GotoAsync("/admin/review");
                    await LoadFacts.WaitUntilInteractiveAsync(page);
                    await page.Locator("[data-testid=review-list], [data-testid=review-empty]").First.WaitForAsync();
                });
                var ours = page.Locator("[data-testid=review-item]", new PageLocatorOptions { HasText = marker });
                if (await ours.CountAsync() == 0)
                {
                    await Task.Delay(200);
                    continue;
                }

                for (var i = 0; i < 5 && await ours.CountAsync() > 0; i++)
                {
                    var log = await ours.First.GetAttributeAsync("data-log");
                    await TimeAsync("admin approval", async () =>
                    {
                        await ours.First.Locator("[data-testid=approve]").ClickAsync();
                        await page.Locator($"[data-testid=review-item][data-log='{log}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
                        Interlocked.Increment(ref approvals);
                    });
                }
            }
        }

        public async Task<LoadResult> ResultAsync(TimeSpan elapsed, ServerMemory memory)
        {
            await using var scope = app.Scope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
            var logs = await db.AnimalLogs.Where(l => l.Notes == marker && l.Kind == LogKind.Weighing).Select(l => l.Review).ToListAsync();
            var tags = adoptedTags.ToList();
            var adoptions = await db.Adoptions
                .Where(a => a.Status == AdoptionStatus.Active && a.Sheep.Tags.Any(t => tags.Contains(t.Value)))
                .Select(a => a.Id).ToListAsync();
            var captured = await db.Payments.CountAsync(p => p.AdoptionId != null && adoptions.Contains(p.AdoptionId.Value) && p.Status == PaymentStatus.Captured);
            var actions = timings.OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => ActionFigures.Of(t.Key, t.Value.ToArray(), errors.Count(e => e.StartsWith(t.Key + ":", StringComparison.Ordinal)), elapsed))
                .ToList();
            return new LoadResult(mix, elapsed, actions, errors.ToList(), memory,
                EntriesPosted: entriesPosted, Replays: replaysPosted, WeighingsSaved: logs.Count, Approvals: approvals,
                WeighingsApproved: logs.Count(r => r == ReviewStatus.Approved), Payments: payments, AdoptionsActive: adoptions.Count,
                PaymentsCaptured: captured);
        }

        private async Task<bool> TimeAsync(string action, Func<Task> body)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                await body();
                timings.GetOrAdd(action, _ => []).Add(clock.Elapsed.TotalMilliseconds);
                return true;
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or PlaywrightException or TimeoutException or TaskCanceledException)
            {
                timings.GetOrAdd(action, _ => []);
                errors.Enqueue($"{action}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                return false;
            }
        }

        private HttpClient Client() =>
            new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
            {
                BaseAddress = app.BaseUrl,
                DefaultRequestHeaders = { { "Accept-Language", "zh-CN" } },
            };

        private static async Task SignInAsync(HttpClient http, string email)
        {
            var page = await http.GetStringAsync("/Account/Login");
            var form = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups["v"].Value),
                ["_handler"] = "login",
                ["Input.Email"] = email,
                ["Input.Password"] = DemoAccounts.Password,
            };
            using var content = new FormUrlEncodedContent(form);
            using var response = await http.PostAsync("/Account/Login", content);
            var location = response.Headers.Location?.OriginalString ?? "";
            Expect(response.StatusCode == HttpStatusCode.Redirect && !location.Contains("Account/", StringComparison.Ordinal)
                && response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sponsorship.auth=", StringComparison.Ordinal)),
                $"sign-in of {email} answered {(int)response.StatusCode} to '{location}'");
        }

        /// <summary>The weighing form's fields as the page rendered them: its antiforgery token, handler and idempotency key.</summary>
        private static Dictionary<string, string> WeighingForm(string page, string path)
        {
            var start = page.IndexOf("data-testid=\"weighing-form\"", StringComparison.Ordinal);
            var end = start < 0 ? -1 : page.IndexOf("</form>", start, StringComparison.Ordinal);
            Expect(end > start, $"no weighing form on {path}");
            var fields = new Dictionary<string, string>();
            foreach (Match input in Input().Matches(page[start..end]))
            {
                var name = NameAttribute().Match(input.Value);
                var value = ValueAttribute().Match(input.Value);
                if (name.Success)
                {
                    fields[WebUtility.HtmlDecode(name.Groups["v"].Value)] = value.Success ? WebUtility.HtmlDecode(value.Groups["v"].Value) : "";
                }
            }

            Expect(fields.ContainsKey("__RequestVerificationToken") && fields.GetValueOrDefault("Model.Key") is { Length: > 0 },
                $"the weighing form on {path} has no antiforgery token or idempotency key");
            return fields;
        }

        private static void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                throw new InvalidOperationException(problem);
            }
        }
    }

    [GeneratedRegex(@"href=""sheep/(?<tag>\d{15})""")]
    private static partial Regex ProfileLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<v>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Input();

    [GeneratedRegex("\\bname=\"(?<v>[^\"]*)\"")]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\bvalue=\"(?<v>[^\"]*)\"")]
    private static partial Regex ValueAttribute();
}

/// <summary>How long the run lasts and how many of each kind of person act at once (plus one administrator).</summary>
public sealed record LoadMix(TimeSpan Duration, int Browsers, int SignIns, int Herders, int Checkouts);

/// <summary>One action's count, rate, median and 99th percentile in milliseconds, and failures.</summary>
public sealed record ActionFigures(string Action, int Count, double PerSecond, double P50Ms, double P99Ms, int Errors)
{
    public static ActionFigures Of(string action, double[] milliseconds, int errors, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        Array.Sort(milliseconds);
        return new ActionFigures(action, milliseconds.Length, milliseconds.Length / elapsed.TotalSeconds,
            Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.99), errors);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// A load run: figures per action, failures, the server's memory at the end, and what the database holds afterwards.
/// Consistent when nothing failed, every action ran, every weighing posted was saved once (replays included), every
/// approval approved one of them, and every payment made one active adoption with a captured payment.
/// </summary>
public sealed record LoadResult(
    LoadMix Mix, TimeSpan Elapsed, IReadOnlyList<ActionFigures> Actions, IReadOnlyList<string> Errors, ServerMemory Memory,
    int EntriesPosted, int Replays, int WeighingsSaved, int Approvals, int WeighingsApproved, int Payments, int AdoptionsActive, int PaymentsCaptured)
{
    public static readonly string[] ActionNames =
    [
        "admin approval", "admin review page", "browse (anonymous)", "checkout (adopt page, 5 steps)", "herder weighing (form post)",
        "sandbox payment + webhook", "sign-in (form, then /my)",
    ];

    public bool IsConsistent =>
        Errors.Count == 0
        && ActionNames.All(name => Actions.Any(a => a.Action == name && a.Count > 0))
        && WeighingsSaved == EntriesPosted && WeighingsApproved == Approvals
        && AdoptionsActive == Payments && PaymentsCaptured == Payments;

    public int Total => Actions.Sum(a => a.Count);

    public string Table()
    {
        var lines = new List<string> { "| Action | Count | per second | p50 | p99 | Errors |", "|---|---:|---:|---:|---:|---:|" };
        lines.AddRange(Actions.Select(a => string.Create(CultureInfo.InvariantCulture,
            $"| {a.Action} | {a.Count:N0} | {a.PerSecond:N1} | {a.P50Ms:N0} ms | {a.P99Ms:N0} ms | {a.Errors} |")));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"| all | {Total:N0} | {Total / Elapsed.TotalSeconds:N1} | | | {Errors.Count} |"));
        return string.Join('\n', lines);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Elapsed.TotalSeconds:0.0} s, {Total} actions, {Errors.Count} errors{(Errors.Count > 0 ? " (" + string.Join("; ", Errors.Take(5)) + ")" : "")}; "
        + $"weighings posted {EntriesPosted} ({Replays} sent twice), saved {WeighingsSaved}, approvals {Approvals}, approved {WeighingsApproved}; "
        + $"payments {Payments}, active adoptions {AdoptionsActive}, captured {PaymentsCaptured}; server memory at the end: {Memory}");
}
