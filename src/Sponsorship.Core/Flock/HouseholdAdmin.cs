using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Privacy;

namespace Sponsorship.Core.Flock;

/// <summary>A household as administrators list it: the payout account is masked (only its last four digits).</summary>
public sealed record HouseholdRow(
    int Id, int VillageId, string VillageName, string VillageNameLatin, string HeadName, string HeadNameLatin,
    string Phone, string MaskedAccount, bool Trusted, int LivingSheep, DateTimeOffset? ArchivedAt);

/// <summary>
/// What an administrator types for a household. <see cref="PayoutAccount"/> null or blank keeps the account on file
/// (the form never shows it in full); a number, with its holder and bank, asks for a change that a second administrator
/// confirms (<see cref="PayoutAccounts"/>).
/// </summary>
public sealed record HouseholdInput(
    int VillageId, string HeadName, string HeadNameLatin, string Phone, string? PayoutAccount, bool Trusted,
    string? AccountHolder = null, string? Bank = null);

public sealed record HouseholdFilter(string? Search = null, int? VillageId = null, bool IncludeArchived = false);

/// <summary>
/// Herder households: created, edited and archived by administrators. A household is archived only once it has no
/// living sheep (they must be moved or archived first), and only into a village that is itself active. A payout account
/// typed here is not written onto the household: it waits for a second administrator.
/// </summary>
public sealed class HouseholdAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory, AccountNumberProtector numbers, TimeProvider clock)
{
    public const int MaxNameLength = 64;
    public const int MaxPhoneLength = 32;

