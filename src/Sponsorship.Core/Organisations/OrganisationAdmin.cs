using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Organisations;

public sealed record OrganisationRow(
    int Id, string Name, string CreditCode, string ContactName, string ContactPhone, string ContactEmail, OrganisationStatus Status,
    DateTimeOffset CreatedAt, int Orders);

public sealed record OrderRow(
    int Id, int OrganisationId, string OrganisationName, bool OrganisationVerified, string PlanNameZh, string PlanNameEn, int Quantity,
    long TotalFen, OrderStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? ReservedUntil, string Reference, string Provider,
    PaymentStatus PaymentStatus, string? FlagReason, PaymentPurpose Purpose);

/// <summary>
/// The administrators' view of organisations: registrations to verify (or refuse), every order with its payment's
/// state, and the orders' bank transfers waiting to be confirmed or flagged. Confirming a transfer is
/// <see cref="PaymentEvents.ConfirmBankTransferAsync"/>, the same as for a single adoption. Every call checks the role.
/// </summary>
public sealed class OrganisationAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNoteLength = 500;

    public async Task<IReadOnlyList<OrganisationRow>?> ListAsync(string adminUserId, bool onlyToVerify, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.Organisations.AsNoTracking()
            .Where(o => !onlyToVerify || o.Status == OrganisationStatus.Pending)
            .OrderBy(o => o.Status).ThenBy(o => o.CreatedAt)
            .Take(500)
            .Select(o => new OrganisationRow(
                o.Id, o.Name, o.CreditCode, o.ContactName, o.ContactPhone, o.ContactUser.Email ?? "", o.Status, o.CreatedAt,
                db.OrganisationOrders.Count(r => r.OrganisationId == o.Id)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Verifies (or refuses, with a note) a registration; false when not allowed or not waiting.</summary>
    public async Task<bool> ReviewAsync(int organisationId, bool verify, string? note, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return false;
        }

        var trimmed = note?.Trim() ?? "";
        if (!verify && trimmed.Length == 0 || trimmed.Length > MaxNoteLength)
        {
            return false;
        }

        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Id == organisationId && o.Status == OrganisationStatus.Pending, cancellationToken);
        if (organisation is null)
        {
            return false;
        }

        organisation.Status = verify ? OrganisationStatus.Verified : OrganisationStatus.Rejected;
        organisation.ReviewedAt = clock.GetUtcNow();
        organisation.ReviewedByUserId = adminUserId;
        organisation.ReviewNote = trimmed.Length > 0 ? trimmed : null;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<IReadOnlyList<OrderRow>?> OrdersAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        OrderRowsAsync(adminUserId, p => true, cancellationToken);

    /// <summary>Orders' bank transfers still to confirm, and order payments flagged for a look (a different amount).</summary>
    public Task<IReadOnlyList<OrderRow>?> TransfersAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        OrderRowsAsync(
            adminUserId,
            p => (p.Provider == BankTransferPayments.ProviderName && p.Status == PaymentStatus.Pending) || p.Status == PaymentStatus.Flagged,
            cancellationToken);

    private async Task<IReadOnlyList<OrderRow>?> OrderRowsAsync(
        string adminUserId, System.Linq.Expressions.Expression<Func<Payment, bool>> which, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        var payments = db.Payments.AsNoTracking().Where(p => p.OrganisationOrderId != null && p.AdoptionId == null).Where(which);
        return await (
            from p in payments
            join o in db.OrganisationOrders on p.OrganisationOrderId equals o.Id
            orderby p.CreatedAt descending, p.Id descending
            select new OrderRow(
                o.Id, o.OrganisationId, o.Organisation.Name, o.Organisation.Status == OrganisationStatus.Verified, o.Plan.NameZh, o.Plan.NameEn,
                o.Quantity, p.AmountFen, o.Status, o.CreatedAt, o.ReservedUntil, p.ProviderReference, p.Provider, p.Status, p.FlagReason, p.Purpose))
            .Take(500)
            .ToListAsync(cancellationToken);
    }
}
