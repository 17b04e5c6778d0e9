namespace Sponsorship.Core.Organisations;

/// <summary>The <c>Organisations</c> configuration section.</summary>
public sealed class OrganisationOptions
{
    public const string Section = "Organisations";

    /// <summary>How many days a verified organisation has to pay an order by bank transfer; its sheep are held that long.</summary>
    public int CreditDays { get; set; } = 15;

    /// <summary>The most sheep one order may hold.</summary>
    public int MaxOrderSize { get; set; } = 500;

    /// <summary>Certificates rendered between two progress updates of a bundle.</summary>
    public int BundleProgressEvery { get; set; } = 10;
}
