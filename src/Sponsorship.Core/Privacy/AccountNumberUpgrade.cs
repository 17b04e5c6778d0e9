using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// Encrypts the account numbers a database holds in clear — those written before numbers were encrypted, which the
/// <c>PersonalInformation</c> migration kept in the renamed columns — and fills in their last four digits. Run at start, after the
/// migrations; a database with nothing in clear costs three indexed queries. Idempotent: an encrypted value is left alone.
/// </summary>
public static class AccountNumberUpgrade
{
    private const int Batch = 500;

    /// <returns>How many numbers were encrypted.</returns>
    public static async Task<int> RunAsync(
        IDbContextFactory<SponsorshipDbContext> dbFactory, AccountNumberProtector numbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dbFactory);
        ArgumentNullException.ThrowIfNull(numbers);
        var done = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var households = await db.Households
                .Where(h => h.PayoutAccountEncrypted != "" && !h.PayoutAccountEncrypted.StartsWith(AccountNumberProtector.Prefix))
                .OrderBy(h => h.Id)
                .Take(Batch).ToListAsync(cancellationToken);
            var changes = await db.PayoutAccountChanges
                .Where(c => c.NumberEncrypted != "" && !c.NumberEncrypted.StartsWith(AccountNumberProtector.Prefix))
                .OrderBy(c => c.Id)
                .Take(Batch).ToListAsync(cancellationToken);
            var lines = await db.PayoutLines
                .Where(l => l.PayoutAccountEncrypted != "" && !l.PayoutAccountEncrypted.StartsWith(AccountNumberProtector.Prefix))
                .OrderBy(l => l.Id)
                .Take(Batch).ToListAsync(cancellationToken);
            if (households.Count + changes.Count + lines.Count == 0)
            {
                return done;
            }

            foreach (var household in households)
            {
                household.SetPayoutAccount(numbers.Protect(household.PayoutAccountEncrypted));
            }

            foreach (var change in changes)
            {
                var number = numbers.Protect(change.NumberEncrypted);
                (change.NumberEncrypted, change.NumberLast4) = (number.Encrypted, number.Last4);
            }

            foreach (var line in lines)
            {
                var number = numbers.Protect(line.PayoutAccountEncrypted);
                (line.PayoutAccountEncrypted, line.PayoutAccountLast4) = (number.Encrypted, number.Last4);
            }

            await db.SaveChangesAsync(cancellationToken);
            done += households.Count + changes.Count + lines.Count;
        }
    }
}
