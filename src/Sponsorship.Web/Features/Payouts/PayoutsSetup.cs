using Microsoft.AspNetCore.Mvc;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payouts;

namespace Sponsorship.Web.Features.Payouts;

public static class PayoutsSetup
{
    public static WebApplicationBuilder AddPayouts(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PayoutBatches>();
        builder.Services.AddScoped<BulkPayoutConfirmation>();
        builder.Services.AddScoped<BankStatementImport>();
        builder.Services.AddScoped<Reconciliation>();
        builder.Services.AddScoped<HerderEarnings>();
        return builder;
    }

    /// <summary>The bank batch file of an exported batch and the spreadsheet of a batch's lines, for admins.</summary>
    public static WebApplication MapPayouts(this WebApplication app)
    {
        app.MapGet("/admin/payouts/{batchId:int}/bank-file", async (int batchId, [FromServices] PayoutBatches batches, [FromServices] ICurrentUser me) =>
        {
            var admin = me.UserId ?? "";
            var detail = await batches.DetailAsync(batchId, admin);
            var file = detail is null ? null : await batches.BankFileAsync(batchId, admin);
            return file is null ? Results.NotFound() : Results.File(file, "text/csv; charset=utf-8", $"{detail!.Batch.Reference}.csv");
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
        app.MapPayoutLinesSheet();
        return app;
    }
}
