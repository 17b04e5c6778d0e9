using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Payments;

public sealed record PaymentRow(
    int Id, string Reference, string Provider, PaymentPurpose Purpose, long AmountFen, string Currency, PaymentStatus Status,
    string SponsorName, string SponsorEmail, string SheepName, string SheepNameLatin, string EarTag, DateTimeOffset CreatedAt, string? FlagReason);

/// <summary>
/// What the administrators' payments page lists: bank transfers waiting to be marked received, and flagged payments, of
/// single adoptions (organisation orders' transfers are listed with the organisations).
/// </summary>
public sealed class PaymentAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    /// <summary>A single adoption's bank transfer the sponsor says is on its way, waiting for an admin to see it arrive.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Payment, bool>> AwaitingBankTransfer =
        p => p.Provider == BankTransferPayments.ProviderName && p.Status == PaymentStatus.Pending && p.AdoptionId != null;

    /// <summary>A single adoption's payment that arrived but could not be matched, waiting for an admin's decision.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Payment, bool>> FlaggedForAdmin =
        p => p.Status == PaymentStatus.Flagged && p.AdoptionId != null;

    public Task<IReadOnlyList<PaymentRow>?> PendingBankTransfersAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, AwaitingBankTransfer, cancellationToken);

    public Task<IReadOnlyList<PaymentRow>?> FlaggedAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, FlaggedForAdmin, cancellationToken);

    /// <summary>The most payments one spreadsheet export holds (the oldest first).</summary>
    public const int MaxExported = 100_000;

    /// <summary>Every single adoption's payment, whatever its state, oldest first: the office's spreadsheet of payments.</summary>
    public Task<IReadOnlyList<PaymentRow>?> AllAsync(string adminUserId, CancellationToken cancellationToken = default) =>
        ListAsync(adminUserId, p => p.AdoptionId != null, cancellationToken, MaxExported);

    private async Task<IReadOnlyList<PaymentRow>?> ListAsync(
        string adminUserId, System.Linq.Expressions.Expression<Func<Payment, bool>> which, CancellationToken cancellationToken, int take = 500)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.Payments.AsNoTracking().Where(which).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(take)
            .Select(p => new PaymentRow(
                p.Id, p.ProviderReference, p.Provider, p.Purpose, p.AmountFen, p.Currency, p.Status,
                db.Users.Where(u => u.Id == p.Adoption!.BuyerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                db.Users.Where(u => u.Id == p.Adoption!.BuyerUserId).Select(u => u.Email).FirstOrDefault() ?? "",
                p.Adoption!.Sheep.Name, p.Adoption.Sheep.NameLatin,
                p.Adoption.Sheep.Tags.AsQueryable().Where(IdTag.IsCurrentEarTag).Select(t => t.Value).FirstOrDefault() ?? "",
                p.CreatedAt, p.FlagReason))
            .ToListAsync(cancellationToken);
    }
}
