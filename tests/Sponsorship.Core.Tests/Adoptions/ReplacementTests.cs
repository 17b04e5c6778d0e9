using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Adoptions;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Mail;

namespace Sponsorship.Core.Tests.Adoptions;

public class ReplacementTests(AdoptionDatabase database) : IClassFixture<AdoptionDatabase>
{
    private DateTimeOffset Now => database.Clock.GetUtcNow();

    /// <summary>An adoption under the replacement policy whose sheep died and whose death an admin confirmed.</summary>
    private async Task<(int AdoptionId, int DeadSheepId)> AwaitingReplacementAsync()
    {
        var (adoptionId, _) = await database.AdoptAsync();
        await database.ConfirmDeathAsync(adoptionId);
        return (adoptionId, (await database.AdoptionAsync(adoptionId)).SheepId);
    }

    [Fact]
    public async Task The_sponsor_chooses_a_free_sheep_the_adoption_moves_and_the_old_certificate_is_revoked()
    {
        var (adoptionId, dead) = await AwaitingReplacementAsync();
        Assert.Null(await database.Replacements().ChoicesAsync(adoptionId, database.SponsorB));
        var choice = await database.Replacements().ChoicesAsync(adoptionId, database.SponsorA);
        Assert.NotNull(choice);
        Assert.InRange(choice.Candidates.Count, 1, Replacements.MaxCandidates);
        Assert.Equal(choice.Breed, choice.Candidates[0].Breed);
        Assert.DoesNotContain(choice.Candidates, c => c.Id == dead);
        var pick = choice.Candidates[0].Id;

        Assert.Equal(ReplacementError.NotFound, (await database.Replacements().ChooseAsync(adoptionId, database.SponsorB, pick)).Error);
        var result = await database.Replacements().ChooseAsync(adoptionId, database.SponsorA, pick);

        Assert.Equal(ReplacementError.None, result.Error);
        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((pick, (int?)dead, (DateTimeOffset?)null, AdoptionStatus.Active), (adoption.SheepId, adoption.ReplacedSheepId, adoption.ReplacementDueAt, adoption.Status));
        await using var db = await database.CreateDbContextAsync();
        var certificates = await db.Certificates.Where(c => c.AdoptionId == adoptionId).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([CertificateStatus.Revoked, CertificateStatus.Valid], certificates.Select(c => c.Status));
        Assert.Equal((dead, pick), (certificates[0].SheepId, certificates[1].SheepId));
        Assert.Single(await database.MailsAsync(MailKinds.ReplacementAssigned, adoptionId));
        Assert.Null(await database.Replacements().ChoicesAsync(adoptionId, database.SponsorA));
        Assert.Equal(ReplacementError.NotAwaiting, (await database.Replacements().ChooseAsync(adoptionId, database.SponsorA, pick)).Error);
    }

    [Fact]
    public async Task A_sheep_someone_else_holds_is_refused_as_just_taken_and_nothing_changes()
    {
        var (adoptionId, dead) = await AwaitingReplacementAsync();
        var (otherAdoption, _) = await database.AdoptAsync(database.SponsorB);
        var held = (await database.AdoptionAsync(otherAdoption)).SheepId;

        var result = await database.Replacements().ChooseAsync(adoptionId, database.SponsorA, held);

        Assert.Equal(ReplacementError.SheepTaken, result.Error);
        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((dead, (int?)null), (adoption.SheepId, adoption.ReplacedSheepId));
        Assert.NotNull(adoption.ReplacementDueAt);
        Assert.Equal([CertificateStatus.Valid], await database.CertificatesAsync(adoptionId));
        Assert.Equal(ReplacementError.SheepUnavailable, (await database.Replacements().ChooseAsync(adoptionId, database.SponsorA, dead)).Error);
    }

    [Fact]
    public async Task A_sheep_its_herder_has_reported_dead_is_neither_offered_nor_accepted_while_the_report_waits()
    {
        var (adoptionId, _) = await AwaitingReplacementAsync();
        var offered = (await database.Replacements().ChoicesAsync(adoptionId, database.SponsorA))!.Candidates[0].Id;
        await using (var db = await database.CreateDbContextAsync())
        {
            db.AnimalLogs.Add(new AnimalLog
            {
                SheepId = offered, Kind = LogKind.Death, At = Now, RecordedAt = Now, IdempotencyKey = Guid.NewGuid().ToString("N"),
                Notes = "Found after the blizzard", RemovalReason = RemovalReason.NaturalDeath, Review = ReviewStatus.Pending,
            });
            await db.SaveChangesAsync();
        }

        var choice = await database.Replacements().ChoicesAsync(adoptionId, database.SponsorA);
        var result = await database.Replacements().ChooseAsync(adoptionId, database.SponsorA, offered);

        Assert.DoesNotContain(choice!.Candidates, c => c.Id == offered);
        Assert.Equal(ReplacementError.SheepUnavailable, result.Error);
        Assert.NotNull((await database.AdoptionAsync(adoptionId)).ReplacementDueAt);
    }

    [Fact]
    public async Task After_14_days_without_a_choice_a_free_sheep_of_the_same_breed_is_assigned()
    {
        var (adoptionId, dead) = await AwaitingReplacementAsync();
        var job = new ReplacementDeadlines(database.DbFactory, database.Calendar);
        Assert.Equal(0, await Assigned(job, adoptionId));

        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Adoptions.Where(a => a.Id == adoptionId).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReplacementDueAt, Now.AddMinutes(-1)));
        }

        Assert.Equal(1, await Assigned(job, adoptionId));
        var adoption = await database.AdoptionAsync(adoptionId);
        Assert.Equal((int?)dead, adoption.ReplacedSheepId);
        Assert.NotEqual(dead, adoption.SheepId);
        await using var check = await database.CreateDbContextAsync();
        var breeds = await check.Sheep.Where(s => s.Id == dead || s.Id == adoption.SheepId).Select(s => new { s.Id, s.Breed, s.ArchivedAt }).ToListAsync();
        Assert.Single(breeds.Select(b => b.Breed).Distinct());
        Assert.Null(breeds.Single(b => b.Id == adoption.SheepId).ArchivedAt);
        Assert.Equal([CertificateStatus.Revoked, CertificateStatus.Valid], await database.CertificatesAsync(adoptionId));
    }

    private async Task<int> Assigned(ReplacementDeadlines job, int adoptionId)
    {
        await job.RunAsync();
        return (await database.AdoptionAsync(adoptionId)).ReplacedSheepId is null ? 0 : 1;
    }
}
