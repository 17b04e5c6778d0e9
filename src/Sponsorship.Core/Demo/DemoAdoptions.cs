using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Demo;

/// <summary>
/// The programme's plans and some sheep already adopted — through the same capture path a
/// real payment takes, so the demo has ledger postings and certificates. Idempotent: it adds nothing a second time.
/// </summary>
public sealed class DemoAdoptions(IDbContextFactory<SponsorshipDbContext> dbFactory, UserManager<ApplicationUser> users, ProgrammeCalendar calendar)
{
    /// <summary>Demo donors besides the two demo sponsors: real-looking names, no password (they cannot sign in).</summary>
    private static readonly (string Email, string Name, string Culture)[] Donors =
    [
        ("donor1@example.com", "王晓燕", Cultures.Chinese), ("donor2@example.com", "陈堃", Cultures.Chinese),
        ("donor3@example.com", "Élise Fournier", Cultures.English), ("donor4@example.com", "赵燊", Cultures.Chinese),
        ("donor5@example.com", "Tomás Ibáñez", Cultures.English), ("donor6@example.com", "刘昇", Cultures.Chinese),
    ];

    /// <param name="withAdoptions">False: only the plans.</param>
    public async Task SeedAsync(bool withAdoptions = true, CancellationToken cancellationToken = default)
    {
        var now = calendar.Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.AdoptionPlans.AnyAsync(cancellationToken))
        {
            db.AdoptionPlans.AddRange(Plans(now));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (!withAdoptions || await db.Adoptions.AnyAsync(cancellationToken))
        {
            return;
        }

        var sponsors = await SponsorsAsync();

        // One sheep from each household from the third on (the demo herders' own flocks stay free for their journeys).
        var households = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Skip(2).Take(24).ToListAsync(cancellationToken);
        var sheepIds = new List<int>();
        foreach (var household in households)
        {
            sheepIds.Add(await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null)
                .OrderBy(s => s.Id).Select(s => s.Id).FirstAsync(cancellationToken));
        }

