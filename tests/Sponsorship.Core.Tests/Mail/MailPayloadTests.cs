using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>Each mail kind's payload record: written by its producer into the outbox row, read back as the same record.</summary>
public class MailPayloadTests : IAsyncLifetime
{
    private readonly TestDatabase database = new();

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private static readonly DateTimeOffset Since = new(2026, 11, 30, 23, 0, 0, TimeSpan.Zero);

    /// <summary>One payload of every kind, as its producer writes it.</summary>
    public static readonly MailPayload[] Samples =
    [
        new ConfirmEmailPayload("https://example.test/Account/ConfirmEmail?userId=1&code=abc"),
        new PasswordResetPayload(Link: "https://example.test/Account/ResetPassword?code=abc"),
        new PasswordResetPayload(Code: "123456"),
        new AccountExistsPayload("https://example.test/Account/Login"),
        new AdoptionConfirmedPayload(12, 34),
        new GiftRevealPayload(12, "https://example.test/gifts/claim/secret"),
        new RenewalReminderPayload(12),
        new EndOfTermPayload(12),
        new DeathNoticePayload(12, LogId: 345),
        new DeathNoticePayload(12, LogKey: "log-key"),
        new ReplacementAssignedPayload(12),
        new GrowthUpdatePayload(12, Since),
        new GrowthUpdatePayload(12, Since, "milestone-key"),
        new MonthlyDigestPayload(12, "2026-10"),
        new PayoutNoticePayload(56),
        new OrganisationInvitationPayload(7, "https://example.test/organisations/join/secret"),
        new OrderConfirmedPayload(8, 9),
    ];

    public static TheoryData<int> SampleIndexes() => [.. Enumerable.Range(0, Samples.Length)];

    /// <summary>
    /// Rows as the producers wrote them before each kind had its record (anonymous objects), with what they must read
    /// back as: rows still waiting in a database when the new release starts.
    /// </summary>
    public static readonly (string Kind, string Json, MailPayload Expected)[] OldRows =
    [
        (MailKinds.ConfirmEmail, """{"Link":"https://example.test/c"}""", new ConfirmEmailPayload("https://example.test/c")),
        (MailKinds.PasswordReset, """{"Link":"https://example.test/r"}""", new PasswordResetPayload(Link: "https://example.test/r")),
        (MailKinds.PasswordReset, """{"Code":"123456"}""", new PasswordResetPayload(Code: "123456")),
        (MailKinds.AccountExists, """{"Link":"https://example.test/l"}""", new AccountExistsPayload("https://example.test/l")),
        (MailKinds.AdoptionConfirmed, """{"AdoptionId":12,"PaymentId":34}""", new AdoptionConfirmedPayload(12, 34)),
        (MailKinds.GiftReveal, """{"AdoptionId":12,"ClaimUrl":"https://example.test/g"}""", new GiftRevealPayload(12, "https://example.test/g")),
        (MailKinds.RenewalReminder, """{"AdoptionId":12}""", new RenewalReminderPayload(12)),
        (MailKinds.EndOfTerm, """{"AdoptionId":12}""", new EndOfTermPayload(12)),
        (MailKinds.ReplacementAssigned, """{"AdoptionId":12}""", new ReplacementAssignedPayload(12)),
        (MailKinds.DeathNotice, """{"AdoptionId":12,"LogId":345,"LogKey":null}""", new DeathNoticePayload(12, LogId: 345)),
        (MailKinds.DeathNotice, """{"AdoptionId":12,"LogId":null,"LogKey":"log-key"}""", new DeathNoticePayload(12, LogKey: "log-key")),
        (MailKinds.GrowthUpdate, """{"AdoptionId":12,"Since":"2026-11-30T23:00:00+00:00","MilestoneLogKey":null}""", new GrowthUpdatePayload(12, Since)),
        (MailKinds.GrowthUpdate, """{"AdoptionId":12,"LogIds":[345]}""", new GrowthUpdatePayload(12, null, LogIds: [345])),
        (MailKinds.MonthlyDigest, """{"AdoptionId":12,"Month":"2026-10"}""", new MonthlyDigestPayload(12, "2026-10")),
        (MailKinds.PayoutNotice, """{"PayoutLineId":56}""", new PayoutNoticePayload(56)),
        (MailKinds.OrganisationInvitation, """{"OrganisationId":7,"JoinUrl":"https://example.test/j"}""", new OrganisationInvitationPayload(7, "https://example.test/j")),
        (MailKinds.OrderConfirmed, """{"OrderId":8,"PaymentId":9}""", new OrderConfirmedPayload(8, 9)),
    ];

