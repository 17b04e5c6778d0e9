using System.Security.Cryptography;

namespace Sponsorship.Core.Payments;

/// <summary>
/// The keys of both sides of the Development gateway emulators, generated when the app starts and never stored: the
/// merchant's and WeChat Pay's RSA keys and the APIv3 key, the Alipay app's and Alipay's RSA keys. The app is
/// configured with its halves (<see cref="Configure"/>); the emulators keep WeChat Pay's and Alipay's private keys.
/// </summary>
public sealed class GatewayEmulatorKeys : IDisposable
{
    public const string MerchantId = "1900009191";
    public const string WeChatAppId = "wxdevemulator0001";
    public const string MerchantSerial = "DEV0000000000000000000000000000000EMULATOR";
    public const string PlatformKeyId = "PUB_KEY_ID_DEV_EMULATOR";
    public const string AlipayAppId = "2021000000000001";
    public const string AlipaySellerId = "2088000000000001";

    public RSA WeChatMerchant { get; } = RSA.Create(2048);

    public RSA WeChatPlatform { get; } = RSA.Create(2048);

    public string ApiV3Key { get; } = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 32);

    public RSA AlipayApp { get; } = RSA.Create(2048);

    public RSA AlipayPlatform { get; } = RSA.Create(2048);

    /// <summary>Points the app's WeChat Pay and Alipay settings at the emulators under <paramref name="publicBaseUrl"/>.</summary>
    public void Configure(PaymentOptions options, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = publicBaseUrl.TrimEnd('/');
        options.WeChat = new PaymentOptions.WeChatPaySettings
        {
            MerchantId = MerchantId,
            AppId = WeChatAppId,
            MerchantPrivateKey = RsaKeys.PrivatePem(WeChatMerchant),
            MerchantCertificateSerial = MerchantSerial,
            ApiV3Key = ApiV3Key,
            PlatformPublicKey = RsaKeys.PublicPem(WeChatPlatform),
            PlatformPublicKeyId = PlatformKeyId,
            GatewayBaseUrl = root + WeChatPayEmulator.BasePath,
        };
        options.Alipay = new PaymentOptions.AlipaySettings
        {
            AppId = AlipayAppId,
            AppPrivateKey = RsaKeys.PrivatePem(AlipayApp),
            AlipayPublicKey = RsaKeys.PublicPem(AlipayPlatform),
            SellerId = AlipaySellerId,
            GatewayUrl = root + AlipayEmulator.GatewayPath,
        };
    }

    public void Dispose()
    {
        WeChatMerchant.Dispose();
        WeChatPlatform.Dispose();
        AlipayApp.Dispose();
        AlipayPlatform.Dispose();
    }
}
