using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Web.Features.Data;

public static class DataSetup
{
    /// <summary>
    /// One DbContext per operation from a scoped factory: scoped so that each context gets the audit interceptor of
    /// the request or circuit that made it (and so knows who is acting).
    /// </summary>
    public static WebApplicationBuilder AddSponsorshipData(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var app = configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        var dataDirectory = app.ResolveDataDirectory(builder.Environment.ContentRootPath);
        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        var connectionString = provider == DatabaseProvider.Sqlite
            ? SponsorshipDatabase.SqliteConnectionString(dataDirectory, configuration.GetConnectionString("Sqlite"))
            : configuration.GetConnectionString(provider.ToString());
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Missing setting ConnectionStrings:{provider} (environment variable ConnectionStrings__{provider}), required when Database:Provider is {provider}; see infra/README.md.");
        }

        Directory.CreateDirectory(dataDirectory);
        builder.Services.AddSingleton(_ => InstanceLock.Hold(dataDirectory));
        if (provider == DatabaseProvider.Sqlite)
        {
            // A server database has its own backups; a SQLite installation gets a nightly archive (infra/README.md).
            builder.Services.AddOptions<BackupOptions>().BindConfiguration(BackupOptions.Section).PostConfigure(o =>
            {
                o.DataDirectory = dataDirectory;
                o.SqliteConnectionString = connectionString;
                o.Folder = string.IsNullOrWhiteSpace(o.Folder) ? Path.Combine(dataDirectory, "backups") : o.Folder;
            });
            builder.Services.AddScoped<IScheduledJob, NightlyBackup>();
        }

        builder.Services.Configure<DatabaseOptions>(o => o.Provider = provider);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<AuditInterceptor>();
        builder.Services.AddDbContextFactory<SponsorshipDbContext>(
            (services, options) => options
                .Use(provider, connectionString)
                .AddInterceptors(services.GetRequiredService<AuditInterceptor>()),
            ServiceLifetime.Scoped);
        return builder;
    }
}
