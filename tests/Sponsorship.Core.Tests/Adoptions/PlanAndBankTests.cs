using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Tests.Adoptions;

public class PlanAndBankTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private AdoptionPlanAdmin Plans => new(database.DbFactory, database.Clock);

    private static PlanInput Input(string price = "1800", int months = 12, EndOfTermOptions options = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool) =>
        new("一年认养", "One year", "草原上的一年", "A year on the grassland", months, price, options, true);

    [Theory]
    [InlineData("1800", 180000)]
    [InlineData("1,800.5", 180050)]
    [InlineData("¥1800.00", 180000)]
    [InlineData(" 0.01 ", 1)]
    public void Yuan_with_up_to_two_decimals_reads_as_fen(string text, long fen)
    {
        Assert.True(AdoptionPlanAdmin.TryParseYuan(text, out var parsed));
        Assert.Equal(fen, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1800.001")]
    [InlineData("-5")]
    [InlineData("十八")]
    [InlineData("1e3")]
    public void Anything_else_is_not_a_price(string text) => Assert.False(AdoptionPlanAdmin.TryParseYuan(text, out _));

    [Fact]
    public async Task Only_an_admin_saves_a_plan_and_bad_input_is_named()
    {
        Assert.Equal(PlanError.NotAllowed, (await Plans.CreateAsync(database.SponsorA, Input())).Error);
        Assert.Null(await Plans.ListAsync(database.SponsorA));
        Assert.Equal(PlanError.NameZhRequired, (await Plans.CreateAsync(database.AdminId, Input() with { NameZh = " " })).Error);
        Assert.Equal(PlanError.NameEnRequired, (await Plans.CreateAsync(database.AdminId, Input() with { NameEn = "" })).Error);
        Assert.Equal(PlanError.TermOutOfRange, (await Plans.CreateAsync(database.AdminId, Input(months: 0))).Error);
        Assert.Equal(PlanError.TermOutOfRange, (await Plans.CreateAsync(database.AdminId, Input(months: 61))).Error);
        Assert.Equal(PlanError.PriceInvalid, (await Plans.CreateAsync(database.AdminId, Input(price: "0"))).Error);
        Assert.Equal(PlanError.PriceInvalid, (await Plans.CreateAsync(database.AdminId, Input(price: "18.005"))).Error);
        Assert.Equal(PlanError.OptionsRequired, (await Plans.CreateAsync(database.AdminId, Input(options: EndOfTermOptions.None))).Error);
        Assert.Equal(PlanError.NotFound, (await Plans.UpdateAsync(database.AdminId, 99999, Input())).Error);

        var created = await Plans.CreateAsync(database.AdminId, Input(price: "2,400.50", months: 24));

        Assert.True(created.Succeeded);
        var row = Assert.Single((await Plans.ListAsync(database.AdminId))!, p => p.Id == created.Id);
        Assert.Equal((240050L, 24, EndOfTermOptions.MeatBox | EndOfTermOptions.Wool, true), (row.PriceFen, row.TermMonths, row.Options, row.IsActive));
    }

    [Fact]
    public async Task Editing_a_plan_changes_no_adoption_made_on_it()
    {
        var (adoptionId, _) = await database.AdoptAsync();
        var before = await database.AdoptionAsync(adoptionId);
        var plan = Assert.Single((await Plans.ListAsync(database.AdminId))!, p => p.Id == database.PlanId);

        var edited = await Plans.UpdateAsync(
            database.AdminId, plan.Id,
            new PlanInput(plan.NameZh, plan.NameEn, plan.DescriptionZh, plan.DescriptionEn, 6, "999", plan.Options, plan.IsActive));

        Assert.True(edited.Succeeded);
        var after = await database.AdoptionAsync(adoptionId);
        Assert.Equal((before.PriceFen, before.TermMonths, before.EndAt), (after.PriceFen, after.TermMonths, after.EndAt));
        Assert.Equal(database.PlanPrice, after.PriceFen);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(99900, await db.AdoptionPlans.Where(p => p.Id == plan.Id).Select(p => p.PriceFen).SingleAsync());

        // Put the plan back for the other tests of the class.
        await Plans.UpdateAsync(database.AdminId, plan.Id, new PlanInput(plan.NameZh, plan.NameEn, plan.DescriptionZh, plan.DescriptionEn, plan.TermMonths, AdminYuan(plan.PriceFen), plan.Options, plan.IsActive));
    }

    [Fact]
    public async Task A_bank_transfer_holds_the_sheep_for_72_hours_and_other_providers_for_15_minutes()
    {
        var now = database.Clock.GetUtcNow();
        var bank = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep(), provider: BankTransferPayments.ProviderName), database.SponsorA, "/my");
        var sandbox = await database.Checkout.PlaceAsync(database.Request(database.TakeFreeSheep()), database.SponsorA, "/my");

        Assert.Equal(now.AddHours(72), (await database.AdoptionAsync(bank.AdoptionId)).ReservedUntil);
        Assert.Equal(now.AddMinutes(15), (await database.AdoptionAsync(sandbox.AdoptionId)).ReservedUntil);
        Assert.Equal($"/my/payments/{bank.PaymentReference}/bank-transfer", bank.RedirectUrl);

        var admin = new PaymentAdmin(database.DbFactory, database.Calendar);
        Assert.Null(await admin.PendingBankTransfersAsync(database.SponsorA));
        var row = Assert.Single((await admin.PendingBankTransfersAsync(database.AdminId))!, p => p.Reference == bank.PaymentReference);
        Assert.Equal((database.PlanPrice, "李喆", "sponsor@example.com"), (row.AmountFen, row.SponsorName, row.SponsorEmail));

        // A different amount arriving is flagged for a look, and the adoption is not activated.
        await database.Events.ConfirmBankTransferAsync(bank.PaymentReference, database.PlanPrice - 100, database.AdminId);
        var flagged = Assert.Single((await admin.FlaggedAsync(database.AdminId))!, p => p.Reference == bank.PaymentReference);
        Assert.Contains("expected", flagged.FlagReason, StringComparison.Ordinal);
        Assert.Equal(AdoptionStatus.PendingPayment, (await database.AdoptionAsync(bank.AdoptionId)).Status);
        Assert.DoesNotContain((await admin.PendingBankTransfersAsync(database.AdminId))!, p => p.Reference == bank.PaymentReference);
    }

    private static string AdminYuan(long fen) => (fen / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
