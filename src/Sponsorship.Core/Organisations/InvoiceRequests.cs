using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Payments;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Organisations;

public enum InvoiceError
{
    None = 0,

    /// <summary>No such payment of this organisation's orders, or the user may not ask for it.</summary>
    NotFound,

    /// <summary>An invoice was asked for this payment already (one request per payment).</summary>
    AlreadyRequested,

    /// <summary>A special VAT invoice needs the address, telephone and bank on the organisation's invoice details.</summary>
    SpecialNeedsDetails,

    NoteTooLong,

    /// <summary>An invoice number is 8 (paper) to 20 (digital, 全电发票) digits.</summary>
    NumberInvalid,

    /// <summary>The invoice date is after today or before the request.</summary>
    DateInvalid,

    /// <summary>The request was marked issued already.</summary>
    NotWaiting,
}

public sealed record InvoiceRow(
    int Id, int OrganisationId, string OrganisationName, int OrderId, string PaymentReference, long AmountFen, InvoiceKind Kind,
    string Title, string TaxNumber, string Address, string Bank, string Note, DateTimeOffset RequestedAt, InvoiceStatus Status,
    string? InvoiceNumber, DateOnly? InvoiceDate);

/// <summary>
/// 发票申请: the contact asks for an invoice on an order's payment with the organisation's invoice details as they are
/// then; administrators list the requests and record the number and date of the invoice the finance office issued,
/// which the organisation then sees. The unique index on the payment makes a second request (or a double click) one.
/// </summary>
public sealed class InvoiceRequests(IDbContextFactory<SponsorshipDbContext> dbFactory, ProgrammeCalendar calendar)
{
    public async Task<InvoiceError> RequestAsync(
        int organisationId, int paymentId, InvoiceKind kind, string note, string userId, CancellationToken cancellationToken = default)
    {
        var trimmed = (note ?? "").Trim();
        if (trimmed.Length > 500)
        {
            return InvoiceError.NoteTooLong;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var payment = await db.Payments.AsNoTracking()
            .Where(p => p.Id == paymentId && p.AdoptionId == null
                && db.OrganisationOrders.Any(o => o.Id == p.OrganisationOrderId && o.OrganisationId == organisationId))
            .Select(p => new { p.Id, p.AmountFen, OrderId = p.OrganisationOrderId!.Value, p.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (payment is null || payment.Status is not (PaymentStatus.Pending or PaymentStatus.Captured) || !Enum.IsDefined(kind)
            || !await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken))
        {
            return InvoiceError.NotFound;
        }

        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == organisationId, cancellationToken);
        if (kind == InvoiceKind.Special && (organisation.InvoiceAddress.Length == 0 || organisation.InvoiceBank.Length == 0))
        {
            return InvoiceError.SpecialNeedsDetails;
        }

        db.InvoiceRequests.Add(new InvoiceRequest
        {
            OrganisationId = organisationId,
            OrderId = payment.OrderId,
            PaymentId = payment.Id,
            Kind = kind,
            AmountFen = payment.AmountFen,
            Title = organisation.InvoiceTitle,
            TaxNumber = organisation.InvoiceTaxNumber,
            Address = organisation.InvoiceAddress,
            Bank = organisation.InvoiceBank,
            Note = trimmed,
            RequestedByUserId = userId,
            RequestedAt = calendar.Now,
            Status = InvoiceStatus.Requested,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return InvoiceError.AlreadyRequested;
        }

        return InvoiceError.None;
    }

    /// <summary>An administrator records the invoice the finance office issued.</summary>
    public async Task<InvoiceError> MarkIssuedAsync(
        int requestId, string invoiceNumber, DateOnly invoiceDate, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return InvoiceError.NotFound;
        }

        var number = (invoiceNumber ?? "").Trim();
        if (number.Length is < 8 or > 20 || !number.All(char.IsAsciiDigit))
        {
            return InvoiceError.NumberInvalid;
        }

        var request = await db.InvoiceRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return InvoiceError.NotFound;
        }

        var now = calendar.Now;
        if (invoiceDate > calendar.DayOf(now) || invoiceDate < calendar.DayOf(request.RequestedAt))
        {
            return InvoiceError.DateInvalid;
        }

        // Conditional on it still waiting: two administrators marking it at once record one invoice.
        var rows = await db.InvoiceRequests.Where(r => r.Id == requestId && r.Status == InvoiceStatus.Requested)
            .ExecuteUpdateAsync(
                set => set.SetProperty(r => r.Status, InvoiceStatus.Issued).SetProperty(r => r.InvoiceNumber, number)
                    .SetProperty(r => r.InvoiceDate, invoiceDate).SetProperty(r => r.IssuedByUserId, adminUserId)
                    .SetProperty(r => r.IssuedAt, now),
                cancellationToken);
        return rows == 1 ? InvoiceError.None : InvoiceError.NotWaiting;
    }

    public async Task<IReadOnlyList<InvoiceRow>?> ForAdminAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken)
            ? await RowsAsync(db, db.InvoiceRequests, cancellationToken)
            : null;
    }

    public async Task<IReadOnlyList<InvoiceRow>?> ForOrganisationAsync(int organisationId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken)
            ? await RowsAsync(db, db.InvoiceRequests.Where(r => r.OrganisationId == organisationId), cancellationToken)
            : null;
    }

    private static async Task<IReadOnlyList<InvoiceRow>> RowsAsync(SponsorshipDbContext db, IQueryable<InvoiceRequest> requests, CancellationToken cancellationToken) =>
        await requests.AsNoTracking()
            .OrderBy(r => r.Status).ThenByDescending(r => r.RequestedAt)
            .Take(500)
            .Select(r => new InvoiceRow(
                r.Id, r.OrganisationId, db.Organisations.Where(o => o.Id == r.OrganisationId).Select(o => o.Name).First(), r.OrderId,
                r.Payment.ProviderReference, r.AmountFen, r.Kind, r.Title, r.TaxNumber, r.Address, r.Bank, r.Note, r.RequestedAt, r.Status,
                r.InvoiceNumber, r.InvoiceDate))
            .ToListAsync(cancellationToken);
}
