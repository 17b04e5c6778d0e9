using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Mail;

namespace Sponsorship.Web.Features.Certificates;

/// <summary>The adoption confirmation mail's attachment: the adoption's valid certificate (the PDF is bilingual).</summary>
public sealed class CertificateMailAttachments(IServiceScopeFactory scopes, IOptions<AppOptions> options) : IMailAttachmentSource
{
    public async Task<MailPart?> CertificateAsync(int adoptionId, string culture, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var pdf = await scope.ServiceProvider.GetRequiredService<CertificateFiles>()
            .ForAdoptionAsync(adoptionId, options.Value.PublicBaseUrl, cancellationToken);
        return pdf is null ? null : new MailPart(pdf.FileName, "application/pdf", pdf.Content);
    }
}
