using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Certificates;

/// <summary>The names of domain values in Chinese and English, from the app's resources, for the bilingual certificate.</summary>
public interface ICertificateWording
{
    (string Chinese, string English) Breed(Breed breed);

    (string Chinese, string English) Sex(Sex sex);
}
