using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Payouts;
using Sponsorship.Core.Programme;
using Sponsorship.Web.Components.Common;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Adoptions.Admin;

/// <summary>Sponsors' payments as a spreadsheet for the office: providers, purposes and states as words, amounts in yuan.</summary>
public static class PaymentsSheet
{
    public static void MapPaymentsSheet(this WebApplication app) =>
        app.MapGet("/admin/payments/payments.csv", async (
            [FromServices] PaymentAdmin payments, [FromServices] ICurrentUser me, [FromServices] ProgrammeCalendar calendar,
            [FromServices] IStringLocalizer<Strings> l) =>
        {
            if (await payments.AllAsync(me.UserId ?? "") is not { } rows)
            {
                return Results.NotFound();
            }

            string[] header =
            [
                l["AdminPayments.Reference"], l["AdminPayments.Created"], l["AdminPayments.Provider"], l["AdminPayments.Sheet.Purpose"],
                l["AdminPayments.Sheet.AmountYuan"], l["AdminPayments.Sheet.Status"], l["AdminPayments.Sponsor"], l["AdminPayments.Sheet.Email"],
                l["AdminPayments.Sheep"], l["AdminPayments.Sheet.EarTag"], l["AdminPayments.Reason"],
            ];
            var lines = rows.Select(p => (IReadOnlyList<string>)
            [
                p.Reference, calendar.Local(p.CreatedAt).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), l[$"Renewal.Provider.{p.Provider}"],
                l[$"AdminPayments.Purpose.{p.Purpose}"], Money.Yuan(p.AmountFen), l[$"Payment.Status.{p.Status}"], p.SponsorName, p.SponsorEmail,
                Text.Sheep(p.SheepName, p.SheepNameLatin), p.EarTag, p.FlagReason ?? "",
            ]);
            return Results.File(CsvDownload.Write(header, lines), CsvDownload.ContentType, $"payments-{calendar.Today:yyyy-MM-dd}.csv");
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Admin));
}
