using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Flock;

public sealed record VillageRow(int Id, string Name, string NameLatin, int ActiveHouseholds, DateTimeOffset? ArchivedAt);

public sealed record VillageInput(string Name, string NameLatin);

/// <summary>Why a change to the villages or households register was refused; nothing was saved.</summary>
public enum RegisterError
{
    None = 0,

    /// <summary>The caller is not an administrator (any more).</summary>
    NotAllowed,
    NotFound,
    NameRequired,
    LatinNameRequired,
    NameTooLong,
    NameTaken,
    VillageRequired,
    UnknownVillage,
    VillageArchived,
    PhoneInvalid,
    AccountInvalid,
    AlreadyArchived,
    NotArchived,

    /// <summary>A village still has households that are not archived (<see cref="RegisterResult.Count"/> says how many).</summary>
    VillageHasHouseholds,

    /// <summary>A household still has living sheep (<see cref="RegisterResult.Count"/> says how many).</summary>
    HouseholdHasSheep,
    AccountHolderRequired,
    AccountHolderTooLong,
    BankRequired,
    BankTooLong,

    /// <summary>A change of this household's payout account already waits for a second administrator.</summary>
    AccountChangePending,

    /// <summary>The administrator who asked for an account change cannot confirm it.</summary>
    RequesterCannotConfirm,

    /// <summary>Someone decided the change a moment earlier.</summary>
    AlreadyDecided,
}

/// <summary>The outcome of a register change: the row's id when it succeeded, or the reason and (for archiving) a count.</summary>
public sealed record RegisterResult(RegisterError Error, int Id = 0, int Count = 0)
{
    public bool Succeeded => Error == RegisterError.None;

    public static RegisterResult Fail(RegisterError error, int count = 0) => new(error, 0, count);
}

/// <summary>
/// The villages (嘎查村) of the programme: created, renamed and archived by administrators. A village's Chinese name is
/// unique (the database index is the final guard); a village is archived only once it has no active households.
/// </summary>
public sealed class VillageAdmin(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxNameLength = 64;

    public async Task<IReadOnlyList<VillageRow>> ListAsync(bool includeArchived = false, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Villages.AsNoTracking()
            .Where(v => includeArchived || v.ArchivedAt == null)
            .OrderBy(v => v.ArchivedAt != null).ThenBy(v => v.NameLatin)
            .Select(v => new VillageRow(
                v.Id, v.Name, v.NameLatin,
                db.Households.Count(h => h.VillageId == v.Id && h.ArchivedAt == null),
                v.ArchivedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<RegisterResult> CreateAsync(VillageInput input, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var (name, latin) = (input.Name.Trim(), input.NameLatin.Trim());
        if (Validate(name, latin) is { } invalid)
        {
            return RegisterResult.Fail(invalid);
        }

        if (await db.Villages.AnyAsync(v => v.Name == name, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NameTaken);
        }

        var village = new Village { Name = name, NameLatin = latin };
        db.Villages.Add(village);
        return await SaveAsync(db, village, cancellationToken);
    }

    public async Task<RegisterResult> UpdateAsync(int id, VillageInput input, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NotAllowed);
        }

        var (name, latin) = (input.Name.Trim(), input.NameLatin.Trim());
        if (Validate(name, latin) is { } invalid)
        {
            return RegisterResult.Fail(invalid);
        }

        var village = await db.Villages.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (village is null)
        {
            return RegisterResult.Fail(RegisterError.NotFound);
        }

        if (await db.Villages.AnyAsync(v => v.Name == name && v.Id != id, cancellationToken))
        {
            return RegisterResult.Fail(RegisterError.NameTaken);
        }

        village.Name = name;
        village.NameLatin = latin;
        return await SaveAsync(db, village, cancellationToken);
    }

    /// <summary>Archives a village that has no active households left; its history stays.</summary>
    public async Task<RegisterResult> ArchiveAsync(int id, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (village, refusal) = await VillageForAdminAsync(db, id, adminUserId, cancellationToken);
        if (village is null)
        {
            return RegisterResult.Fail(refusal);
        }

        if (village.ArchivedAt is not null)
        {
            return RegisterResult.Fail(RegisterError.AlreadyArchived);
        }

        var active = await db.Households.CountAsync(h => h.VillageId == id && h.ArchivedAt == null, cancellationToken);
        if (active > 0)
        {
            return RegisterResult.Fail(RegisterError.VillageHasHouseholds, active);
        }

        village.ArchivedAt = clock.GetUtcNow();
        return await SaveAsync(db, village, cancellationToken);
    }

    public async Task<RegisterResult> RestoreAsync(int id, string adminUserId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (village, refusal) = await VillageForAdminAsync(db, id, adminUserId, cancellationToken);
        if (village is null)
        {
            return RegisterResult.Fail(refusal);
        }

        if (village.ArchivedAt is null)
        {
            return RegisterResult.Fail(RegisterError.NotArchived);
        }

        village.ArchivedAt = null;
        return await SaveAsync(db, village, cancellationToken);
    }

    /// <summary>The village an administrator is changing, or why they cannot.</summary>
    private static async Task<(Village? Village, RegisterError Refusal)> VillageForAdminAsync(
        SponsorshipDbContext db, int id, string adminUserId, CancellationToken cancellationToken)
    {
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return (null, RegisterError.NotAllowed);
        }

        var village = await db.Villages.SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        return village is null ? (null, RegisterError.NotFound) : (village, RegisterError.None);
    }

    private static RegisterError? Validate(string name, string latin)
    {
        if (name.Length == 0)
        {
            return RegisterError.NameRequired;
        }

        if (latin.Length == 0)
        {
            return RegisterError.LatinNameRequired;
        }

        return name.Length > MaxNameLength || latin.Length > MaxNameLength ? RegisterError.NameTooLong : null;
    }

    private static async Task<RegisterResult> SaveAsync(SponsorshipDbContext db, Village village, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // Another administrator took the name between the check and the save: the unique index refused it.
            if (!await NameIsFreeAsync(db, village, cancellationToken))
            {
                return RegisterResult.Fail(RegisterError.NameTaken);
            }

            throw;
        }

        return new RegisterResult(RegisterError.None, village.Id);
    }

    private static async Task<bool> NameIsFreeAsync(SponsorshipDbContext db, Village village, CancellationToken cancellationToken)
    {
        var name = village.Name;
        var id = village.Id;
        return !await db.Villages.AsNoTracking().AnyAsync(v => v.Name == name && v.Id != id, cancellationToken);
    }
}
