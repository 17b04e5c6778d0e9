using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Payments;

public sealed record PaymentRow(
    int Id, string Reference, string Provider, PaymentPurpose Purpose, long AmountFen, string Currency, PaymentStatus Status,
    string SponsorName, string SponsorEmail, string SheepName, string SheepNameLatin, string EarTag, DateTimeOffset CreatedAt, string? FlagReason);

/// <summary>
/// What the administrators' payments page lists: bank transfers waiting to be marked received, and flagged payments, of
/// single adoptions and of visits (organisation orders' transfers are listed with the organisations). A visit's payment
/// shows the sponsor who asked to visit and the sheep whose adoption let them.
/// </summary>
public sealed class PaymentAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    /// <summary>A single adoption's bank transfer the sponsor says is on its way, waiting for an admin to see it arrive.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Payment, bool>> AwaitingBankTransfer =
        p => p.Provider == BankTransferPayments.ProviderName && p.Status == PaymentStatus.Pending && (p.AdoptionId != null || p.VisitBookingId != null);

    /// <summary>A single adoption's payment that arrived but could not be matched, waiting for an admin's decision.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Payment, bool>> FlaggedForAdmin =
        p => p.Status == PaymentStatus.Flagged && (p.AdoptionId != null || p.VisitBookingId != null);

    public Task<IReadOnlyList<PaymentRow>?> PendingBankTransfersAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, AwaitingBankTransfer, cancellationToken);

    public Task<IReadOnlyList<PaymentRow>?> FlaggedAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, FlaggedForAdmin, cancellationToken);

    /// <summary>The most payments one spreadsheet export holds (the oldest first).</summary>
    public const int MaxExported = 100_000;

    /// <summary>Every single adoption's payment, whatever its state, oldest first: the office's spreadsheet of payments.</summary>
    public Task<IReadOnlyList<PaymentRow>?> AllAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, p => p.AdoptionId != null || p.VisitBookingId != null, cancellationToken, MaxExported);

    /// <summary>One page of every single adoption's payment, counted, filtered and ordered in the database; null unless the caller is an administrator.</summary>
    public async Task<PaymentPage?> PageAsync(string adminUserId, PaymentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var payments = db.Payments.AsNoTracking().Where(p => p.AdoptionId != null || p.VisitBookingId != null);
        if (query.Status is { } status)
        {
            payments = payments.Where(p => p.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(query.Provider))
        {
            payments = payments.Where(p => p.Provider == query.Provider);
        }

        if (query.From is { } from)
        {
            var start = calendar.StartOf(from);
            payments = payments.Where(p => p.CreatedAt >= start);
        }

        if (query.To is { } to)
        {
            var end = calendar.StartOf(to.AddDays(1));
            payments = payments.Where(p => p.CreatedAt < end);
        }

        if (!string.IsNullOrWhiteSpace(query.Reference))
        {
            var like = ConsoleSearch.Like(query.Reference.Trim().ToUpperInvariant());
            payments = payments.Where(p => EF.Functions.Like(p.ProviderReference.ToUpper(), like, "\\"));
        }

        var total = await payments.CountAsync(cancellationToken);
        var ordered = (query.Sort, query.Descending) switch
        {
            (PaymentSort.Amount, false) => payments.OrderBy(p => p.AmountFen).ThenBy(p => p.Id),
            (PaymentSort.Amount, true) => payments.OrderByDescending(p => p.AmountFen).ThenByDescending(p => p.Id),
            (PaymentSort.Reference, false) => payments.OrderBy(p => p.ProviderReference).ThenBy(p => p.Id),
            (PaymentSort.Reference, true) => payments.OrderByDescending(p => p.ProviderReference).ThenByDescending(p => p.Id),
            (_, false) => payments.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            _ => payments.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        };
        var size = Math.Clamp(query.Size, 1, PaymentQuery.MaxSize);
        var skip = (Math.Max(1, query.Page) - 1) * size;
        return new PaymentPage(await Rows(db, ordered.Skip(skip).Take(size)).ToListAsync(cancellationToken), total);
    }

    private async Task<IReadOnlyList<PaymentRow>?> ListAsync(
        string adminUserId, System.Linq.Expressions.Expression<Func<Payment, bool>> which, CancellationToken cancellationToken, int take = 500)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await Rows(db, db.Payments.AsNoTracking().Where(which).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(take)).ToListAsync(cancellationToken);
    }

    private static IQueryable<PaymentRow> Rows(SponsorshipDbContext db, IQueryable<Payment> payments) =>
        from p in payments
        let payer = p.AdoptionId != null ? p.Adoption!.BuyerUserId : p.VisitBooking!.SponsorUserId
        select new PaymentRow(
            p.Id, p.ProviderReference, p.Provider, p.Purpose, p.AmountFen, p.Currency, p.Status,
            db.Users.Where(u => u.Id == payer).Select(u => u.DisplayName).FirstOrDefault() ?? "",
            db.Users.Where(u => u.Id == payer).Select(u => u.Email).FirstOrDefault() ?? "",
            p.AdoptionId != null ? p.Adoption!.Sheep.Name : p.VisitBooking!.Adoption.Sheep.Name,
            p.AdoptionId != null ? p.Adoption!.Sheep.NameLatin : p.VisitBooking!.Adoption.Sheep.NameLatin,
            (p.AdoptionId != null
                ? p.Adoption!.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault()
                : p.VisitBooking!.Adoption.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault()) ?? "",
            p.CreatedAt, p.FlagReason);
}
