using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Payouts;
using Sponsorship.Testing;

namespace Sponsorship.Testing;

/// <summary>An adopted sheep with a history (two weighings and a photo) and a payout line, in a running test app.</summary>
public sealed record MailScene(int SheepId, int AdoptionId, string SponsorId, long WeighingLogId, int PayoutLineId)
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SponsorshipAppFactory, Dictionary<(int, int), Task<MailScene>>> Scenes = [];

    /// <summary>One scene per app and sheep, made by the first test that asks (a sheep has at most one active adoption).</summary>
    public static Task<MailScene> OnceAsync(SponsorshipAppFactory app, int householdNumber, int sheepIndex)
    {
        var scenes = Scenes.GetOrCreateValue(app);
        lock (scenes)
        {
            if (!scenes.TryGetValue((householdNumber, sheepIndex), out var scene))
            {
                scene = CreateAsync(app, householdNumber, sheepIndex);
                scenes[(householdNumber, sheepIndex)] = scene;
            }

            return scene;
        }
    }

    public static async Task<MailScene> CreateAsync(SponsorshipAppFactory app, int householdNumber, int sheepIndex)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var flock = FlockTestData.For(scope.ServiceProvider);
        var adoptions = new AdoptionTestData(flock.DbFactory);
        var now = TimeProvider.System.GetUtcNow();
        var householdId = await flock.HouseholdIdAsync(householdNumber);
        // The demo and other tests in the same app adopt sheep too: take the first one from the index on that nobody holds.
        int sheepId;
        await using (var lookup = await flock.DbFactory.CreateDbContextAsync())
        {
            var held = lookup.Adoptions
                .Where(a => a.Status == Sponsorship.Core.Adoptions.AdoptionStatus.PendingPayment || a.Status == Sponsorship.Core.Adoptions.AdoptionStatus.Active)
                .Select(a => a.SheepId);
            sheepId = await lookup.Sheep.Where(s => s.HouseholdId == householdId && s.ArchivedAt == null)
                .OrderBy(s => s.Id).Skip(sheepIndex).Where(s => !held.Contains(s.Id)).Select(s => s.Id).FirstAsync();
        }

        var sponsorId = await adoptions.UserIdAsync(DemoAccounts.Sponsor.Email);
        var adoptionId = await adoptions.ActiveAdoptionAsync(sheepId, sponsorId, now.AddDays(-60));
        await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-40), kg: 36.5m);
        await flock.AddLogAsync(sheepId, LogKind.Photo, now.AddDays(-20), withPhoto: true);
        var weighing = await flock.AddLogAsync(sheepId, LogKind.Weighing, now.AddDays(-1), kg: 41.2m, notes: "吃得很好，毛色发亮");

        await using var db = await flock.DbFactory.CreateDbContextAsync();
        var batch = new PayoutBatch
        {
            Reference = $"PB-{Guid.NewGuid():N}"[..20], PeriodEnd = DateOnly.FromDateTime(now.UtcDateTime), Status = PayoutBatchStatus.Exported,
            CreatedAt = now, CreatedByUserId = sponsorId,
        };
        var line = new PayoutLine { Batch = batch, HouseholdId = householdId, AmountFen = 312_050, Reference = $"PL-{Guid.NewGuid():N}"[..20], PayoutAccountLast4 = "3445", Status = PayoutLineStatus.InTransit };
        db.PayoutLines.Add(line);
        await db.SaveChangesAsync();
        return new MailScene(sheepId, adoptionId, sponsorId, weighing.LogId, line.Id);
    }

    /// <summary>An outbox row of the kind with the payload the producers of that kind write.</summary>
    public OutboxMail Mail(string kind, string culture)
    {
        MailPayload payload = kind switch
        {
            MailKinds.ConfirmEmail => new ConfirmEmailPayload("https://example.test/Account/ConfirmEmail?userId=1&code=abc"),
            MailKinds.PasswordReset => new PasswordResetPayload(Link: "https://example.test/Account/ResetPassword?code=abc"),
            MailKinds.AccountExists => new AccountExistsPayload("https://example.test/Account/Login"),
            MailKinds.AdoptionConfirmed => new AdoptionConfirmedPayload(AdoptionId, PaymentId: 0),
            MailKinds.GiftReveal => new GiftRevealPayload(AdoptionId, "https://example.test/gifts/claim/secret"),
            MailKinds.RenewalReminder => new RenewalReminderPayload(AdoptionId),
            MailKinds.EndOfTerm => new EndOfTermPayload(AdoptionId),
            MailKinds.DeathNotice => new DeathNoticePayload(AdoptionId, LogId: WeighingLogId),
            MailKinds.ReplacementAssigned => new ReplacementAssignedPayload(AdoptionId),
            MailKinds.GrowthUpdate => new GrowthUpdatePayload(AdoptionId, TimeProvider.System.GetUtcNow().AddDays(-45)),
            MailKinds.MonthlyDigest => new MonthlyDigestPayload(AdoptionId, "2026-10"),
            MailKinds.PayoutNotice => new PayoutNoticePayload(PayoutLineId),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No sample payload for this kind."),
        };
        return new OutboxMail
        {
            Id = 1,
            Kind = kind,
            ToEmail = DemoAccounts.Sponsor.Email,
            ToName = culture == "zh-CN" ? "李喆" : "Zoë Müller",
            Culture = culture,
            RecipientUserId = SponsorId,
            PayloadJson = payload.ToJson(),
            MessageId = $"{Guid.NewGuid():N}@sponsorship.local",
        };
    }

    /// <summary>The same payload as <see cref="Mail"/> writes, in the shape the producers wrote before each kind had its record.</summary>
    public string OldPayloadJson(string kind) => kind switch
    {
        MailKinds.ConfirmEmail => """{"Link":"https://example.test/Account/ConfirmEmail?userId=1\u0026code=abc"}""",
        MailKinds.PasswordReset => """{"Link":"https://example.test/Account/ResetPassword?code=abc"}""",
        MailKinds.AccountExists => """{"Link":"https://example.test/Account/Login"}""",
        MailKinds.AdoptionConfirmed => $$"""{"AdoptionId":{{AdoptionId}},"PaymentId":0}""",
        MailKinds.GiftReveal => $$"""{"AdoptionId":{{AdoptionId}},"ClaimUrl":"https://example.test/gifts/claim/secret"}""",
        MailKinds.DeathNotice => $$"""{"AdoptionId":{{AdoptionId}},"LogId":{{WeighingLogId}}}""",
        MailKinds.GrowthUpdate => $$"""{"AdoptionId":{{AdoptionId}},"Since":"{{TimeProvider.System.GetUtcNow().AddDays(-45):O}}","MilestoneLogKey":null}""",
        MailKinds.MonthlyDigest => $$"""{"AdoptionId":{{AdoptionId}},"Month":"2026-10"}""",
        MailKinds.PayoutNotice => $$"""{"PayoutLineId":{{PayoutLineId}}}""",
        _ => $$"""{"AdoptionId":{{AdoptionId}}}""",
    };

    public static readonly string[] Kinds =
    [
        MailKinds.ConfirmEmail, MailKinds.PasswordReset, MailKinds.AccountExists, MailKinds.AdoptionConfirmed, MailKinds.GiftReveal, MailKinds.RenewalReminder,
        MailKinds.EndOfTerm, MailKinds.DeathNotice, MailKinds.ReplacementAssigned, MailKinds.GrowthUpdate, MailKinds.MonthlyDigest,
        MailKinds.PayoutNotice,
    ];

    public static async Task<List<OutboxMail>> OutboxAsync(SponsorshipAppFactory app, Func<OutboxMail, bool> where)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SponsorshipDbContext>>().CreateDbContextAsync();
        return [.. (await db.OutboxMails.AsNoTracking().ToListAsync()).Where(where)];
    }
}
