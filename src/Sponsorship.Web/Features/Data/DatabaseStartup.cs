using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;

namespace Sponsorship.Web.Features.Data;

public static class DatabaseStartup
{
    /// <summary>Migrates the database, makes sure the roles exist and, when asked, seeds the demo programme.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool seedDemo)
    {
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
        }

        await RoleSetup.EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
        if (seedDemo)
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync();
        }
    }

    /// <summary>Prints where the app listens and, with demo data, how to sign in.</summary>
    public static void PrintWelcomeOnStart(this WebApplication app, bool seedDemo)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var lines = new List<string> { "", "我在草原有只羊 · A Sheep on the Grassland" };
            lines.AddRange(app.Urls.Select(url => $"  Listening on {url}"));
            if (seedDemo)
            {
                lines.Add($"  Demo sign-ins (password for all: {DemoAccounts.Password}):");
                lines.AddRange(DemoAccounts.All.Select(a => $"    {a.Role,-8} {a.Email}"));
            }

            lines.Add("");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
    }
}
