using Sponsorship.Core.Certificates;

namespace Sponsorship.Core.Tests.Certificates;

public class CertificateCodesTests
{
    private readonly CertificateCodes codes = new("unit-test-key-unit-test-key-unit-test-key");

    [Fact]
    public void A_code_is_twelve_unambiguous_characters_and_the_same_every_time()
    {
        var code = codes.CodeFor("TBS-2026-000001");

        Assert.Equal(CertificateCodes.CodeLength, code.Length);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", code);
        Assert.Equal(code, codes.CodeFor("TBS-2026-000001"));
        Assert.True(codes.Verify("TBS-2026-000001", code));
        Assert.True(codes.Verify("TBS-2026-000001", code.ToLowerInvariant()));
    }

    [Fact]
    public void An_altered_code_fails()
    {
        var code = codes.CodeFor("TBS-2026-000001");
        for (var i = 0; i < code.Length; i++)
        {
            var altered = code[..i] + (code[i] == 'Z' ? 'Y' : 'Z') + code[(i + 1)..];
            Assert.False(codes.Verify("TBS-2026-000001", altered), altered);
        }

        Assert.False(codes.Verify("TBS-2026-000001", code[..^1]));
        Assert.False(codes.Verify("TBS-2026-000001", code + "0"));
        Assert.False(codes.Verify("TBS-2026-000001", null));
        Assert.False(codes.Verify("TBS-2026-000001", ""));
    }

    [Fact]
    public void A_code_for_one_serial_or_under_another_key_does_not_verify()
    {
        var code = codes.CodeFor("TBS-2026-000001");

        Assert.False(codes.Verify("TBS-2026-000002", code));
        Assert.False(new CertificateCodes("another-key-another-key-another-key!").Verify("TBS-2026-000001", code));
        Assert.NotEqual(code, codes.CodeFor("TBS-2026-000002"));
    }

    [Fact]
    public void The_verification_url_carries_the_serial_and_its_code()
    {
        Assert.Equal(
            $"https://sheep.example.cn/verify/TBS-2026-000001?c={codes.CodeFor("TBS-2026-000001")}",
            codes.VerificationUrl("https://sheep.example.cn/", "TBS-2026-000001"));
    }

    [Fact]
    public void A_short_key_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new CertificateCodes("too-short"));
        Assert.Contains("Certificates:HmacKey", error.Message, StringComparison.Ordinal);
    }
}
