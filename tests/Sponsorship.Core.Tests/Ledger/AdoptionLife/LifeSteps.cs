using CsCheck;

namespace Sponsorship.Core.Tests.Ledger;

public enum StepKind
{
    Checkout,
    Capture,
    CaptureWrongAmount,
    Decline,
    ReplayNotice,
    Weigh,
    Photo,
    Review,
    Death,
    ChooseReplacement,
    Renew,
    Wait,
    WaitForTermEnd,
    RunJob,
    RunDueJobs,
    DraftPayout,
    ApprovePayout,
    ExportPayout,
    DiscardPayout,
    ConfirmLine,
    FailLine,
}

/// <summary>One thing that happens in an adoption's life; <see cref="A"/> and <see cref="B"/> pick its target and details.</summary>
public readonly record struct LifeStep(StepKind Kind, int A, int B)
{
    public override string ToString() => $"{Kind}({A},{B})";
}

/// <summary>
/// A sequence of steps, then the order the jobs that move money or close adoptions (indices into
/// <see cref="LifeProgramme.Jobs"/>: 0 reservation expiry, 1 term ends, 2 releases, 3 replacement deadlines) run in at
/// the very end, when every term is over.
/// </summary>
public sealed record LifeStory(LifeStep[] Steps, int[] FinalJobOrder)
{
    public override string ToString() => $"[{string.Join(", ", Steps)}] then jobs [{string.Join(", ", FinalJobOrder)}]";
}

public static class LifeSteps
{
    public const int Jobs = 7;

    /// <summary>The first jobs of <see cref="LifeProgramme.Jobs"/>, those that move money or close adoptions; the others only queue mail.</summary>
    public const int MoneyJobs = 4;

    private static readonly Gen<StepKind> Kinds = Gen.Frequency(
        (5, StepKind.Checkout), (5, StepKind.Capture), (1, StepKind.CaptureWrongAmount),
        (1, StepKind.Decline), (1, StepKind.ReplayNotice), (2, StepKind.Weigh), (2, StepKind.Photo),
        (2, StepKind.Review), (2, StepKind.Death), (1, StepKind.ChooseReplacement), (2, StepKind.Renew),
        (4, StepKind.Wait), (2, StepKind.WaitForTermEnd), (5, StepKind.RunJob), (1, StepKind.RunDueJobs),
        (1, StepKind.DraftPayout), (1, StepKind.ApprovePayout), (1, StepKind.ExportPayout),
        (1, StepKind.DiscardPayout), (1, StepKind.ConfirmLine), (1, StepKind.FailLine));

    public static readonly Gen<LifeStep> LifeStep = Gen.Select(Kinds, Gen.Int[0, 1_000], Gen.Int[0, 1_000]).Select((kind, a, b) => new LifeStep(kind, a, b));

    /// <summary>Stories of 1 to <paramref name="maxSteps"/> steps; the final job order is a permutation of the money jobs.</summary>
    public static Gen<LifeStory> Stories(int maxSteps) =>
        Gen.Select(LifeStep.Array[1, maxSteps], Gen.Int[0, 1_000].Array[MoneyJobs])
            .Select((steps, keys) => new LifeStory(steps, [.. Enumerable.Range(0, MoneyJobs).OrderBy(i => keys[i]).ThenBy(i => i)]));
}
