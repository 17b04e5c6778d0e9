using Sponsorship.Core.Ledger;
using Sponsorship.Web.Features.Jobs;

namespace Sponsorship.Web.Features.Ledger;

public static class LedgerSetup
{
    /// <summary>
    /// The ledger's read use cases for its pages, the hourly proof-of-care release job, and the integrity checks (hourly
    /// from the checkpoint, daily and on request in full).
    /// </summary>
    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        builder.Services.AddScheduledJob<CareReleaseJob>();
        builder.Services.AddScoped<LedgerOverview>();
        builder.Services.AddScoped<LedgerEntries>();
        builder.Services.AddScoped<MoneyTrail>();
        builder.Services.AddScoped<SplitRules>();
        builder.Services.AddScoped<LedgerVerification>();
        builder.Services.AddScheduledJob<LedgerIntegrityJob>();
        builder.Services.AddScheduledJob<LedgerFullCheckJob>();
        return builder;
    }

    /// <summary>The admins' spreadsheet of ledger entries.</summary>
    public static WebApplication MapLedger(this WebApplication app)
    {
        app.MapLedgerEntriesSheet();
        return app;
    }
}
