namespace Sponsorship.Core.Privacy;

/// <summary>The <c>Privacy</c> configuration section.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>
    /// The key that encrypts bank account numbers at rest (<c>Privacy:AccountNumberKey</c>): base64 of 32 random bytes
    /// (<c>openssl rand -base64 32</c>). Required outside Development. Keep it with the database backups but not in
    /// them: without it the numbers cannot be read, and a changed key makes every stored number unreadable.
    /// </summary>
    public string AccountNumberKey { get; set; } = "";
}