        for (var i = 0; i < sheepIds.Count; i++)
        {
            // The two demo sponsors first (so each has something in My sheep), then the donors in turn.
            await AdoptAsync(db, sheepIds[i], SponsorOf(sponsors, i), i, now.AddDays(-(20 + (i * 13 % 300))), cancellationToken);
        }
    }

    /// <summary>
    /// The demo herder's household (herder@example.com) gets one adopted sheep too, its last one (journeys that need a
    /// free sheep of that household take the first free ones), adopted by a donor in turn 45 days ago: its share is what
    /// the demo's first payout pays that herder. Idempotent by the adoption's key.
    /// </summary>
    public async Task SeedDemoHerderAdoptionAsync(CancellationToken cancellationToken = default)
    {
        const int index = HerderAdoptionIndex;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Adoptions.AnyAsync(a => a.IdempotencyKey == Key(index), cancellationToken))
        {
            return;
        }

        var household = await db.Households.OrderBy(h => h.Id).Select(h => h.Id).Skip(DemoAccounts.Herder.HouseholdNumber!.Value - 1).FirstAsync(cancellationToken);
        var sheepId = await db.Sheep.Where(s => s.HouseholdId == household && s.ArchivedAt == null && !db.Adoptions.Where(Adoption.HoldsSheep).Any(a => a.SheepId == s.Id))
            .OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync(cancellationToken);
        await AdoptAsync(db, sheepId, SponsorOf(await SponsorsAsync(), index), index, calendar.Now.AddDays(-45), cancellationToken);
    }

    /// <summary>After the 24 sheep of <see cref="SeedAsync"/>: the demo herder's adoption is the 25th.</summary>
    private const int HerderAdoptionIndex = 24;

    private static string Key(int index) => $"demo-adoption-{index + 1}";

    private static (string UserId, string Name, string Culture) SponsorOf(List<(string UserId, string Name, string Culture)> sponsors, int i) =>
        i < 2 ? sponsors[i] : sponsors[2 + ((i - 2) % Donors.Length)];

    /// <summary>The two demo sponsors, then the donors (created here the first time).</summary>
    private async Task<List<(string UserId, string Name, string Culture)>> SponsorsAsync()
    {
        var sponsors = new List<(string UserId, string Name, string Culture)>();
        foreach (var account in new[] { DemoAccounts.Sponsor, DemoAccounts.SecondSponsor })
        {
            var user = await users.FindByEmailAsync(account.Email);
            if (user is not null)
            {
                sponsors.Add((user.Id, user.DisplayName, account == DemoAccounts.Sponsor ? Cultures.Chinese : Cultures.English));
            }
        }

        foreach (var donor in Donors)
        {
            var user = await users.FindByEmailAsync(donor.Email);
            if (user is null)
            {
                user = new ApplicationUser { UserName = donor.Email, Email = donor.Email, EmailConfirmed = true, DisplayName = donor.Name, PreferredCulture = donor.Culture };
                if (!(await users.CreateAsync(user)).Succeeded || !(await users.AddToRoleAsync(user, Roles.Sponsor)).Succeeded)
                {
                    throw new InvalidOperationException($"Could not create the demo donor {donor.Email}.");
                }
            }

            sponsors.Add((user.Id, donor.Name, donor.Culture));
        }

        return sponsors;
    }

    /// <summary>The <paramref name="i"/>th demo adoption of the first plan: created pending, then paid through the capture path.</summary>
    private async Task AdoptAsync(
        SponsorshipDbContext db, int sheepId, (string UserId, string Name, string Culture) sponsor, int i, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var plan = await db.AdoptionPlans.OrderBy(p => p.Id).FirstAsync(cancellationToken);
        var rule = await db.SplitRules.OrderBy(r => r.Id).FirstAsync(cancellationToken);
        var adoption = new Adoption
        {
            SheepId = sheepId,
            SponsorUserId = sponsor.UserId,
            BuyerUserId = sponsor.UserId,
            PlanId = plan.Id,
            PriceFen = plan.PriceFen,
            TermMonths = plan.TermMonths,
            SplitRuleId = rule.Id,
            Status = AdoptionStatus.PendingPayment,
            NameOnCertificate = sponsor.Name,
            ShowNameOnVerification = i % 3 == 0,
            EndOfTermChoice = (i % 4) switch { 0 => EndOfTermOptions.MeatBox, 1 => EndOfTermOptions.KeepForBreeding, 2 => EndOfTermOptions.Wool, _ => EndOfTermOptions.NothingFurther },
            DeathPolicy = (i % 3) switch { 0 => DeathPolicy.Replacement, 1 => DeathPolicy.ProRataRefund, _ => DeathPolicy.DonateRemainder },
            DeliveryAddress = i % 4 is 0 or 2 ? "北京市朝阳区建国路 88 号 (demo)" : "",
            Culture = sponsor.Culture,
            CreatedAt = started,
            IdempotencyKey = Key(i),
            RequestHash = "demo",
        };
        var payment = new Payment
        {
            Adoption = adoption,
            Purpose = PaymentPurpose.Adoption,
            Provider = SandboxPayments.ProviderName,
            ProviderReference = $"TBDEMO{i + 1:D4}",
            AmountFen = plan.PriceFen,
            Status = PaymentStatus.Pending,
            CreatedAt = started,
            IdempotencyKey = Key(i),
        };
        db.Adoptions.Add(adoption);
        db.Payments.Add(payment);
        await db.SaveChangesAsync(cancellationToken);
        await AdoptionActivation.ApplyCaptureAsync(db, adoption, payment, started, calendar, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static IEnumerable<AdoptionPlan> Plans(DateTimeOffset now) =>
    [
        new()
        {
            NameZh = "一年认养", NameEn = "One-year adoption", TermMonths = 12, PriceFen = 180_000, IsActive = true, CreatedAt = now,
            DescriptionZh = "认养一只真实的、戴国家耳标的羊一整年：牧民定期称重拍照，您收到成长消息和可验证的认养证书。",
            DescriptionEn = "Adopt one real, ear-tagged sheep for a whole year: the herder weighs and photographs it, you get growth updates and a certificate anyone can verify.",
            EndOfTermOptions = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding | EndOfTermOptions.NothingFurther,
        },
        new()
        {
            NameZh = "半年体验", NameEn = "Six-month taster", TermMonths = 6, PriceFen = 98_000, IsActive = true, CreatedAt = now,
            DescriptionZh = "半年的认养，适合先认识一下您的羊和它的牧民家庭。",
            DescriptionEn = "Half a year with your sheep — a first acquaintance with it and its herder family.",
            EndOfTermOptions = EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding | EndOfTermOptions.NothingFurther,
        },
        new()
        {
            NameZh = "两年守护", NameEn = "Two-year guardian", TermMonths = 24, PriceFen = 340_000, IsActive = true, CreatedAt = now,
            DescriptionZh = "陪伴您的羊两年，看它经历两个夏季草场和两次剪毛。",
            DescriptionEn = "Two years with your sheep: two summer pastures and two shearings.",
            EndOfTermOptions = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding | EndOfTermOptions.NothingFurther,
        },
    ];
}
