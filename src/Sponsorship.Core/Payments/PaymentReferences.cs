using System.Security.Cryptography;

namespace Sponsorship.Core.Payments;

/// <summary>References a person may have to read out or type into a bank form: no 0/O, 1/I/L or U confusion.</summary>
public static class PaymentReferences
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>"TB" and ten characters (50 random bits): short enough to quote, far too many to guess.</summary>
    public static string New() => "TB" + RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>A refund's reference ("RF" and ten characters), which the provider also uses to pay each refund once.</summary>
    public static string NewRefund() => "RF" + RandomNumberGenerator.GetString(Alphabet, 10);
}
