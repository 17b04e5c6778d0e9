using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Organisations;

public sealed record MyOrganisation(int Id, string Name, OrganisationStatus Status, MemberRole Role);

public sealed record OrderSummary(
    int Id, DateTimeOffset CreatedAt, string PlanNameZh, string PlanNameEn, int TermMonths, int Quantity, long TotalFen, OrderStatus Status,
    CertificateNames Names, int Households, int Villages, string Reference, string Provider, PaymentStatus PaymentStatus,
    DateTimeOffset? ReservedUntil, DateTimeOffset? ActivatedAt);

public sealed record OrganisationView(
    int Id, string Name, string CreditCode, string ContactName, string ContactPhone, OrganisationStatus Status, string? ReviewNote,
    string InvoiceTitle, string InvoiceTaxNumber, string InvoiceAddress, string InvoiceBank, bool IsContact,
    IReadOnlyList<OrderSummary> Orders, MoneySummary Money);

/// <summary>One of the organisation's sheep: where it lives, its newest approved photo and weight, and its certificate.</summary>
public sealed record OrganisationSheep(
    int AdoptionId, int OrderId, int SheepId, string SheepName, string SheepNameLatin, string EarTag, Breed Breed, long? PhotoId,
    string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin, decimal? LatestKg, DateTimeOffset? LatestWeighedAt,
    AdoptionStatus Status, DateTimeOffset? EndAt, string NameOnCertificate, string? GiftRecipientEmail, DateTimeOffset? GiftClaimedAt,
    string? CertificateSerial, DateTimeOffset? ReplacementDueAt, long PriceFen, bool SheepAlive);

public sealed record OrderPaymentRow(
    int Id, string Reference, string Provider, PaymentPurpose Purpose, long AmountFen, PaymentStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset? CapturedAt, string? FlagReason, InvoiceStatus? Invoice, string? InvoiceNumber, DateOnly? InvoiceDate);

public sealed record OrderView(
    OrderSummary Summary, int OrganisationId, string OrganisationName, bool OrganisationVerified, bool IsContact,
    EndOfTermOptions EndOfTermChoice, DeathPolicy DeathPolicy, IReadOnlyList<OrganisationSheep> Sheep, IReadOnlyList<OrderPaymentRow> Payments,
    bool CanRenew, long RenewalFen);

