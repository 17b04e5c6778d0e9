using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sponsorship.Core.Adoptions;

/// <summary>Everything the sponsor chose at checkout. A gift has a recipient's name, email and reveal date.</summary>
public sealed record CheckoutRequest(
    int SheepId,
    int PlanId,
    string NameOnCertificate,
    EndOfTermOptions EndOfTermChoice,
    DeathPolicy DeathPolicy,
    string Provider,
    string Culture,
    string IdempotencyKey,
    string DeliveryAddress = "",
    bool ShowNameOnVerification = false,
    string? GiftRecipientName = null,
    string? GiftRecipientEmail = null,
    DateOnly? GiftRevealOn = null)
{
    public bool IsGift => !string.IsNullOrWhiteSpace(GiftRecipientEmail) || !string.IsNullOrWhiteSpace(GiftRecipientName);

    /// <summary>A fingerprint of the request without its key: the same key with a different request is refused.</summary>
    public string Fingerprint(string sponsorUserId)
    {
        var text = string.Join(
            '\u001f',
            sponsorUserId, SheepId.ToString(CultureInfo.InvariantCulture), PlanId.ToString(CultureInfo.InvariantCulture),
            NameOnCertificate.Trim(), EndOfTermChoice.ToString(), DeathPolicy.ToString(), Provider, DeliveryAddress.Trim(),
            ShowNameOnVerification ? "1" : "0", GiftRecipientName?.Trim() ?? "", GiftRecipientEmail?.Trim() ?? "",
            GiftRevealOn?.ToString("O", CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

public enum CheckoutError
{
    None = 0,
    SheepNotFound,

    /// <summary>The sheep has died, been sold or otherwise left the flock.</summary>
    SheepUnavailable,

    /// <summary>Someone else holds it (paying or adopted): lost the race, or it was never free.</summary>
    SheepTaken,

    PlanUnavailable,
    NoSplitRule,
    NameRequired,
    NameTooLong,
    GiftRecipientRequired,
    GiftEmailInvalid,
    GiftRevealDateInPast,
    EndOfTermNotOffered,
    DeliveryAddressRequired,

    /// <summary>The delivery address is longer than <see cref="Checkout.MaxDeliveryAddressLength"/> characters.</summary>
    DeliveryAddressTooLong,
    DeathPolicyRequired,
    ProviderUnavailable,

    /// <summary>A herder reported the sheep dead or gone; until an administrator decides, nobody can adopt it.</summary>
    SheepRemovalPending,

    /// <summary>The idempotency key was used before for a different request.</summary>
    KeyReused,
    KeyMissing,
}

/// <summary>How a checkout went: on success, the adoption and where the sponsor goes to pay.</summary>
public sealed record CheckoutResult(CheckoutError Error, int AdoptionId = 0, string PaymentReference = "", string RedirectUrl = "")
{
    public bool Succeeded => Error == CheckoutError.None;
}
