using System.Globalization;
using Microsoft.Extensions.Localization;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Certificates;

/// <summary>Breed and sex names in both languages from Strings.resx, for the bilingual PDF.</summary>
public sealed class CertificateWording(IStringLocalizer<Strings> l) : ICertificateWording
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo(Cultures.Chinese);
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public (string Chinese, string English) Breed(Breed breed) => Both($"Breed.{breed}");

    public (string Chinese, string English) Sex(Sex sex) => Both($"Sex.{sex}");

    private (string, string) Both(string key) => (In(Chinese, key), In(English, key));

    private string In(CultureInfo culture, string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            return l[key];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
