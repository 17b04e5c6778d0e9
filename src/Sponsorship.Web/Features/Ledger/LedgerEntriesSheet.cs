using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Ledger;

/// <summary>The ledger's entries as a spreadsheet for the office: one row a leg, kinds of transaction and account as words.</summary>
public static class LedgerEntriesSheet
{
    public static void MapLedgerEntriesSheet(this WebApplication app) =>
        app.MapGet("/admin/ledger/entries.csv", async (
            [FromServices] LedgerEntries entries, [FromServices] ICurrentUser me, [FromServices] ProgrammeCalendar calendar,
            [FromServices] IStringLocalizer<Strings> l) =>
        {
            if (await entries.LatestAsync(me.UserId ?? "") is not { } rows)
            {
                return Results.NotFound();
            }

            string[] header =
            [
                l["Ledger.Sheet.Transaction"], l["Ledger.When"], l["Ledger.Sheet.Kind"], l["Ledger.Sheet.Reference"], l["Ledger.AccountKind"],
                l["Ledger.Sheet.Account"], l["Ledger.Sheet.AmountYuan"],
            ];
            var lines = rows.Select(e => (IReadOnlyList<string>)
            [
                e.TransactionId.ToString(CultureInfo.InvariantCulture), calendar.Local(e.PostedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                LedgerText.Kind(l, e.Kind), e.Reference, l[$"Ledger.Kind.{e.AccountKind}"], e.AccountCode, Money.Yuan(e.AmountFen),
            ]);
            return Results.File(CsvDownload.Write(header, lines), CsvDownload.ContentType, $"ledger-{calendar.Today:yyyy-MM-dd}.csv");
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
}
