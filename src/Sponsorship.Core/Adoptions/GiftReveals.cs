using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Mail;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// On a gift's reveal day, the recipient gets a mail with a claim link. The link carries a random secret; only its
/// SHA-256 is stored, so the database alone cannot claim a gift.
/// </summary>
public sealed class GiftReveals(IDbContextFactory<SponsorshipDbContext> dbFactory, IOptions<AdoptionLinkOptions> links, ProgrammeCalendar calendar)
    : IScheduledJob
{
    public string Name => "gift-reveals";

    /// <summary>The one reveal mail of a gift.</summary>
    public static string DedupeKey(int adoptionId) => $"gift-reveal:{adoptionId}";

    public JobSchedule Schedule { get; } = JobSchedule.Every(TimeSpan.FromMinutes(10));

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"revealed {await RunAsync(cancellationToken)}";

    /// <returns>How many gifts were revealed.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = calendar.Now;
        var today = calendar.DayOf(now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.Adoptions
            .Where(a => a.Status == AdoptionStatus.Active && a.GiftRecipientEmail != null && a.GiftRevealedAt == null
                && a.GiftClaimedAt == null && a.GiftRevealOn <= today)
            .OrderBy(a => a.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var adoption in due)
        {
            var token = GiftClaims.NewToken();
            adoption.GiftClaimTokenHash = GiftClaims.Hash(token);
            adoption.GiftRevealedAt = now;
            Outbox.Queue(
                db, new GiftRevealPayload(adoption.Id, links.Value.Absolute(GiftClaims.ClaimPath(token))),
                adoption.GiftRecipientEmail!, adoption.GiftRecipientName ?? "",
                await Outbox.CultureOfAddressAsync(db, adoption.GiftRecipientEmail!, adoption.Culture, cancellationToken), now, dedupeKey: DedupeKey(adoption.Id));
        }

        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}
