using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Sponsorship.Core.Adoptions;

namespace Sponsorship.Core.Organisations;

/// <summary>
/// What the contact chose for an order: the plan and how many sheep (picked by the platform across households, or
/// <see cref="SheepIds"/> chosen from the catalogue), whose names the certificates carry, the end-of-term choice and
/// death policy for all of them, and how the organisation pays.
/// </summary>
public sealed record OrderRequest(
    int OrganisationId,
    int PlanId,
    int Quantity,
    CertificateNames Names,
    IReadOnlyList<NameEntry> NameList,
    EndOfTermOptions EndOfTermChoice,
    DeathPolicy DeathPolicy,
    string Provider,
    string Culture,
    string IdempotencyKey,
    string DeliveryAddress = "",
    IReadOnlyList<int>? SheepIds = null,
    DateOnly? GiftRevealOn = null)
{
    /// <summary>A fingerprint of the request without its key: the same key with a different request is refused.</summary>
    public string Fingerprint(string userId)
    {
        var text = string.Join(
            '\u001f',
            userId, OrganisationId.ToString(CultureInfo.InvariantCulture), PlanId.ToString(CultureInfo.InvariantCulture),
            Quantity.ToString(CultureInfo.InvariantCulture), Names.ToString(),
            string.Join('\u001e', NameList.Select(n => $"{n.Name?.Trim()}\u001d{n.Email?.Trim()}")),
            EndOfTermChoice.ToString(), DeathPolicy.ToString(), Provider, DeliveryAddress.Trim(),
            string.Join(',', SheepIds ?? []), GiftRevealOn?.ToString("O", CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

public enum OrderError
{
    None = 0,
    KeyMissing,

    /// <summary>The idempotency key was used before for a different request.</summary>
    KeyReused,

    /// <summary>No such organisation, or the user is not its contact.</summary>
    NotFound,

    /// <summary>An administrator refused the organisation's registration.</summary>
    OrganisationRejected,

    /// <summary>Fewer than one or more than the most one order may hold.</summary>
    QuantityOutOfRange,

    PlanUnavailable,
    NoSplitRule,
    ProviderUnavailable,

    /// <summary>Bank transfer with days to pay is for verified organisations; others pay at once.</summary>
    BankNeedsVerification,

    /// <summary>The list of names or recipients does not have one line per sheep.</summary>
    NamesCountMismatch,

    /// <summary>A name or e-mail in the list is wrong; <see cref="OrderResult.NameErrors"/> says where.</summary>
    NameListInvalid,

    GiftRevealDateInPast,

    /// <summary>The end-of-term choice, delivery address or death policy; <see cref="OrderResult.Choice"/> says which.</summary>
    TermChoice,

    /// <summary>The same sheep is chosen twice.</summary>
    SheepChosenTwice,

    /// <summary>A chosen sheep does not exist or has left the flock.</summary>
    SheepUnavailable,

    /// <summary>Someone holds a chosen sheep; <see cref="OrderResult.TakenEarTags"/> says which. Nothing was held.</summary>
    SheepTaken,

    /// <summary>Fewer free sheep than asked for; <see cref="OrderResult.Available"/> says how many there are.</summary>
    NotEnoughSheep,

    /// <summary>Not running, not yet in the last 30 days of the term, or no sheep of it is alive.</summary>
    NotRenewable,
}

/// <summary>How placing an order went: on success the order, its payment reference and where the contact goes to pay.</summary>
public sealed record OrderResult(
    OrderError Error, int OrderId = 0, string PaymentReference = "", string RedirectUrl = "",
    CheckoutError Choice = CheckoutError.None, IReadOnlyList<NameListError>? NameErrors = null,
    IReadOnlyList<string>? TakenEarTags = null, int Available = 0)
{
    public bool Succeeded => Error == OrderError.None;
}
