using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Sponsorship.Core.Certificates;

/// <summary>
/// Several certificates in one PDF, a page each, added one at a time (<see cref="CertificateDocument.NewBook"/>): the
/// pages share the drawn frame and one subset of each font, so the book is much smaller than the single files together.
/// Not thread-safe: one book is filled by one caller.
/// </summary>
public sealed class CertificateBook : IDisposable
{
    private readonly CertificateDocument owner;
    private readonly PdfDocument document = new();
    private readonly XPdfForm shared;
    private CertificateContent? first;

    internal CertificateBook(CertificateDocument owner, byte[] frame)
    {
        this.owner = owner;
        shared = XPdfForm.FromStream(new MemoryStream(frame, writable: false));
        document.Info.Creator = "我在草原有只羊 · A Sheep on the Grassland";
        document.Options.CompressContentStreams = true;
        // zlib's default level: half the time of its best for about 1% more bytes.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.Default;
    }

    public int Pages { get; private set; }

    public void Add(CertificateContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        first ??= content;
        owner.AddPage(document, shared, content);
        Pages++;
    }

    public void Save(Stream output)
    {
        if (first is null)
        {
            throw new InvalidOperationException("There is no certificate in the book.");
        }

        document.Info.Title = Pages == 1 ? $"认养证书 Certificate of Adoption {first.Serial}" : $"认养证书 Certificates of Adoption ({Pages})";
        document.Info.Subject = Pages == 1 ? $"{first.SheepName} {first.EarTag}" : $"{Pages} certificates";
        document.Save(output, closeStream: false);
    }

    public void Dispose()
    {
        shared.Dispose();
        document.Dispose();
    }
}