    public async Task<IReadOnlyList<HouseholdRow>> ListAsync(HouseholdFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Households.AsNoTracking();
        if (!filter.IncludeArchived)
        {
            query = query.Where(h => h.ArchivedAt == null);
        }

        if (filter.VillageId is { } villageId)
        {
            query = query.Where(h => h.VillageId == villageId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var term = filter.Search.Trim();
            query = query.Where(h => h.HeadName.Contains(term) || h.HeadNameLatin.Contains(term) || h.Phone.Contains(term));
        }

        var rows = await query
            .OrderBy(h => h.ArchivedAt != null).ThenBy(h => h.Id)
            .Select(h => new
            {
                h.Id, h.VillageId, h.Village.Name, h.Village.NameLatin, h.HeadName, h.HeadNameLatin, h.Phone, h.PayoutAccountLast4, h.Trusted,
                Living = db.Sheep.Count(s => s.HouseholdId == h.Id && s.ArchivedAt == null),
                h.ArchivedAt,
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(h => new HouseholdRow(
            h.Id, h.VillageId, h.Name, h.NameLatin, h.HeadName, h.HeadNameLatin, h.Phone,
            AccountNumberProtector.Mask(h.PayoutAccountLast4), h.Trusted, h.Living, h.ArchivedAt))];
    }

    /// <summary>Active households for pickers (register filter, sheep moves).</summary>
    public async Task<IReadOnlyList<HouseholdRow>> ChoicesAsync(CancellationToken cancellationToken = default) =>
        await ListAsync(new HouseholdFilter(), cancellationToken);

    public async Task<RegisterResult> CreateAsync(HouseholdInput input, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var clean = Clean(input);
        if (Validate(clean, out var account) is { } invalid)
        {
            return RegisterResult.Fail(invalid);
        }

        if (await CheckVillageAsync(db, clean.VillageId, cancellationToken) is { } villageError)
        {
            return RegisterResult.Fail(villageError);
        }

        var household = new HerderHousehold
        {
            VillageId = clean.VillageId,
            HeadName = clean.HeadName,
            HeadNameLatin = clean.HeadNameLatin,
            Phone = clean.Phone,
            Trusted = clean.Trusted,
        };
        db.Households.Add(household);
        RequestAccount(db, household, account, adminUserId);
        await db.SaveChangesAsync(cancellationToken);
        return new RegisterResult(RegisterError.None, household.Id);
    }

    public async Task<RegisterResult> UpdateAsync(int id, HouseholdInput input, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var clean = Clean(input);
        if (Validate(clean, out var account) is { } invalid)
        {
            return RegisterResult.Fail(invalid);
        }

        var household = await db.Households.SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is null)
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        if (clean.VillageId != household.VillageId && await CheckVillageAsync(db, clean.VillageId, cancellationToken) is { } villageError)
        {
            return RegisterResult.Fail(villageError);
        }

        household.VillageId = clean.VillageId;
        household.HeadName = clean.HeadName;
        household.HeadNameLatin = clean.HeadNameLatin;
        household.Phone = clean.Phone;
        household.Trusted = clean.Trusted;
        RequestAccount(db, household, account, adminUserId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (account is not null)
        {
            return RegisterResult.Fail(RegisterError.AccountChangePending);
        }

        return new RegisterResult(RegisterError.None, household.Id);
    }

    /// <summary>Archives a household that has no living sheep left.</summary>
    public async Task<RegisterResult> ArchiveAsync(int id, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var household = await db.Households.SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is null)
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        if (household.ArchivedAt is not null)
        {
            return RegisterResult.Fail(RegisterError.AlreadyArchived);
        }

        var living = await db.Sheep.CountAsync(s => s.HouseholdId == id && s.ArchivedAt == null, cancellationToken);
        if (living > 0)
        {
            return RegisterResult.Fail(RegisterError.HouseholdHasSheep, living);
        }

        household.ArchivedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new RegisterResult(RegisterError.None, household.Id);
    }

    public async Task<RegisterResult> RestoreAsync(int id, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var household = await db.Households.Include(h => h.Village).SingleOrDefaultAsync(h => h.Id == id, cancellationToken);
        if (household is null)
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        if (household.ArchivedAt is null)
        {
            return RegisterResult.Fail(RegisterError.NotArchived);
        }

        if (household.Village.ArchivedAt is not null)
        {
            return RegisterResult.Fail(RegisterError.VillageArchived);
        }

        household.ArchivedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        return new RegisterResult(RegisterError.None, household.Id);
    }

    private void RequestAccount(SponsorshipDbContext db, HerderHousehold household, PayoutAccountInput? account, string adminUserId)
    {
        if (account is not null)
        {
            var change = PayoutAccounts.NewRequest(household.Id, account, adminUserId, clock.GetUtcNow(), numbers);
            change.Household = household;
            db.PayoutAccountChanges.Add(change);
        }
    }

    private static HouseholdInput Clean(HouseholdInput input) => input with
    {
        HeadName = (input.HeadName ?? "").Trim(),
        HeadNameLatin = (input.HeadNameLatin ?? "").Trim(),
        Phone = (input.Phone ?? "").Trim(),
        PayoutAccount = string.IsNullOrWhiteSpace(input.PayoutAccount) ? null : input.PayoutAccount,
    };

    private static RegisterError? Validate(HouseholdInput input, out PayoutAccountInput? account)
    {
        account = null;
        if (input.VillageId <= 0)
        {
            return RegisterError.VillageRequired;
        }

        if (input.HeadName.Length == 0)
        {
            return RegisterError.NameRequired;
        }

        if (input.HeadNameLatin.Length == 0)
        {
            return RegisterError.LatinNameRequired;
        }

        if (input.HeadName.Length > MaxNameLength || input.HeadNameLatin.Length > MaxNameLength)
        {
            return RegisterError.NameTooLong;
        }

        if (input.Phone.Length > 0 && !IsPhone(input.Phone))
        {
            return RegisterError.PhoneInvalid;
        }

        // A new household may be registered before its bank account is known; an edit may leave it unchanged.
        if (input.PayoutAccount is not { } number)
        {
            return null;
        }

        var problem = PayoutAccounts.Check(new PayoutAccountInput(input.AccountHolder ?? "", input.Bank ?? "", number), out var clean);
        account = problem is null ? clean : null;
        return problem;
    }

    /// <summary>A phone number: digits with optional +, spaces and dashes, 5 to 20 digits (mobile or landline).</summary>
    public static bool IsPhone(string phone)
    {
        if (phone.Length > MaxPhoneLength || !phone.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-'))
        {
            return false;
        }

        var digits = phone.Count(char.IsAsciiDigit);
        return digits is >= 5 and <= 20 && phone.LastIndexOf('+') <= 0;
    }

    /// <summary>A bank card or account number: 8 to 30 digits (spaces already removed).</summary>
    public static bool IsAccount(string account) => account.Length is >= 8 and <= 30 && account.All(char.IsAsciiDigit);

    private static async Task<RegisterError?> CheckVillageAsync(SponsorshipDbContext db, int villageId, CancellationToken cancellationToken)
    {
        var village = await db.Villages.AsNoTracking().Where(v => v.Id == villageId).Select(v => new { v.ArchivedAt }).SingleOrDefaultAsync(cancellationToken);
        if (village is null)
        {
            return RegisterError.UnknownVillage;
        }

        return village.ArchivedAt is null ? null : RegisterError.VillageArchived;
    }
}
