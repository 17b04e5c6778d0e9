using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// Places an organisation's order: checks the choices, holds every sheep of it in one SaveChanges (so all are held or
/// none — the unique filtered index on one pending-or-active adoption per sheep decides every race, against other orders
/// and single checkouts alike) and starts the order's one payment through the chosen provider. Sheep picked by the
/// platform are spread across households (<see cref="HouseholdSpread"/>); when a race takes one of them the spread is
/// made again from what is free; sheep chosen by hand are reported as taken instead.
/// </summary>
public sealed class OrderPlacement(
    IDbContextFactory<SponsorshipDbContext> dbFactory, IEnumerable<IPaymentProvider> providers,
    IOptions<PaymentOptions> payments, IOptions<OrganisationOptions> options, ProgrammeCalendar calendar)
{
    private const int Attempts = 3;

    public async Task<OrderResult> PlaceAsync(OrderRequest request, string userId, string returnUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > 64)
        {
            return new OrderResult(OrderError.KeyMissing);
        }

        var fingerprint = request.Fingerprint(userId);
        if (await ReplayAsync(request.IdempotencyKey, fingerprint, returnUrl, cancellationToken) is { } replay)
        {
            return replay;
        }

        for (var attempt = 1; ; attempt++)
        {
            var now = calendar.Now;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var organisation = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == request.OrganisationId, cancellationToken);
            var plan = await db.AdoptionPlans.AsNoTracking().SingleOrDefaultAsync(p => p.Id == request.PlanId, cancellationToken);
            var rule = await db.SplitRules.AnyAsync(r => r.EffectiveFrom <= now, cancellationToken) ? await SplitRules.InForceAsync(db, now, cancellationToken) : null;
            var isContact = organisation is not null && await OrganisationAccess.IsContactAsync(db, organisation.Id, userId, cancellationToken);
            var problem = Validate(request, isContact ? organisation : null, plan, rule, now);
            if (!problem.Succeeded)
            {
                return problem;
            }

            IReadOnlyList<int> sheepIds;
            if (request.SheepIds is { } chosen)
            {
                var (error, taken) = await OrderSheep.CheckChosenAsync(db, chosen, cancellationToken);
                if (error != OrderError.None)
                {
                    return new OrderResult(error, TakenEarTags: taken);
                }

                sheepIds = chosen;
            }
            else
            {
                var free = await OrderSheep.FreeAsync(db, cancellationToken);
                if (free.Count < request.Quantity)
                {
                    return new OrderResult(OrderError.NotEnoughSheep, Available: free.Count);
                }

                sheepIds = [.. HouseholdSpread.Pick(free, request.Quantity).Select(c => c.SheepId)];
            }

            var (order, payment) = Hold(db, request, userId, fingerprint, organisation!, plan!, rule!, sheepIds, now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same request won a moment ago (a double click), or someone took one of the sheep: nothing is held.
                if (await ReplayAsync(request.IdempotencyKey, fingerprint, returnUrl, cancellationToken) is { } earlier)
                {
                    return earlier;
                }

                if (request.SheepIds is not null || attempt == Attempts)
                {
                    await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
                    var (_, taken) = await OrderSheep.CheckChosenAsync(again, sheepIds, cancellationToken);
                    return new OrderResult(OrderError.SheepTaken, TakenEarTags: taken);
                }

                continue;
            }

            return await StartPaymentAsync(order.Id, order.OrganisationId, payment, $"{plan!.NameEn} × {order.Quantity}", returnUrl, cancellationToken);
        }
    }

    private OrderResult Validate(OrderRequest request, Organisation? organisation, AdoptionPlan? plan, SplitRule? rule, DateTimeOffset now)
    {
        if (organisation is null)
        {
            return new OrderResult(OrderError.NotFound);
        }

        if (organisation.Status == OrganisationStatus.Rejected)
        {
            return new OrderResult(OrderError.OrganisationRejected);
        }

        var quantity = request.SheepIds?.Count ?? request.Quantity;
        if (request.Quantity < 1 || request.Quantity > options.Value.MaxOrderSize || quantity != request.Quantity)
        {
            return new OrderResult(OrderError.QuantityOutOfRange);
        }

        if (plan is not { IsActive: true })
        {
            return new OrderResult(OrderError.PlanUnavailable);
        }

        if (rule is null)
        {
            return new OrderResult(OrderError.NoSplitRule);
        }

        if (!payments.Value.EnabledProviders.Contains(request.Provider) || providers.All(p => p.Name != request.Provider))
        {
            return new OrderResult(OrderError.ProviderUnavailable);
        }

        if (request.Provider == BankTransferPayments.ProviderName && !organisation.IsVerified)
        {
            return new OrderResult(OrderError.BankNeedsVerification);
        }

        if (request.Names != CertificateNames.Organisation)
        {
            if (request.NameList.Count != request.Quantity)
            {
                return new OrderResult(OrderError.NamesCountMismatch);
            }

            if (CertificateNameList.Validate(request.NameList, request.Names) is { Count: > 0 } nameErrors)
            {
                return new OrderResult(OrderError.NameListInvalid, NameErrors: nameErrors);
            }
        }
        else if (!Enum.IsDefined(request.Names))
        {
            return new OrderResult(OrderError.NameListInvalid, NameErrors: []);
        }

        if (request.Names == CertificateNames.Gifts && request.GiftRevealOn is { } reveal && reveal < calendar.DayOf(now))
        {
            return new OrderResult(OrderError.GiftRevealDateInPast);
        }

        var choice = Checkout.TermChoiceProblem(plan, request.EndOfTermChoice, request.DeliveryAddress, request.DeathPolicy);
        return choice == CheckoutError.None ? new OrderResult(OrderError.None) : new OrderResult(OrderError.TermChoice, Choice: choice);
    }

    /// <summary>The order, one pending adoption per sheep and the order's payment, added to the context (not saved).</summary>
    private (OrganisationOrder Order, Payment Payment) Hold(
        SponsorshipDbContext db, OrderRequest request, string userId, string fingerprint, Organisation organisation, AdoptionPlan plan,
        SplitRule rule, IReadOnlyList<int> sheepIds, DateTimeOffset now)
    {
        var until = request.Provider == BankTransferPayments.ProviderName
            ? now.AddDays(options.Value.CreditDays)
            : now.AddMinutes(payments.Value.ReservationMinutes);
        var culture = Cultures.Supported.Contains(request.Culture) ? request.Culture : Cultures.Chinese;
        var order = new OrganisationOrder
        {
            OrganisationId = organisation.Id,
            PlacedByUserId = userId,
            PlanId = plan.Id,
            Quantity = sheepIds.Count,
            PriceFen = plan.PriceFen,
            Status = OrderStatus.PendingPayment,
            Names = request.Names,
            EndOfTermChoice = request.EndOfTermChoice,
            DeathPolicy = request.DeathPolicy,
            DeliveryAddress = request.DeliveryAddress.Trim(),
            Culture = culture,
            CreatedAt = now,
            ReservedUntil = until,
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = fingerprint,
        };
        db.OrganisationOrders.Add(order);
        var revealOn = request.GiftRevealOn ?? calendar.DayOf(now);
        foreach (var adoption in sheepIds.Select((sheepId, i) =>
        {
            var entry = request.Names == CertificateNames.Organisation ? new NameEntry(organisation.Name) : request.NameList[i];
            var gift = request.Names == CertificateNames.Gifts;
            var name = entry.Name.Trim();
            return new Adoption
            {
                SheepId = sheepId,
                SponsorUserId = userId,
                BuyerUserId = userId,
                PlanId = plan.Id,
                PriceFen = plan.PriceFen,
                TermMonths = plan.TermMonths,
                SplitRuleId = rule.Id,
                Status = AdoptionStatus.PendingPayment,
                NameOnCertificate = name.Length > 0 ? name : organisation.Name,

                // An organisation's name is public; a person's name is shown reduced unless they choose otherwise.
                ShowNameOnVerification = request.Names == CertificateNames.Organisation,
                EndOfTermChoice = request.EndOfTermChoice,
                DeathPolicy = request.DeathPolicy,
                DeliveryAddress = request.DeliveryAddress.Trim(),
                Culture = culture,
                GiftRecipientName = gift ? name : null,
                GiftRecipientEmail = gift ? entry.Email!.Trim() : null,
                GiftRevealOn = gift ? revealOn : null,
                CreatedAt = now,
                ReservedUntil = until,
                IdempotencyKey = $"order-{Guid.NewGuid():N}",
                RequestHash = fingerprint,
            };
        }))
        {
            order.Adoptions.Add(adoption);
        }

        var payment = new Payment
        {
            Purpose = PaymentPurpose.Adoption,
            Provider = request.Provider,
            ProviderReference = PaymentReferences.New(),
            AmountFen = plan.PriceFen * sheepIds.Count,
            Currency = "CNY",
            Status = PaymentStatus.Pending,
            CreatedAt = now,
            IdempotencyKey = request.IdempotencyKey,
        };
        order.Payments.Add(payment);
        return (order, payment);
    }

    private async Task<OrderResult?> ReplayAsync(string key, string fingerprint, string returnUrl, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.OrganisationOrders.AsNoTracking().Where(o => o.IdempotencyKey == key)
            .Select(o => new { o.Id, o.OrganisationId, o.Quantity, o.RequestHash, o.Plan.NameEn }).SingleOrDefaultAsync(cancellationToken);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != fingerprint)
        {
            return new OrderResult(OrderError.KeyReused);
        }

        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.IdempotencyKey == key, cancellationToken);
        return await StartPaymentAsync(earlier.Id, earlier.OrganisationId, payment, $"{earlier.NameEn} × {earlier.Quantity}", returnUrl, cancellationToken);
    }

    private async Task<OrderResult> StartPaymentAsync(
        int orderId, int organisationId, Payment payment, string description, string returnUrl, CancellationToken cancellationToken)
    {
        var start = await providers.Single(p => p.Name == payment.Provider).StartAsync(
            new PaymentStartRequest(payment.ProviderReference, payment.AmountFen, payment.Currency, description, "", returnUrl), cancellationToken);

        // A bank transfer's instructions are on the order's own page, with the sheep they pay for.
        var redirect = payment.Provider == BankTransferPayments.ProviderName ? OrderPath(organisationId, orderId) : start.RedirectUrl;
        return new OrderResult(OrderError.None, orderId, payment.ProviderReference, redirect);
    }

    public static string OrderPath(int organisationId, int orderId) => $"/organisations/{organisationId}/orders/{orderId}";
}
