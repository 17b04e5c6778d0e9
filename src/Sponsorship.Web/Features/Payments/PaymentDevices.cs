using QRCoder;
using Sponsorship.Core.Payments;

namespace Sponsorship.Web.Features.Payments;

/// <summary>Small helpers of the payment pages: which device the sponsor is on, and a QR code drawn as inline SVG.</summary>
public static class PaymentDevices
{
    private static readonly string[] PhoneMarks = ["Mobile", "Android", "iPhone", "iPad", "MicroMessenger", "HarmonyOS"];

    /// <summary>A phone or tablet browser gets the providers' mobile pages (WeChat Pay H5, Alipay wap.pay); anything else a QR code.</summary>
    public static PaymentDevice Of(string? userAgent) =>
        userAgent is not null && PhoneMarks.Any(m => userAgent.Contains(m, StringComparison.OrdinalIgnoreCase)) ? PaymentDevice.Phone : PaymentDevice.Desktop;

    /// <summary>The QR code of <paramref name="content"/> as an SVG that scales with its box.</summary>
    public static string QrSvg(string content)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#1b1b1b", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
