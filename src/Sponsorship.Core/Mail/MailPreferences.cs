using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;

namespace Sponsorship.Core.Mail;

public sealed record MailChoices(bool GrowthUpdates, bool MonthlyDigest);

/// <summary>A person's mail choices: growth updates and the monthly digest, both on unless they turned them off.</summary>
public sealed class MailPreferences(IDbContextFactory<SponsorshipDbContext> dbFactory, UnsubscribeLinks links, TimeProvider clock)
{
    public async Task<MailChoices?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new MailChoices(u.GrowthUpdatesStoppedAt == null, u.MonthlyDigestStoppedAt == null))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> SaveAsync(string userId, MailChoices choices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(choices);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        user.GrowthUpdatesStoppedAt = choices.GrowthUpdates ? null : user.GrowthUpdatesStoppedAt ?? now;
        user.MonthlyDigestStoppedAt = choices.MonthlyDigest ? null : user.MonthlyDigestStoppedAt ?? now;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>What a signed unsubscribe token asks for, or null when the token does not verify.</summary>
    public UnsubscribeRequest? Read(string? token) => links.Read(token);

    /// <summary>Turns the token's list off (once; again changes nothing). False when the token does not verify.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (links.Read(token) is not { } request)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.Where(u => u.Id == request.UserId);
        if (request.List == MailList.GrowthUpdates)
        {
            await users.Where(u => u.GrowthUpdatesStoppedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.GrowthUpdatesStoppedAt, now), cancellationToken);
        }
        else
        {
            await users.Where(u => u.MonthlyDigestStoppedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.MonthlyDigestStoppedAt, now), cancellationToken);
        }

        return true;
    }
}
