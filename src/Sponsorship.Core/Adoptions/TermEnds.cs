using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Mail;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// Closes adoptions whose term is over: the status becomes Ended, a meat box, wool or keeping the sheep for breeding is
/// put on the fulfilment list, and the sponsor gets the end-of-term mail.
/// </summary>
public sealed class TermEnds(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock, IPublicPageChanges? publicPages = null)
    : IScheduledJob
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    private const EndOfTermOptions NeedsFulfilment = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding;

    private static readonly Func<Adoption, bool> HasPersonalSponsor = Adoption.HasPersonalSponsor.Compile();

    public string Name => "term-ends";

    public TimeSpan Every => TimeSpan.FromHours(1);

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"ended {await RunAsync(cancellationToken)}";

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var over = await db.Adoptions.Where(a => a.Status == AdoptionStatus.Active && a.EndAt <= now)
            .Include(a => a.Sponsor).OrderBy(a => a.Id).Take(500).ToListAsync(cancellationToken);
        foreach (var adoption in over)
        {
            adoption.Status = AdoptionStatus.Ended;
            adoption.ClosedAt = now;
            if ((adoption.EndOfTermChoice & NeedsFulfilment) != 0 && adoption.Fulfilment == FulfilmentStatus.NotDue)
            {
                adoption.Fulfilment = FulfilmentStatus.Due;
            }

            if (!HasPersonalSponsor(adoption))
            {
                // An organisation's sheep end on its page, not with a mail each to its contact.
                continue;
            }

            Outbox.Queue(
                db, MailKinds.EndOfTerm, adoption.Sponsor.Email ?? "", adoption.Sponsor.DisplayName, adoption.Culture,
                new { AdoptionId = adoption.Id }, now, adoption.SponsorUserId, $"end-of-term:{adoption.Id}:{adoption.EndAt!.Value.UtcDateTime:yyyyMMdd}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await pages.SheepChangedAsync([.. over.Select(a => a.SheepId)], SheepPageChange.Profile, cancellationToken);
        return over.Count;
    }
}
