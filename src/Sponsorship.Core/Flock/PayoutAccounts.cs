using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Core.Flock;

/// <summary>A payout account as an administrator types it; spaces in the number are dropped.</summary>
public sealed record PayoutAccountInput(string Holder, string Bank, string Number);

/// <summary>
/// A waiting change, with the account on file beside it. Numbers are masked (their last four digits): the confirming
/// administrator compares holder, bank and those digits with the household's written request.
/// </summary>
public sealed record PendingAccountChange(
    int Id, int HouseholdId, string HeadName, string HeadNameLatin, string CurrentHolder, string CurrentBank, string CurrentMaskedNumber,
    string Holder, string Bank, string MaskedNumber, string RequestedBy, string RequestedByUserId, DateTimeOffset RequestedAt);

/// <summary>
/// Changing where a household is paid takes two administrators: one asks (<see cref="RequestAsync"/>, or through the
/// household form), a different one confirms, and only then is the household's account replaced. Drafted and approved
/// payout batches keep the account each line froze when it was drafted, so a change never reaches them. The number is
/// encrypted as soon as it is typed; the confirmation copies the encrypted value onto the household without opening it.
/// </summary>
public sealed class PayoutAccounts(IDbContextFactory<SponsorshipDbContext> dbFactory, AccountNumberProtector numbers, TimeProvider clock)
{
    public const int MaxHolderLength = 64;
    public const int MaxBankLength = 128;

    public async Task<RegisterResult> RequestAsync(int householdId, PayoutAccountInput input, string adminUserId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        if (Check(input, out var clean) is { } invalid)
        {
            return RegisterResult.Fail(invalid);
        }

        if (!await db.Households.AnyAsync(h => h.Id == householdId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        var change = NewRequest(householdId, clean, adminUserId, clock.GetUtcNow(), numbers);
        db.PayoutAccountChanges.Add(change);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new RegisterResult(RegisterError.None, change.Id);
        }
        catch (DbUpdateException)
        {
            return RegisterResult.Fail(RegisterError.AccountChangePending);
        }
    }

    /// <summary>A different administrator confirms: the household is paid into the new account from the next batch drafted.</summary>
    public async Task<RegisterResult> ConfirmAsync(int changeId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var change = await db.PayoutAccountChanges.Include(c => c.Household).SingleOrDefaultAsync(c => c.Id == changeId, cancellationToken);
        if (change is null)
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        if (change.Status != PayoutAccountChangeStatus.Pending)
        {
            return RegisterResult.Fail(RegisterError.AlreadyDecided);
        }

        if (change.RequestedByUserId == adminUserId)
        {
            return RegisterResult.Fail(RegisterError.RequesterCannotConfirm);
        }

        change.Status = PayoutAccountChangeStatus.Confirmed;
        change.DecidedByUserId = adminUserId;
        change.DecidedAt = clock.GetUtcNow();
        change.Household.PayoutAccountHolder = change.Holder;
        change.Household.PayoutBank = change.Bank;
        change.Household.SetPayoutAccount(new ProtectedAccountNumber(change.NumberEncrypted, change.NumberLast4));
        return await SaveDecisionAsync(db, change, cancellationToken);
    }

    /// <summary>Any administrator (the requester too) turns a waiting change down; the account on file stays.</summary>
    public async Task<RegisterResult> RefuseAsync(int changeId, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var change = await db.PayoutAccountChanges.SingleOrDefaultAsync(c => c.Id == changeId, cancellationToken);
        if (change is null)
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        if (change.Status != PayoutAccountChangeStatus.Pending)
        {
            return RegisterResult.Fail(RegisterError.AlreadyDecided);
        }

        change.Status = PayoutAccountChangeStatus.Refused;
        change.DecidedByUserId = adminUserId;
        change.DecidedAt = clock.GetUtcNow();
        return await SaveDecisionAsync(db, change, cancellationToken);
    }

    public async Task<IReadOnlyList<PendingAccountChange>?> PendingAsync(string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        return await db.PayoutAccountChanges.AsNoTracking().Where(c => c.Status == PayoutAccountChangeStatus.Pending)
            .OrderBy(c => c.RequestedAt).ThenBy(c => c.Id)
            .Select(c => new PendingAccountChange(
                c.Id, c.HouseholdId, c.Household.HeadName, c.Household.HeadNameLatin,
                c.Household.PayoutAccountHolder, c.Household.PayoutBank, AccountNumberProtector.Mask(c.Household.PayoutAccountLast4),
                c.Holder, c.Bank, AccountNumberProtector.Mask(c.NumberLast4),
                db.Users.Where(u => u.Id == c.RequestedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? c.RequestedByUserId,
                c.RequestedByUserId, c.RequestedAt))
            .Take(500)
            .ToListAsync(cancellationToken);
    }

    internal static PayoutAccountChange NewRequest(
        int householdId, PayoutAccountInput account, string adminUserId, DateTimeOffset now, AccountNumberProtector numbers)
    {
        var number = numbers.Protect(account.Number);
        return new PayoutAccountChange
        {
            HouseholdId = householdId,
            Holder = account.Holder,
            Bank = account.Bank,
            NumberEncrypted = number.Encrypted,
            NumberLast4 = number.Last4,
            Status = PayoutAccountChangeStatus.Pending,
            RequestedByUserId = adminUserId,
            RequestedAt = now,
        };
    }

    /// <summary>The named problem with an account as typed, or null with the cleaned account.</summary>
    internal static RegisterError? Check(PayoutAccountInput input, out PayoutAccountInput clean)
    {
        clean = new PayoutAccountInput(
            (input.Holder ?? "").Trim(), (input.Bank ?? "").Trim(), new string([.. (input.Number ?? "").Where(c => !char.IsWhiteSpace(c))]));
        if (!HouseholdAdmin.IsAccount(clean.Number))
        {
            return RegisterError.AccountInvalid;
        }

        if (clean.Holder.Length == 0)
        {
            return RegisterError.AccountHolderRequired;
        }

        if (clean.Holder.Length > MaxHolderLength)
        {
            return RegisterError.AccountHolderTooLong;
        }

        if (clean.Bank.Length == 0)
        {
            return RegisterError.BankRequired;
        }

        return clean.Bank.Length > MaxBankLength ? RegisterError.BankTooLong : null;
    }

    private static async Task<RegisterResult> SaveDecisionAsync(SponsorshipDbContext db, PayoutAccountChange change, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new RegisterResult(RegisterError.None, change.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RegisterResult.Fail(RegisterError.AlreadyDecided);
        }
    }
}
