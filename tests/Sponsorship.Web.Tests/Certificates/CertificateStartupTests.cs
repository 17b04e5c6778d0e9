using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Certificates;

namespace Sponsorship.Web.Tests.Certificates;

public class CertificateStartupTests
{
    [Fact]
    public void Production_without_the_verification_key_does_not_start_and_names_the_setting()
    {
        using var factory = new ProductionApp(hmacKey: null);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Certificates:HmacKey", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_key_is_refused_and_a_long_one_accepted()
    {
        var validation = new CertificateOptionsValidation();

        var refused = validation.Validate(null, new CertificateOptions { HmacKey = "short" });
        Assert.True(refused.Failed);
        Assert.Contains("Certificates:HmacKey", refused.FailureMessage, StringComparison.Ordinal);
        Assert.True(validation.Validate(null, new CertificateOptions { HmacKey = new string('k', CertificateCodes.MinimumKeyLength) }).Succeeded);
    }

    [Fact]
    public async Task Development_signs_with_its_embedded_key()
    {
        await using var factory = new SponsorshipAppFactory();

        var options = factory.Services.GetRequiredService<IOptions<CertificateOptions>>().Value;

        Assert.Equal(CertificateSetup.DevelopmentHmacKey, options.HmacKey);
        Assert.True(File.Exists(Path.Combine(options.FontDirectory, "CertificateKai-Common.ttf")), options.FontDirectory);
    }

    private sealed class ProductionApp(string? hmacKey) : SponsorshipAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            if (hmacKey is not null)
            {
                builder.UseSetting("Certificates:HmacKey", hmacKey);
            }
        }
    }
}
