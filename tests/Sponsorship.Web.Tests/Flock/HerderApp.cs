using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Testing;

namespace Sponsorship.Web.Tests.Flock;

/// <summary>
/// The app for the herder tests, which write logs and photos: its own demo database and file store, and the two demo
/// herders' sheep. Tests take sheep from a pool so that each works on sheep no other test touches.
/// </summary>
public sealed class HerderApp : SponsorshipAppFactory, IAsyncLifetime
{
    private readonly Dictionary<string, Queue<int>> pool = [];

    public string FilesDirectory => Path.Combine(DataDirectory, "files");

    public async Task InitializeAsync()
    {
        await using var db = await CreateDbContextAsync();

        // A demo household has 6–18 sheep; the tests need more. Give A and B the flocks of twenty other households.
        var households = await db.Users.Where(u => u.HerderHouseholdId != null).Select(u => u.HerderHouseholdId!.Value).ToListAsync();
        var others = await db.Households.Where(h => !households.Contains(h.Id)).OrderBy(h => h.Id).Select(h => h.Id).Take(20).ToListAsync();
        var a = await db.Users.Where(u => u.Email == DemoAccounts.Herder.Email).Select(u => u.HerderHouseholdId!.Value).SingleAsync();
        var b = await db.Users.Where(u => u.Email == DemoAccounts.SecondHerder.Email).Select(u => u.HerderHouseholdId!.Value).SingleAsync();
        await db.Sheep.Where(s => others.Take(10).Contains(s.HouseholdId)).ExecuteUpdateAsync(u => u.SetProperty(s => s.HouseholdId, a));
        await db.Sheep.Where(s => others.Skip(10).Contains(s.HouseholdId)).ExecuteUpdateAsync(u => u.SetProperty(s => s.HouseholdId, b));

        foreach (var email in new[] { DemoAccounts.Herder.Email, DemoAccounts.SecondHerder.Email })
        {
            var household = await db.Users.Where(u => u.Email == email).Select(u => u.HerderHouseholdId).SingleAsync();
            pool[email] = new(await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync());
        }
    }

    /// <summary>A living sheep of the herder's household that no other test uses.</summary>
    public int TakeSheep(string herderEmail)
    {
        lock (pool)
        {
            return pool[herderEmail].Dequeue();
        }
    }

    /// <summary>A living ewe of the herder's household that no other test uses (the rams passed over are not used either).</summary>
    public async Task<int> TakeEweAsync(string herderEmail)
    {
        await using var db = await CreateDbContextAsync();
        int sheepId;
        do
        {
            sheepId = TakeSheep(herderEmail);
        }
        while (await db.Sheep.Where(s => s.Id == sheepId).Select(s => s.Sex).SingleAsync() != Sex.Ewe);
        return sheepId;
    }

    public async Task<SponsorshipDbContext> CreateDbContextAsync()
    {
        // Resolving Services starts the app (and seeds it) on first use.
        var scope = Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();
        return await factory.CreateDbContextAsync();
    }

    public async Task<int> LogCountAsync(int sheepId)
    {
        await using var db = await CreateDbContextAsync();
        return await db.AnimalLogs.CountAsync(l => l.SheepId == sheepId);
    }

    public string[] StoredFiles() =>
        Directory.Exists(FilesDirectory) ? Directory.GetFiles(FilesDirectory, "*", SearchOption.AllDirectories) : [];

    public Task<HttpClient> SignInAsync(string email) => HttpTestClient.SignedInAsync(this, email, DemoAccounts.Password);

    // The factory itself is disposed (and its folder deleted) by xunit as an IDisposable fixture.
    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Posting the herder's forms as a phone does.</summary>
public static partial class HerderForms
{
    /// <summary>
    /// Posts a quick-entry form of the sheep's page with the given key (same key = a resend), with the antiforgery
    /// token of the herder's own list (so a forged post to someone else's sheep has a valid token too).
    /// </summary>
    public static async Task<HttpResponseMessage> PostEntryAsync(
        HttpClient client, int sheepId, string form, string key, Dictionary<string, string> fields, bool json = false, string? token = null)
    {
        var values = fields.ToDictionary(f => $"Model.{f.Key}", f => f.Value);
        values["Model.Key"] = key;
        values["__RequestVerificationToken"] = token ?? await TokenAsync(client);
        values["_handler"] = form;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/herder/sheep/{sheepId}") { Content = new FormUrlEncodedContent(values) };
        if (json)
        {
            // As the phone's offline outbox sends it.
            request.Headers.Add("Accept", "application/json");
            request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        }

        return await client.SendAsync(request);
    }

    /// <summary>Posts the photo form (multipart) with the antiforgery token of the page it was shown on.</summary>
    public static async Task<HttpResponseMessage> PostPhotosAsync(
        HttpClient client, int sheepId, string key, IEnumerable<(string Name, byte[] Bytes)> photos, string? notes = null, bool script = false, bool json = false)
    {
        var token = await TokenAsync(client);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(key), "key" },
            { new StringContent(notes ?? ""), "notes" },
        };
        foreach (var (name, bytes) in photos)
        {
            content.Add(new ByteArrayContent(bytes), "photos", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/herder/sheep/{sheepId}/photos") { Content = content };
        if (script)
        {
            request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        }

        if (json)
        {
            request.Headers.Add("Accept", "application/json");
        }

        return await client.SendAsync(request);
    }

    /// <summary>The antiforgery token of the signed-in user, from the herder's list (empty when the list is refused).</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        var page = await (await client.GetAsync("/herder")).Content.ReadAsStringAsync();
        return WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
    }

    public static string NewKey() => Guid.NewGuid().ToString("N");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