/// <summary>
/// What the organisation's pages show its members (and administrators): the organisation, its orders with the households
/// and villages each reaches, its sheep and certificates, and its money summed from the ledger. Anyone else gets null.
/// </summary>
public sealed class OrganisationPages(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<MyOrganisation>> MineAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.OrganisationMembers.AsNoTracking().Where(m => m.UserId == userId && m.JoinedAt != null)
            .OrderBy(m => m.Organisation.Name)
            .Select(m => new MyOrganisation(m.OrganisationId, m.Organisation.Name, m.Organisation.Status, m.Role))
            .ToListAsync(cancellationToken);
    }

    public async Task<OrganisationView?> OverviewAsync(int organisationId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken))
        {
            return null;
        }

        var isContact = await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken);
        var o = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == organisationId, cancellationToken);
        var orders = await Summaries(db, db.OrganisationOrders.Where(r => r.OrganisationId == organisationId)).ToListAsync(cancellationToken);
        var money = await OrganisationMoney.SumAsync(db, organisationId, cancellationToken: cancellationToken);
        return new OrganisationView(
            o.Id, o.Name, o.CreditCode, o.ContactName, o.ContactPhone, o.Status, o.ReviewNote, o.InvoiceTitle, o.InvoiceTaxNumber,
            o.InvoiceAddress, o.InvoiceBank, isContact, orders, money);
    }

    /// <summary>The organisation's sheep (of every order that was not cancelled), or of one order.</summary>
    public async Task<IReadOnlyList<OrganisationSheep>?> SheepAsync(int organisationId, string userId, int? orderId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken)
            ? await SheepOfAsync(db, organisationId, orderId, cancellationToken)
            : null;
    }

    public async Task<OrderView?> OrderAsync(int organisationId, int orderId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken))
        {
            return null;
        }

        var order = await db.OrganisationOrders.AsNoTracking().Where(o => o.Id == orderId && o.OrganisationId == organisationId)
            .Select(o => new { o.EndOfTermChoice, o.DeathPolicy, o.Organisation.Name, Verified = o.Organisation.Status == OrganisationStatus.Verified })
            .SingleOrDefaultAsync(cancellationToken);
        if (order is null)
        {
            return null;
        }

        var summary = await Summaries(db, db.OrganisationOrders.Where(o => o.Id == orderId)).SingleAsync(cancellationToken);
        var payments = await db.Payments.AsNoTracking().Where(p => p.OrganisationOrderId == orderId && p.AdoptionId == null)
            .OrderBy(p => p.Id)
            .Select(p => new OrderPaymentRow(
                p.Id, p.ProviderReference, p.Provider, p.Purpose, p.AmountFen, p.Status, p.CreatedAt, p.CapturedAt, p.FlagReason,
                db.InvoiceRequests.Where(r => r.PaymentId == p.Id).Select(r => (InvoiceStatus?)r.Status).FirstOrDefault(),
                db.InvoiceRequests.Where(r => r.PaymentId == p.Id).Select(r => r.InvoiceNumber).FirstOrDefault(),
                db.InvoiceRequests.Where(r => r.PaymentId == p.Id).Select(r => r.InvoiceDate).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        var sheep = await SheepOfAsync(db, organisationId, orderId, cancellationToken);
        var (canRenew, renewalFen) = OrderRenewals.Renewable(sheep, payments, clock.GetUtcNow());
        return new OrderView(
            summary, organisationId, order.Name, order.Verified, await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken),
            order.EndOfTermChoice, order.DeathPolicy, sheep, payments, canRenew, renewalFen);
    }

    private static IQueryable<OrderSummary> Summaries(SponsorshipDbContext db, IQueryable<OrganisationOrder> orders) =>
        from o in orders.AsNoTracking()
        join p in db.Payments on o.Id equals p.OrganisationOrderId
        where p.AdoptionId == null && p.Purpose == PaymentPurpose.Adoption
        orderby o.CreatedAt descending, o.Id descending
        select new OrderSummary(
            o.Id, o.CreatedAt, o.Plan.NameZh, o.Plan.NameEn, o.Plan.TermMonths, o.Quantity, p.AmountFen, o.Status, o.Names,
            o.Adoptions.Select(a => a.Sheep.HouseholdId).Distinct().Count(),
            o.Adoptions.Select(a => a.Sheep.Household.VillageId).Distinct().Count(),
            p.ProviderReference, p.Provider, p.Status, o.ReservedUntil, o.ActivatedAt);

    private static async Task<IReadOnlyList<OrganisationSheep>> SheepOfAsync(
        SponsorshipDbContext db, int organisationId, int? orderId, CancellationToken cancellationToken)
    {
        var adoptions = orderId is { } id
            ? db.Adoptions.Where(a => a.OrganisationOrderId == id)
            : OrganisationMoney.AdoptionsOf(db, organisationId);
        var rows = await adoptions.AsNoTracking().OrderBy(a => a.Id)
            .Select(a => new
            {
                a.Id, OrderId = a.OrganisationOrderId!.Value, a.SheepId, a.Sheep.Name, a.Sheep.NameLatin, a.Sheep.Breed,
                Photo = a.Sheep.Logs.Where(l => LogKinds.Public.Contains(l.Kind) && l.Review == ReviewStatus.Approved)
                    .SelectMany(l => l.Photos, (l, p) => new { l.At, p.Id })
                    .OrderByDescending(p => p.At).ThenByDescending(p => p.Id).Select(p => (long?)p.Id).FirstOrDefault(),
                a.Sheep.Household.HeadName, a.Sheep.Household.HeadNameLatin,
                VillageName = a.Sheep.Household.Village.Name, VillageNameLatin = a.Sheep.Household.Village.NameLatin,
                Kg = a.Sheep.Logs.Where(l => l.Kind == LogKind.Weighing && l.Review == ReviewStatus.Approved && l.QuantityKg != null)
                    .OrderByDescending(l => l.At).Select(l => l.QuantityKg).FirstOrDefault(),
                WeighedAt = a.Sheep.Logs.Where(l => l.Kind == LogKind.Weighing && l.Review == ReviewStatus.Approved && l.QuantityKg != null)
                    .OrderByDescending(l => l.At).Select(l => (DateTimeOffset?)l.At).FirstOrDefault(),
                a.Status, a.EndAt, a.NameOnCertificate, a.GiftRecipientEmail, a.GiftClaimedAt,
                Serial = db.Certificates.Where(c => c.AdoptionId == a.Id && c.Status == CertificateStatus.Valid)
                    .OrderByDescending(c => c.Id).Select(c => c.Serial).FirstOrDefault(),
                a.ReplacementDueAt, a.PriceFen, Alive = a.Sheep.ArchivedAt == null,
            })
            .ToListAsync(cancellationToken);
        var tags = await SheepTags.CurrentEarTagsAsync(db, [.. rows.Select(r => r.SheepId)], cancellationToken);
        return
        [
            .. rows.Select(r => new OrganisationSheep(
                r.Id, r.OrderId, r.SheepId, r.Name, r.NameLatin, tags.GetValueOrDefault(r.SheepId, ""), r.Breed, r.Photo, r.HeadName, r.HeadNameLatin,
                r.VillageName, r.VillageNameLatin, r.Kg, r.WeighedAt, r.Status, r.EndAt, r.NameOnCertificate, r.GiftRecipientEmail,
                r.GiftClaimedAt, r.Serial, r.ReplacementDueAt, r.PriceFen, r.Alive)),
        ];
    }
}
