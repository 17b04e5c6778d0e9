using System.Collections.Concurrent;
using CsCheck;
using Xunit.Abstractions;

namespace Sponsorship.Core.Tests.Ledger;

/// <summary>
/// The model-based test of a whole adoption's life. Random stories — checkouts, signed captures (late, replayed, of the
/// wrong amount), declines, herders' weighings and photos, reviews, deaths under each policy and their refunds,
/// replacements, renewals, waits of a minute to most of a year (and to the minute around a term's end), the scheduled
/// jobs one by one in random order or all that are due, payout drafts, approvals by a second admin, exports, bank
/// confirmations and failures — run through the app's own use cases on a real SQLite file and, side by side, through
/// <see cref="LifeOracle"/>, which works the money out the plain way. See <see cref="LifeRun"/> for what is checked.
/// </summary>
/// <remarks>
/// 2,000 stories of up to <see cref="DefaultMaxSteps"/> steps run in CI, one thread per core, each thread on its own
/// SQLite file. A longer run:
/// <c>CsCheck_Iter=100000 AdoptionLife_MaxSteps=60 dotnet test tests/Sponsorship.Core.Tests --filter AdoptionLifeModelTests</c>
/// (or <c>CsCheck_Time=3600</c> for an hour). A failure prints the shrunk story and its seed; replay just that story with
/// <c>CsCheck_Seed=&lt;seed&gt; CsCheck_Iter=1</c> and the same command (the same <c>AdoptionLife_MaxSteps</c> too).
/// </remarks>
public class AdoptionLifeModelTests(ITestOutputHelper output)
{
    public const int DefaultSequences = 2_000;
    public const int DefaultMaxSteps = 14;

    [Fact]
    public async Task Every_fen_of_two_thousand_random_adoption_lives_reaches_the_household_village_cooperative_platform_or_the_sponsor()
    {
        var maxSteps = int.TryParse(Environment.GetEnvironmentVariable("AdoptionLife_MaxSteps"), out var steps) ? steps : DefaultMaxSteps;
        var configured = Environment.GetEnvironmentVariable("CsCheck_Iter") is not null || Environment.GetEnvironmentVariable("CsCheck_Time") is not null;

        // One programme (its own SQLite file) per thread: each story takes a free one and resets it, so a story's
        // outcome does not depend on which programme or thread ran it, and its seed replays it.
        var free = new ConcurrentBag<LifeProgramme>();
        var created = new ConcurrentBag<LifeProgramme>();
        try
        {
            await LifeSteps.Stories(maxSteps).SampleAsync(
                async story =>
                {
                    if (!free.TryTake(out var programme))
                    {
                        programme = await LifeProgramme.CreateAsync();
                        created.Add(programme);
                    }

                    try
                    {
                        await programme.ResetAsync();
                        await new LifeRun(programme).PlayAsync(story);
                    }
                    finally
                    {
                        free.Add(programme);
                    }
                },
                writeLine: output.WriteLine, iter: configured ? -1 : DefaultSequences, print: story => story.ToString());
        }
        finally
        {
            foreach (var programme in created)
            {
                await programme.DisposeAsync();
            }
        }

    }
}
