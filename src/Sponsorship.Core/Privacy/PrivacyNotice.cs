using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Identity;

namespace Sponsorship.Core.Privacy;

/// <summary>
/// The privacy notice a sponsor agrees to when registering, and the separate, optional consent to news mails. Which
/// version each person accepted, and when, is kept on their account; a sponsor whose accepted version is older than
/// <see cref="CurrentVersion"/> is asked again before the next page opens.
/// </summary>
public static class PrivacyNotice
{
    /// <summary>Raise it when the notice's text changes what is collected, why, for how long or who receives it.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Whether an account that accepted <paramref name="acceptedVersion"/> must be asked again.</summary>
    public static bool MustAsk(int? acceptedVersion) => acceptedVersion is null || acceptedVersion < CurrentVersion;

    /// <summary>Records the consent given on the registration form, on the account about to be created.</summary>
    public static void Accept(ApplicationUser user, bool newsMail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.PrivacyNoticeVersion = CurrentVersion;
        user.PrivacyNoticeAcceptedAt = now;
        user.NewsMailConsentedAt = newsMail ? user.NewsMailConsentedAt ?? now : null;
    }
}

/// <summary>A signed-in person accepts the current notice (again), or changes their news-mail consent.</summary>
public sealed class PrivacyConsents(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>False when the account does not exist (or was deleted).</summary>
    public async Task<bool> AcceptAsync(string userId, bool newsMail, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
        if (user is null)
        {
            return false;
        }

        PrivacyNotice.Accept(user, newsMail, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The news-mail consent, or null when the account does not exist.</summary>
    public async Task<bool?> NewsMailAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => (bool?)(u.NewsMailConsentedAt != null))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Gives or withdraws the news-mail consent (giving it again keeps the first date).</summary>
    public async Task<bool> SetNewsMailAsync(string userId, bool consent, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.DeletedAt == null, cancellationToken);
        if (user is null)
        {
            return false;
        }

        user.NewsMailConsentedAt = consent ? user.NewsMailConsentedAt ?? clock.GetUtcNow() : null;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
