using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests;

/// <summary>
/// A real SQLite file in its own temp folder, migrated with the real SQLite migrations, and the services the Core use
/// cases need (context factory with the audit interceptor, Identity with the hardened settings, a fake clock).
/// Use it as a class fixture; it deletes its folder when disposed.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    /// <summary>The fixed "now" of every test database: the programme's demo day.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);

    private ServiceProvider? services;

    public TestDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Files = new LocalFileStore(Path.Combine(Folder, "files"));
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Folder, "sponsorship.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>Who the audit interceptor sees as acting; nobody unless a test says so.</summary>
    public TestCurrentUser CurrentUser { get; } = new();

    /// <summary>The file store (photos) in <c>files/</c> of the test folder.</summary>
    public LocalFileStore Files { get; }

    /// <summary>Encrypts account numbers under a key this test database generated.</summary>
    public AccountNumberProtector AccountNumbers { get; } = AccountNumberProtector.FromBase64(AccountNumberProtector.NewKey(), "test key");

    public IServiceProvider Services => services ?? throw new InvalidOperationException("The test database is not initialized.");

    public IDbContextFactory<SponsorshipDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>();

    public virtual async Task InitializeAsync()
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton<ICurrentUser>(CurrentUser);
        collection.AddSingleton<IFileStore>(Files);
        collection.AddSingleton<AuditInterceptor>();
        collection.AddSingleton(AccountNumbers);
        collection.AddDbContextFactory<SponsorshipDbContext>((sp, options) => options
            .Use(DatabaseProvider.Sqlite, ConnectionString)
            .AddInterceptors(sp.GetRequiredService<AuditInterceptor>()));
        collection.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SponsorshipDbContext>();
        collection.Configure<PasswordHasherOptions>(IdentitySettings.Apply);
        collection.AddScoped<DemoSeeder>();
        collection.AddScoped<DemoAdoptions>();
        collection.AddScoped<StaffAccounts>();
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        await using var db = await DbFactory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        AdminId = await AddAdministratorAsync(db, "test-admin@example.com");
        SecondAdminId = await AddAdministratorAsync(db, "test-admin2@example.com");
    }

    /// <summary>A confirmed administrator every database has (no password: it never signs in), for admin use cases.</summary>
    public string AdminId { get; private set; } = "";

    /// <summary>A second confirmed administrator, for what needs two.</summary>
    public string SecondAdminId { get; private set; } = "";

    private static async Task<string> AddAdministratorAsync(SponsorshipDbContext db, string email)
    {
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == Roles.Admin);
        if (role is null)
        {
            role = new IdentityRole(Roles.Admin) { NormalizedName = Roles.Admin.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        var user = new ApplicationUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = "测试管理员 Test admin", SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        await db.SaveChangesAsync();
        return user.Id;
    }

    public async Task<SponsorshipDbContext> CreateDbContextAsync() => await DbFactory.CreateDbContextAsync();

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    /// <summary>Creates the roles and seeds the demo programme, as the app does on first start.</summary>
    public async Task SeedDemoAsync(bool withHistory = false, bool withAdoptions = true)
    {
        await using var scope = CreateScope();
        await RoleSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(withHistory, withAdoptions: withAdoptions);
    }

    public virtual async Task DisposeAsync()
    {
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>A test database with the roles and the demo programme already in it; for test classes that only read.</summary>
public class SeededDatabase : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync();
    }
}

/// <summary>The demo flock, accounts and plans, but nobody has adopted or paid yet: every fen in the ledger is the test's own.</summary>
public class SeededDatabaseWithoutMoney : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync(withAdoptions: false);
    }
}

/// <summary>The demo programme as the app seeds it, histories and portraits included.</summary>
public class SeededDatabaseWithHistory : TestDatabase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedDemoAsync(withHistory: true);
    }
}

/// <summary>The signed-in user as the trusted layer sees it, set by the test.</summary>
public sealed class TestCurrentUser : ICurrentUser
{
    public string? UserId { get; set; }
}
