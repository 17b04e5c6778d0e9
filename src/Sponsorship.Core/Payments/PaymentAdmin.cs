using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Payments;

public sealed record PaymentRow(
    int Id, string Reference, string Provider, PaymentPurpose Purpose, long AmountFen, string Currency, PaymentStatus Status,
    string SponsorName, string SponsorEmail, string SheepName, string EarTag, DateTimeOffset CreatedAt, string? FlagReason);

/// <summary>
/// What the administrators' payments page lists: bank transfers waiting to be marked received, and flagged payments, of
/// single adoptions (organisation orders' transfers are listed with the organisations).
/// </summary>
public sealed class PaymentAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public Task<IReadOnlyList<PaymentRow>?> PendingBankTransfersAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, p => p.Provider == BankTransferPayments.ProviderName && p.Status == PaymentStatus.Pending, cancellationToken);

    public Task<IReadOnlyList<PaymentRow>?> FlaggedAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, p => p.Status == PaymentStatus.Flagged, cancellationToken);

    private async Task<IReadOnlyList<PaymentRow>?> ListAsync(
        string adminUserId, System.Linq.Expressions.Expression<Func<Payment, bool>> which, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.Payments.AsNoTracking().Where(which).Where(p => p.AdoptionId != null).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(500)
            .Select(p => new PaymentRow(
                p.Id, p.ProviderReference, p.Provider, p.Purpose, p.AmountFen, p.Currency, p.Status,
                db.Users.Where(u => u.Id == p.Adoption!.BuyerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                db.Users.Where(u => u.Id == p.Adoption!.BuyerUserId).Select(u => u.Email).FirstOrDefault() ?? "",
                p.Adoption!.Sheep.Name,
                p.Adoption.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                p.CreatedAt, p.FlagReason))
            .ToListAsync(cancellationToken);
    }
}
