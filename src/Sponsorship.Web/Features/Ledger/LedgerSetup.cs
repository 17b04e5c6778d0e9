using Sponsorship.Core.Ledger;
using Sponsorship.Web.Features.Jobs;

namespace Sponsorship.Web.Features.Ledger;

public static class LedgerSetup
{
    /// <summary>The ledger's read use cases for its pages, and the hourly proof-of-care release job.</summary>
    public static WebApplicationBuilder AddLedger(this WebApplicationBuilder builder)
    {
        builder.Services.AddScheduledJob<CareReleaseJob>();
        return builder;
    }
}
