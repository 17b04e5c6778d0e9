using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Data;
using Sponsorship.Core.Jobs;
using Sponsorship.Core.Ledger;
using Sponsorship.Core.Mail;
using Sponsorship.Core.PublicPages;

namespace Sponsorship.Core.Adoptions;

/// <summary>
/// Closes adoptions whose term is over: the status becomes Ended, the rest of the herder's share is released (in the same
/// transaction, so an ended adoption never keeps money held), a meat box, wool or keeping the sheep for breeding is put
/// on the fulfilment list, and the sponsor gets the end-of-term mail. The release job releases a term's end on its own
/// too (<see cref="CareReleaseJob"/>): whichever runs first, the share is released once.
/// </summary>
public sealed class TermEnds(IDbContextFactory<SponsorshipDbContext> dbFactory, TimeProvider clock, IPublicPageChanges? publicPages = null)
    : IScheduledJob
{
    private readonly IPublicPageChanges pages = publicPages ?? NoPublicPageCache.Instance;

    private const EndOfTermOptions NeedsFulfilment = EndOfTermOptions.MeatBox | EndOfTermOptions.Wool | EndOfTermOptions.KeepForBreeding;

    private static readonly Func<Adoption, bool> HasPersonalSponsor = Adoption.HasPersonalSponsor.Compile();

    public string Name => "term-ends";

    public JobSchedule Schedule => JobSchedule.Hourly;

    async Task<string> IScheduledJob.RunAsync(CancellationToken cancellationToken) =>
        $"ended {await RunAsync(cancellationToken)}";

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var endedSheep = await LedgerWrites.RunAsync(dbFactory, async db =>
        {
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

                await ShareReleases.ReleaseEndedTermsAsync(db, adoption, now, cancellationToken);
                if (!HasPersonalSponsor(adoption))
                {
                    // An organisation's sheep end on its page, not with a mail each to its contact.
                    continue;
                }

                Outbox.Queue(
                    db, new EndOfTermPayload(adoption.Id), adoption.Sponsor, now, $"end-of-term:{adoption.Id}:{adoption.EndAt!.Value.UtcDateTime:yyyyMMdd}");
            }

            return over.Select(a => a.SheepId).ToList();
        }, cancellationToken);

        await pages.SheepChangedAsync(endedSheep, SheepPageChange.Profile, cancellationToken);
        return endedSheep.Count;
    }
}
