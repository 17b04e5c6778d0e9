using Sponsorship.Core.Adoptions;

namespace Sponsorship.Web.Features.Adoptions.CheckoutSteps;

/// <summary>
/// What the sponsor has chosen so far on the adopt page, shared by its step components. The checks on each step are
/// Core's own (<see cref="Checkout.NameProblem"/>, <see cref="Checkout.TermChoiceProblem(EndOfTermOptions, EndOfTermOptions, string, DeathPolicy)"/>),
/// shown on the step where the sponsor can fix them; the checkout makes them all again.
/// </summary>
public sealed class CheckoutDraft
{
    public const int PlanStep = 0;
    public const int NameStep = 1;
    public const int EndOfTermStep = 2;
    public const int DeathStep = 3;
    public const int ReviewStep = 4;

    public static readonly string[] StepNames = ["Checkout.Step.Plan", "Checkout.Step.Name", "Checkout.Step.EndOfTerm", "Checkout.Step.Death", "Checkout.Step.Review"];

    public static readonly EndOfTermOptions[] EndOptions =
        [EndOfTermOptions.MeatBox, EndOfTermOptions.Wool, EndOfTermOptions.KeepForBreeding, EndOfTermOptions.NothingFurther];

    public PlanChoice? Plan { get; private set; }
    public bool Gift { get; set; }
    public bool ShowName { get; set; }
    public string NameOnCertificate { get; set; } = "";
    public string GiftName { get; set; } = "";
    public string GiftEmail { get; set; } = "";
    public DateOnly GiftRevealOn { get; set; }
    public EndOfTermOptions EndChoice { get; set; }
    public string DeliveryAddress { get; set; } = "";
    public DeathPolicy DeathPolicy { get; set; } = DeathPolicy.Replacement;
    public string Provider { get; set; } = "";

    public void ChoosePlan(PlanChoice plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Plan = plan;
        if ((plan.Options & EndChoice) != EndChoice || EndChoice == EndOfTermOptions.None)
        {
            EndChoice = DefaultEnd(plan);
        }
    }

    /// <summary>What keeps the sponsor on <paramref name="step"/>, in the checkout's own words, or null.</summary>
    public CheckoutError? Problem(int step, DateOnly today)
    {
        var problem = step switch
        {
            PlanStep => Plan is null ? CheckoutError.PlanUnavailable : CheckoutError.None,
            NameStep => Gift
                ? Checkout.NameProblem(true, GiftName, GiftEmail, GiftRevealOn, today)
                : Checkout.NameProblem(false, NameOnCertificate, null, null, today),
            EndOfTermStep => Checkout.TermChoiceProblem(Plan!.Options, EndChoice, DeliveryAddress, DeathPolicy),
            _ => CheckoutError.None,
        };
        return problem == CheckoutError.None ? null : problem;
    }

    public CheckoutRequest ToRequest(int sheepId, string culture, string idempotencyKey) => new(
        sheepId, Plan?.Id ?? 0, NameOnCertificate, EndChoice, DeathPolicy, Provider, culture, idempotencyKey, DeliveryAddress, ShowName,
        Gift ? GiftName : null, Gift ? GiftEmail : null, Gift ? GiftRevealOn : null);

    /// <summary>Keeping the sheep for breeding needs no address, so it is the choice made for a sponsor who just clicks on.</summary>
    private static EndOfTermOptions DefaultEnd(PlanChoice plan) =>
        (plan.Options & EndOfTermOptions.KeepForBreeding) != 0 ? EndOfTermOptions.KeepForBreeding : EndOptions.First(o => (plan.Options & o) == o);
}
