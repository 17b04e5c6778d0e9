using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Payments;

namespace Sponsorship.Core.Programme;

public sealed record FoundPayment(int Id, string Reference, long AmountFen, PaymentStatus Status, string Provider, string SponsorName, string SheepName, string SheepNameLatin);

public sealed record FoundPayoutLine(int Id, int BatchId, string BatchReference, string Reference, long AmountFen, string HeadName, string HeadNameLatin);

public sealed record FoundPerson(string Id, string Name, string Email);

public sealed record FoundHousehold(int Id, string HeadName, string HeadNameLatin, string VillageName, string VillageNameLatin, bool Archived);

public sealed record SearchResults(
    string Term, IReadOnlyList<RegisterSheep> Sheep, IReadOnlyList<FoundPayment> Payments, IReadOnlyList<FoundPayoutLine> PayoutLines,
    IReadOnlyList<FoundPerson> People, IReadOnlyList<FoundHousehold> Households)
{
    public bool Empty => Sheep.Count + Payments.Count + PayoutLines.Count + People.Count + Households.Count == 0;
}

/// <summary>
/// The console's search box: a sheep by the digits of any ear tag it has worn (or its name), a payment or payout line by
/// its reference, a person by name or email, a household by its head's name.
/// </summary>
public sealed class ConsoleSearch(IDbContextFactory<SponsorshipDbContext> dbFactory, SheepRegister register)
{
    public const int MaxPerKind = 10;

    /// <summary>Shorter terms match too much to be useful (two digits of a tag match half the flock).</summary>
    public const int MinimumLength = 2;

    public const int MaximumLength = 64;

    public async Task<SearchResults?> FindAsync(string adminUserId, string? term, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await Administrators.IsAdministratorAsync(db, adminUserId, cancellationToken))
        {
            return null;
        }

        term = term?.Trim() ?? "";
        if (term.Length < MinimumLength || term.Length > MaximumLength)
        {
            return new SearchResults(term, [], [], [], [], []);
        }

        var sheep = await register.SearchAsync(new SheepSearch(term, Status: SheepStatus.All), 0, MaxPerKind, cancellationToken);

        var like = Like(term.ToUpperInvariant());
        var payments = await db.Payments.AsNoTracking()
            .Where(p => EF.Functions.Like(p.ProviderReference.ToUpper(), like, Escape))
            .OrderByDescending(p => p.Id).Take(MaxPerKind)
            .Select(p => new FoundPayment(
                p.Id, p.ProviderReference, p.AmountFen, p.Status, p.Provider,
                db.Users.Where(u => u.Id == p.Adoption!.BuyerUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                p.Adoption != null ? p.Adoption.Sheep.Name : "", p.Adoption != null ? p.Adoption.Sheep.NameLatin : ""))
            .ToListAsync(cancellationToken);
        var payoutLines = await db.PayoutLines.AsNoTracking()
            .Where(l => EF.Functions.Like(l.Reference.ToUpper(), like, Escape))
            .OrderByDescending(l => l.Id).Take(MaxPerKind)
            .Select(l => new FoundPayoutLine(l.Id, l.BatchId, l.Batch.Reference, l.Reference, l.AmountFen, l.Household.HeadName, l.Household.HeadNameLatin))
            .ToListAsync(cancellationToken);
        var people = await db.Users.AsNoTracking()
            .Where(u => EF.Functions.Like(u.DisplayName.ToUpper(), like, Escape) || EF.Functions.Like(u.NormalizedEmail!, like, Escape))
            .OrderBy(u => u.DisplayName).Take(MaxPerKind)
            .Select(u => new FoundPerson(u.Id, u.DisplayName, u.Email ?? ""))
            .ToListAsync(cancellationToken);
        var households = await db.Households.AsNoTracking()
            .Where(h => h.HeadName.Contains(term) || EF.Functions.Like(h.HeadNameLatin.ToUpper(), like, Escape))
            .OrderBy(h => h.Id).Take(MaxPerKind)
            .Select(h => new FoundHousehold(h.Id, h.HeadName, h.HeadNameLatin, h.Village.Name, h.Village.NameLatin, h.ArchivedAt != null))
            .ToListAsync(cancellationToken);
        return new SearchResults(term, sheep.Items, payments, payoutLines, people, households);
    }

    private const string Escape = "\\";

    /// <summary>A LIKE pattern that finds the term anywhere, its own % and _ taken literally.</summary>
    public static string Like(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        return "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
    }
}
