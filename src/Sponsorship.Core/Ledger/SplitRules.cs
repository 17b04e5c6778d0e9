using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Ledger;

/// <summary>What is wrong with a proposed split rule.</summary>
public enum SplitRuleError
{
    None,

    /// <summary>The four shares do not add up to 100%.</summary>
    SharesNotHundred,

    /// <summary>The activation and care tranches together exceed the herder's share (100%).</summary>
    TranchesOverHundred,

    /// <summary>A share, a tranche or the number of days is negative.</summary>
    Negative,

    /// <summary>A rule may only take effect from today on: adoptions already made keep the rule they were made with.</summary>
    EffectiveInPast,

    /// <summary>The caller is not an administrator (any more).</summary>
    NotAllowed,

    /// <summary>The note is longer than <see cref="SplitRules.MaxNotesLength"/> characters.</summary>
    NotesTooLong,
}

/// <summary>A proposed new version of the split, in basis points (100 = 1%).</summary>
public sealed record SplitRuleDraft(
    DateTimeOffset EffectiveFrom, int HerderBasisPoints, int VillageBasisPoints, int CooperativeBasisPoints, int PlatformBasisPoints,
    int ActivationTrancheBasisPoints, int CareTrancheBasisPoints, int CareMinDays, string Notes = "");

/// <summary>Every version of the split, newest first, and the one in force now.</summary>
public sealed record SplitRuleList(IReadOnlyList<SplitRule> Rules, SplitRule? InForce);

/// <summary>
/// The versioned, effective-dated split rules. A rule is never changed: a new version takes effect from a date, and
/// each adoption keeps (snapshots) the version in force when it was made.
/// </summary>
public sealed class SplitRules(IDbContextFactory<SponsorshipDbContext> dbFactory)
{
    public const int MaxNotesLength = 500;

    /// <summary>The rule the programme starts with when the database has none (version 1, effective from 2020).</summary>
    public static SplitRule Initial(DateTimeOffset now) => new()
    {
        Version = 1,
        EffectiveFrom = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        HerderBasisPoints = 6_000,
        VillageBasisPoints = 1_000,
        CooperativeBasisPoints = 1_500,
        PlatformBasisPoints = 1_500,
        ActivationTrancheBasisPoints = 3_000,
        CareTrancheBasisPoints = 4_000,
        CareMinDays = 30,
        CreatedAt = now,
        Notes = "Initial rule",
    };

    /// <summary>
    /// The rule in force at <paramref name="now"/>: the latest version whose <see cref="SplitRule.EffectiveFrom"/> has
    /// come. The app adds <see cref="Initial"/> on start when there is none, so there always is one; a database without
    /// any rule (a bare test database) gets an <see cref="InvalidOperationException"/> naming <see cref="EnsureInitialAsync"/>.
    /// </summary>
    public static async Task<SplitRule> InForceAsync(SponsorshipDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rules = await db.SplitRules.Where(r => r.EffectiveFrom <= now).ToListAsync(cancellationToken);
        return rules.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Version).FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"No split rule is in force at {now:O}; call {nameof(SplitRules)}.{nameof(EnsureInitialAsync)} (the app does on start).");
    }

    /// <summary>Every version for the administrators' page; null unless <paramref name="userId"/> is an administrator.</summary>
    public async Task<SplitRuleList?> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, userId, cancellationToken))
        {
            return null;
        }

        var rules = (await db.SplitRules.AsNoTracking().ToListAsync(cancellationToken)).OrderByDescending(r => r.Version).ToList();
        var inForce = rules.Where(r => r.EffectiveFrom <= now).OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Version).FirstOrDefault();
        return new SplitRuleList(rules, inForce);
    }

    /// <summary>Adds and saves <see cref="Initial"/> when there is no rule at all; returns whether it did.</summary>
    public static async Task<bool> EnsureInitialAsync(SponsorshipDbContext db, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.SplitRules.AnyAsync(cancellationToken))
        {
            return false;
        }

        db.SplitRules.Add(Initial(now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (!Contention.IsContention(e))
        {
            // Another instance added version 1 at the same moment: the unique version index kept one.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    public static SplitRuleError Check(SplitRuleDraft draft, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        int[] values =
        [
            draft.HerderBasisPoints, draft.VillageBasisPoints, draft.CooperativeBasisPoints, draft.PlatformBasisPoints,
            draft.ActivationTrancheBasisPoints, draft.CareTrancheBasisPoints, draft.CareMinDays,
        ];
        if (values.Any(v => v < 0))
        {
            return SplitRuleError.Negative;
        }

        if ((long)draft.HerderBasisPoints + draft.VillageBasisPoints + draft.CooperativeBasisPoints + draft.PlatformBasisPoints != 10_000)
        {
            return SplitRuleError.SharesNotHundred;
        }

        if (draft.ActivationTrancheBasisPoints + draft.CareTrancheBasisPoints > 10_000)
        {
            return SplitRuleError.TranchesOverHundred;
        }

        return draft.EffectiveFrom < now.AddMinutes(-1) ? SplitRuleError.EffectiveInPast : SplitRuleError.None;
    }

    /// <summary>
    /// Adds the draft as the next version. Returns the error and saves nothing when it is not valid; two admins adding a
    /// version at once both succeed with consecutive numbers (the unique version index makes the loser retry).
    /// </summary>
    public async Task<(SplitRule? Rule, SplitRuleError Error)> AddVersionAsync(
        SplitRuleDraft draft, string userId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!await Administrators.IsAdministratorAsync(dbFactory, userId, cancellationToken))
        {
            return (null, SplitRuleError.NotAllowed);
        }

        var error = (draft.Notes ?? "").Trim().Length > MaxNotesLength ? SplitRuleError.NotesTooLong : Check(draft, now);
        if (error != SplitRuleError.None)
        {
            return (null, error);
        }

        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var version = await db.SplitRules.Select(r => (int?)r.Version).MaxAsync(cancellationToken) ?? 0;
            var rule = new SplitRule
            {
                Version = version + 1,
                EffectiveFrom = draft.EffectiveFrom,
                HerderBasisPoints = draft.HerderBasisPoints,
                VillageBasisPoints = draft.VillageBasisPoints,
                CooperativeBasisPoints = draft.CooperativeBasisPoints,
                PlatformBasisPoints = draft.PlatformBasisPoints,
                ActivationTrancheBasisPoints = draft.ActivationTrancheBasisPoints,
                CareTrancheBasisPoints = draft.CareTrancheBasisPoints,
                CareMinDays = draft.CareMinDays,
                CreatedAt = now,
                CreatedByUserId = userId,
                Notes = (draft.Notes ?? "").Trim(),
            };
            db.SplitRules.Add(rule);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (rule, SplitRuleError.None);
            }
            catch (DbUpdateException e) when (attempt < 5 && !Contention.IsContention(e))
            {
                // Someone else took this version number: read the latest again.
            }
        }
    }
}
