using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// Places an adoption: checks the choices, holds the sheep for the sponsor while they pay, and sends them to the chosen
/// provider. The database decides races, not a look-before-insert: the unique filtered index on the sheep lets exactly
/// one pending-or-active adoption exist, and the unique idempotency key turns a double click into the same adoption.
/// </summary>
public sealed class Checkout(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IPaymentProvider> providers,
    IOptions<PaymentOptions> options, ProgrammeCalendar calendar, IPublicPageChanges? publicPages = null)
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    public const int MaxNameLength = 128;
    public const int MaxDeliveryAddressLength = 500;

    public Task<CheckoutResult> PlaceAsync(
        CheckoutRequest request, string sponsorUserId, string returnUrl, CancellationToken cancellationToken = default) =>
        Contention.RetryAsync(() => PlaceOnceAsync(request, sponsorUserId, returnUrl, cancellationToken), cancellationToken);

    private async Task<CheckoutResult> PlaceOnceAsync(
        CheckoutRequest request, string sponsorUserId, string returnUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > 64)
        {
            return new CheckoutResult(CheckoutError.KeyMissing);
        }

        var fingerprint = request.Fingerprint(sponsorUserId);
        if (await ReplayAsync(request.IdempotencyKey, fingerprint, returnUrl, cancellationToken) is { } replay)
        {
            return replay;
        }

        var now = calendar.Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var standing = await SheepHolds.StandingAsync(db, request.SheepId, cancellationToken: cancellationToken);
        var plan = await db.AdoptionPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PlanId, cancellationToken);
        var rule = await db.SplitRules.AnyAsync(r => r.EffectiveFrom <= now, cancellationToken) ? await SplitRules.InForceAsync(db, now, cancellationToken) : null;
        var problem = standing switch
        {
            SheepStanding.NotFound => CheckoutError.SheepNotFound,
            SheepStanding.LeftFlock => CheckoutError.SheepUnavailable,
            SheepStanding.RemovalPending => CheckoutError.SheepRemovalPending,
            _ => Validate(request, plan, rule, now),
        };
        if (problem != CheckoutError.None)
        {
            return new CheckoutResult(problem);
        }

        if (standing == SheepStanding.Held)
        {
            // It may be this very request, placed a moment ago by a double click that got here first.
            return await ReplayAsync(request.IdempotencyKey, fingerprint, returnUrl, cancellationToken)
                ?? new CheckoutResult(CheckoutError.SheepTaken);
        }

        var adoption = new Adoption
        {
            SheepId = request.SheepId,
            SponsorUserId = sponsorUserId,
            BuyerUserId = sponsorUserId,
            PlanId = plan!.Id,
            PriceFen = plan.PriceFen,
            TermMonths = plan.TermMonths,
            SplitRuleId = rule!.Id,
            Status = AdoptionStatus.PendingPayment,
            NameOnCertificate = (request.IsGift ? request.GiftRecipientName! : request.NameOnCertificate).Trim(),
            ShowNameOnVerification = request.ShowNameOnVerification,
            EndOfTermChoice = request.EndOfTermChoice,
            DeathPolicy = request.DeathPolicy,
            DeliveryAddress = request.DeliveryAddress.Trim(),
            Culture = Cultures.Supported.Contains(request.Culture) ? request.Culture : Cultures.Chinese,
            GiftRecipientName = request.IsGift ? request.GiftRecipientName!.Trim() : null,
            GiftRecipientEmail = request.IsGift ? request.GiftRecipientEmail!.Trim() : null,
            GiftRevealOn = request.IsGift ? request.GiftRevealOn ?? calendar.DayOf(now) : null,
            CreatedAt = now,
            ReservedUntil = request.Provider == BankTransferPayments.ProviderName
                ? now.AddHours(options.Value.BankReservationHours)
                : now.AddMinutes(options.Value.ReservationMinutes),
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = fingerprint,
        };
        var payment = new Payment
        {
            Adoption = adoption,
            Purpose = PaymentPurpose.Adoption,
            Provider = request.Provider,
            ProviderReference = PaymentReferences.New(),
            AmountFen = plan.PriceFen,
            Currency = "CNY",
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            IdempotencyKey = request.IdempotencyKey,
        };
        db.Adoptions.Add(adoption);
        db.Payments.Add(payment);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // Either the same request won a moment ago (a double click), or another sponsor took the sheep.
            return await ReplayAsync(request.IdempotencyKey, fingerprint, returnUrl, cancellationToken)
                ?? new CheckoutResult(CheckoutError.SheepTaken);
        }

        // The sheep is held now: its profile no longer offers it.
        await pages.SheepChangedAsync([adoption.SheepId], SheepPageChange.Profile, cancellationToken);
        return await StartPaymentAsync(adoption.Id, payment, plan, returnUrl, cancellationToken);
    }

    private async Task<CheckoutResult?> ReplayAsync(string key, string fingerprint, string returnUrl, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.Adoptions.AsNoTracking().Include(a => a.Plan)
            .SingleOrDefaultAsync(a => a.IdempotencyKey == key, cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != fingerprint)
        {
            return new CheckoutResult(CheckoutError.KeyReused);
        }

        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.IdempotencyKey == key, cancellationToken);
        return await StartPaymentAsync(earlier.Id, payment, earlier.Plan, returnUrl, cancellationToken);
    }

    private async Task<CheckoutResult> StartPaymentAsync(
        int adoptionId, Payment payment, AdoptionPlan plan, string returnUrl, CancellationToken cancellationToken)
    {
        var provider = providers.Single(p => p.Name == payment.Provider);
        var start = await provider.StartAsync(
            new PaymentStartRequest(payment.ProviderReference, payment.AmountFen, payment.Currency, plan.NameEn, "", returnUrl),
            cancellationToken);
        return new CheckoutResult(CheckoutError.None, adoptionId, payment.ProviderReference, start.RedirectUrl);
    }

    private CheckoutError Validate(CheckoutRequest request, AdoptionPlan? plan, SplitRule? rule, DateTimeOffset now)
    {
        if (plan is not { IsActive: true })
        {
            return CheckoutError.PlanUnavailable;
        }

        if (rule is null)
        {
            return CheckoutError.NoSplitRule;
        }

        if (!options.Value.EnabledProviders.Contains(request.Provider) || providers.All(p => p.Name != request.Provider))
        {
            return CheckoutError.ProviderUnavailable;
        }

        var names = request.IsGift
            ? NameProblem(true, request.GiftRecipientName, request.GiftRecipientEmail, request.GiftRevealOn, calendar.DayOf(now))
            : NameProblem(false, request.NameOnCertificate, null, null, calendar.DayOf(now));
        return names != CheckoutError.None ? names : TermChoiceProblem(plan, request.EndOfTermChoice, request.DeliveryAddress, request.DeathPolicy);
    }

    /// <summary>
    /// What is wrong with the name on the certificate, or for a gift with its recipient's name, email and reveal day, if
    /// anything. The adopt page shows it on the step where the sponsor types them.
    /// </summary>
    public static CheckoutError NameProblem(bool gift, string? name, string? giftEmail, DateOnly? giftRevealOn, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return gift ? CheckoutError.GiftRecipientRequired : CheckoutError.NameRequired;
        }

        if (name.Trim().Length > MaxNameLength)
        {
            return CheckoutError.NameTooLong;
        }

        if (gift && !IsEmail(giftEmail))
        {
            return CheckoutError.GiftEmailInvalid;
        }

        return gift && giftRevealOn < today ? CheckoutError.GiftRevealDateInPast : CheckoutError.None;
    }

    /// <summary>What is wrong with the end-of-term choice, delivery address and death policy for this plan, if anything.</summary>
    public static CheckoutError TermChoiceProblem(AdoptionPlan plan, EndOfTermOptions endOfTerm, string deliveryAddress, DeathPolicy deathPolicy)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return TermChoiceProblem(plan.EndOfTermOptions, endOfTerm, deliveryAddress, deathPolicy);
    }

    /// <summary>The same for a plan offering <paramref name="offered"/>; the adopt page shows it on the end-of-term step.</summary>
    public static CheckoutError TermChoiceProblem(EndOfTermOptions offered, EndOfTermOptions endOfTerm, string deliveryAddress, DeathPolicy deathPolicy)
    {
        if (endOfTerm == EndOfTermOptions.None || !Enum.IsDefined(endOfTerm) || (offered & endOfTerm) != endOfTerm)
        {
            return CheckoutError.EndOfTermNotOffered;
        }

        if (endOfTerm is EndOfTermOptions.MeatBox or EndOfTermOptions.Wool && string.IsNullOrWhiteSpace(deliveryAddress))
        {
            return CheckoutError.DeliveryAddressRequired;
        }

        if ((deliveryAddress ?? "").Trim().Length > MaxDeliveryAddressLength)
        {
            return CheckoutError.DeliveryAddressTooLong;
        }

        return Enum.IsDefined(deathPolicy) ? CheckoutError.None : CheckoutError.DeathPolicyRequired;
    }

    internal static bool IsEmail(string? text) =>
        !string.IsNullOrWhiteSpace(text) && text.Length <= 256 && MailAddress.TryCreate(text.Trim(), out var address)
        && address.Address == text.Trim() && address.Host.Contains('.', StringComparison.Ordinal);
}
