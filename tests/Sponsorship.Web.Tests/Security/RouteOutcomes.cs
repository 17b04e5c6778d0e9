using System.Net;

namespace Sponsorship.Web.Tests.Security;

/// <summary>What a principal must get from a route: the exact status, where a redirect goes, what a page shows.</summary>
public abstract record Outcome
{
    /// <summary>302 to the sign-in page, carrying the asked-for address as ReturnUrl.</summary>
    public static Outcome SignIn { get; } = new SignInFirst();

    /// <summary>302 to the access-denied page, carrying the asked-for address as ReturnUrl.</summary>
    public static Outcome Denied { get; } = new AccessDenied();

    /// <summary>404, and none of the owner's content (someone else's thing answers like one that does not exist).</summary>
    public static Outcome NotFound { get; } = new Status(HttpStatusCode.NotFound);

    /// <summary>400: the request got past authorization to the form or endpoint, which refused it.</summary>
    public static Outcome BadRequest { get; } = new Status(HttpStatusCode.BadRequest);

    /// <summary>200 showing <paramref name="content"/> (the owner's thing, or what the page is for).</summary>
    public static Outcome Ok(Func<RouteFixtures, string> content) => new Shows(content);

    public static Outcome Ok(string content) => new Shows(_ => content);

    /// <summary>A redirect (302, or the given status) to exactly <paramref name="location"/>.</summary>
    public static Outcome Redirect(Func<RouteFixtures, string> location, HttpStatusCode status = HttpStatusCode.Redirect) =>
        new RedirectTo(location, status);

    public static Outcome Redirect(string location) => new RedirectTo(_ => location, HttpStatusCode.Redirect);

    public static Outcome Code(HttpStatusCode status) => new Status(status);

    /// <summary>Whether the principal was let through to do what the route does (its POST may change things).</summary>
    public virtual bool Permitted => true;

    public sealed record SignInFirst : Outcome
    {
        public override bool Permitted => false;
    }

    public sealed record AccessDenied : Outcome
    {
        public override bool Permitted => false;
    }

    public sealed record Status(HttpStatusCode StatusCode) : Outcome
    {
        public override bool Permitted => (int)StatusCode < 400;
    }

    /// <summary>The same, and not showing <paramref name="hidden"/> (someone else's thing that a page for everyone must leave out).</summary>
    public Outcome Without(Func<RouteFixtures, string> hidden) =>
        this is Shows shows ? shows with { Hidden = hidden } : throw new InvalidOperationException("Only a page that shows something can leave something out.");

    public sealed record Shows(Func<RouteFixtures, string> Content) : Outcome
    {
        public Func<RouteFixtures, string>? Hidden { get; init; }
    }

    public sealed record RedirectTo(Func<RouteFixtures, string> Location, HttpStatusCode StatusCode) : Outcome;
}

/// <summary>The exact outcome for each of the six principals.</summary>
public sealed record Expect(Outcome Anonymous, Outcome SponsorA, Outcome SponsorB, Outcome HerderA, Outcome HerderB, Outcome Admin)
{
    public Outcome For(Principal principal) => principal switch
    {
        Principal.Anonymous => Anonymous,
        Principal.SponsorA => SponsorA,
        Principal.SponsorB => SponsorB,
        Principal.HerderA => HerderA,
        Principal.HerderB => HerderB,
        _ => Admin,
    };

    /// <summary>The same for everyone, signed in or not.</summary>
    public static Expect Everyone(Outcome outcome) => new(outcome, outcome, outcome, outcome, outcome, outcome);

    /// <summary>Anonymous visitors sign in first; every signed-in principal gets <paramref name="outcome"/>.</summary>
    public static Expect SignedIn(Outcome outcome) => new(Outcome.SignIn, outcome, outcome, outcome, outcome, outcome);

    /// <summary>Administrators only: others signed in are denied.</summary>
    public static Expect Admins(Outcome admin) =>
        new(Outcome.SignIn, Outcome.Denied, Outcome.Denied, Outcome.Denied, Outcome.Denied, admin);

    /// <summary>Herders only, each seeing their own household's things.</summary>
    public static Expect Herders(Outcome herderA, Outcome herderB) =>
        new(Outcome.SignIn, Outcome.Denied, Outcome.Denied, herderA, herderB, Outcome.Denied);

    /// <summary>Sponsors only, each seeing their own adoptions.</summary>
    public static Expect Sponsors(Outcome sponsorA, Outcome sponsorB) =>
        new(Outcome.SignIn, sponsorA, sponsorB, Outcome.Denied, Outcome.Denied, Outcome.Denied);

    /// <summary>Anyone signed in may ask, but only sponsor A (the owner) is answered; the others get 404.</summary>
    public static Expect OwnerOnly(Outcome owner) =>
        new(Outcome.SignIn, owner, Outcome.NotFound, Outcome.NotFound, Outcome.NotFound, Outcome.NotFound);
}
