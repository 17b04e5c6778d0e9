using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Payouts;

/// <summary>A payout batch's lines as a spreadsheet for the office: headers in the admin's language, statuses as words, masked accounts.</summary>
public static class PayoutLinesSheet
{
    public static void MapPayoutLinesSheet(this WebApplication app) =>
        app.MapGet("/admin/payouts/{batchId:int}/lines.csv", async (
            int batchId, [FromServices] PayoutBatches batches, [FromServices] ICurrentUser me, [FromServices] ProgrammeCalendar calendar,
            [FromServices] IStringLocalizer<Strings> l) =>
        {
            if (await batches.DetailAsync(batchId, me.UserId ?? "") is not { } detail)
            {
                return Results.NotFound();
            }

            string[] header =
            [
                l["Payouts.Reference"], l["Payouts.Household"], l["Payouts.AccountHolder"], l["Payouts.Bank"], l["Payouts.Account"],
                l["Payouts.Sheet.AmountYuan"], l["Payouts.Status"], l["Payouts.Sheet.SettledAt"], l["Payouts.Sheet.FailureReason"],
            ];
            var rows = detail.Lines.Select(line => (IReadOnlyList<string>)
            [
                line.Reference, Text.Household(line.HouseholdName, line.HouseholdNameLatin), line.AccountHolder, line.Bank, line.MaskedAccount,
                Money.Yuan(line.AmountFen), l[$"Payouts.LineStatus.{line.Status}"],
                line.SettledAt is { } at ? calendar.Local(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "", line.FailureReason ?? "",
            ]);
            return Results.File(CsvDownload.Write(header, rows), CsvDownload.ContentType, $"{detail.Batch.Reference}-lines.csv");
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
}
