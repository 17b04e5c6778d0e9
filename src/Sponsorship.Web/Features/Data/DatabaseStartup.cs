using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Web.Features.Data;

public static class DatabaseStartup
{
    /// <summary>Migrates the database, makes sure the roles exist and, when asked, seeds the demo programme.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seedDemo)
    {
        // Held until the app stops: a restore into this data folder is refused meanwhile.
        app.Services.GetRequiredService<InstanceLock>();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await using (var db = await services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            if (db.Database.IsSqlite())
            {
                // WAL lets readers carry on while one writer commits.
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            await db.Database.MigrateAsync();

            // There is always a split rule in force: checkout snapshots it into each adoption.
            await SplitRules.EnsureInitialAsync(db, services.GetRequiredService<TimeProvider>().GetUtcNow());
        }

        // Account numbers an older version stored in clear are encrypted before anything reads them.
        await AccountNumberUpgrade.RunAsync(
            services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>(), services.GetRequiredService<AccountNumberProtector>());

        await RoleSetup.EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        if (seedDemo)
        {
            var withHistory = app.Configuration.GetValue(AppOptions.Section + ":" + nameof(AppOptions.SeedDemoHistory), true);
            await services.GetRequiredService<DemoSeeder>().SeedAsync(
                withHistory, withMoneyCycle: app.Configuration.GetValue(AppOptions.Section + ":" + nameof(AppOptions.SeedDemoMoneyCycle), true));
            if (withHistory)
            {
                // Like the histories, only in the app's demo: the tests of visits start from households with no offer.
                await services.GetRequiredService<DemoVisits>().SeedAsync();
            }
        }

        await using (var db = await services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync())
        {
            if (db.Database.IsSqlite())
            {
                // Without statistics SQLite can pick the wrong index (measured: a 100,000-sheep profile took 2.8 s);
                // a sampled ANALYZE costs ~0.1 s on that file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=400; ANALYZE;");
            }
        }
    }

    /// <summary>Prints where the app listens and, with demo data, how to sign in (and <paramref name="demoLine"/>).</summary>
    public static void PrintWelcomeOnStart(this WebApplication app, bool seedDemo, Func<string>? demoLine = null)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var lines = new List<string> { "", "我在草原有只羊 · A Sheep on the Grassland" };
            lines.AddRange(app.Urls.Select(url => $"  Listening on {url}"));
            if (seedDemo)
            {
                lines.Add($"  Demo sign-ins (password for all: {DemoAccounts.Password}):");
                lines.AddRange(DemoAccounts.All.Select(a => $"    {a.Role,-8} {a.Email}"));
                if (demoLine is not null)
                {
                    lines.Add(demoLine());
                }
            }

            lines.Add("");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
    }
}