    public static TheoryData<int> OldRowIndexes() => [.. Enumerable.Range(0, OldRows.Length)];

    [Fact]
    public void Every_mail_kind_has_a_payload_record_and_a_sample_here()
    {
        var kinds = typeof(MailKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).Order();

        Assert.Equal(kinds, Samples.Select(s => s.Kind).Distinct().Order());
        Assert.Equal(kinds, OldRows.Select(row => row.Kind).Distinct().Order());
        Assert.Equal(kinds, MailKinds.All.Order());
    }

    [Theory]
    [MemberData(nameof(SampleIndexes))]
    public async Task A_payload_queued_in_the_outbox_reads_back_from_its_saved_row_as_the_same_record(int index)
    {
        var payload = Samples[index];
        await using (var db = await database.CreateDbContextAsync())
        {
            Outbox.Queue(db, payload, "sponsor@example.test", "赞助人", "zh-CN", database.Clock.GetUtcNow(), dedupeKey: $"sample:{index}");
            await db.SaveChangesAsync();
        }

        await using var read = await database.CreateDbContextAsync();
        var row = await read.OutboxMails.AsNoTracking().SingleAsync();
        Assert.Equal(payload.Kind, row.Kind);
        Assert.Equal(payload, MailPayload.Read(row));
        Assert.DoesNotContain("\"Kind\"", row.PayloadJson, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OldRowIndexes))]
    public void A_row_written_in_the_shape_of_the_earlier_anonymous_payloads_still_reads(int index)
    {
        var (kind, json, expected) = OldRows[index];

        var payload = MailPayload.Read(new OutboxMail { Kind = kind, PayloadJson = json });

        Assert.Equal(expected.GetType(), payload.GetType());
        Assert.Equal(expected.ToJson(), payload.ToJson());
    }

    [Theory]
    [InlineData("NoSuchKind", "{}")]
    [InlineData(MailKinds.GrowthUpdate, "not json")]
    [InlineData(MailKinds.EndOfTerm, "null")]
    public void A_row_of_an_unknown_kind_or_with_an_unreadable_payload_can_never_render(string kind, string json) =>
        Assert.Throws<MailNotRenderableException>(() => MailPayload.Read(new OutboxMail { Kind = kind, PayloadJson = json }));

    [Fact]
    public async Task An_approved_weighing_queues_a_growth_update_whose_payload_finds_that_weighing_for_the_template()
    {
        await database.SeedDemoAsync();
        var flock = new FlockTestData(database.DbFactory, database.Files);
        var adoptions = new AdoptionTestData(database.DbFactory);
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Adoptions.ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, AdoptionStatus.Ended));
            await db.OutboxMails.ExecuteDeleteAsync();
        }

        var (sheepId, _) = await flock.LivingSheepAsync(await flock.HouseholdIdAsync(1));
        var adoptionId = await adoptions.ActiveAdoptionAsync(sheepId, await adoptions.UserIdAsync(DemoAccounts.Sponsor.Email), database.Clock.GetUtcNow().AddDays(-30));
        var weighing = await flock.AddLogAsync(sheepId, LogKind.Weighing, database.Clock.GetUtcNow().AddDays(-1), ReviewStatus.Pending, kg: 41.5m);
        // A moment finer than the database keeps: the payload's Since has every tick, the stored review time fewer.
        database.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        await new LogReview(database.DbFactory, database.Clock).ApproveAsync([weighing.LogId], await adoptions.UserIdAsync(DemoAccounts.Admin.Email));

        await using var read = await database.CreateDbContextAsync();
        var row = await read.OutboxMails.AsNoTracking().SingleAsync();
        var growth = Assert.IsType<GrowthUpdatePayload>(MailPayload.Read(row));
        Assert.Equal(adoptionId, growth.AdoptionId);
        var content = new MailContent(database.DbFactory);
        Assert.Equal(sheepId, (await content.AdoptionAsync(growth.AdoptionId))!.SheepId);
        var news = await content.NewsAsync(sheepId, growth.Since, growth.MilestoneLogKey, growth.OnlyLogId);
        Assert.Equal(weighing.LogId, Assert.Single(news.Logs).Id);

        // The dispatcher's way: the whole claim read at once, then the template's question answered from memory.
        var prefetched = new MailContent(database.DbFactory);
        await prefetched.PrefetchAsync([growth]);
        var fromMemory = await prefetched.NewsAsync(sheepId, growth.Since, growth.MilestoneLogKey, growth.OnlyLogId);
        Assert.Equal(weighing.LogId, Assert.Single(fromMemory.Logs).Id);
    }
}
