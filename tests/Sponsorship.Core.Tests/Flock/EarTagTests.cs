using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class EarTagTests
{
    [Theory]
    [InlineData("315252723000001", "152527", 23_000_001)]
    [InlineData("315252700000001", "152527", 1)]
    [InlineData("315252799999999", "152527", 99_999_999)]
    [InlineData("311010112345678", "110101", 12_345_678)]
    [InlineData("365010200000042", "650102", 42)]
    [InlineData("  315252723000001 ", "152527", 23_000_001)]
    public void Good_tags_parse_into_county_and_sequence(string text, string county, int sequence)
    {
        Assert.True(EarTag.TryParse(text, out var tag, out var error));

        Assert.Equal(EarTagError.None, error);
        Assert.Equal(county, tag.Value.CountyCode);
        Assert.Equal(sequence, tag.Value.Sequence);
        Assert.Equal(text.Trim(), tag.Value.Value);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(23_000_001)]
    [InlineData(99_999_999)]
    public void Taibus_tags_are_15_digits_and_parse_back_to_themselves(int sequence)
    {
        var tag = EarTag.ForTaibus(sequence);

        Assert.Equal(EarTag.Length, tag.Value.Length);
        Assert.StartsWith("3152527", tag.Value, StringComparison.Ordinal);
        Assert.True(EarTag.TryParse(tag.Value, out var parsed, out _));
        Assert.Equal(tag, parsed);
    }

    [Theory]
    [InlineData(null, EarTagError.Empty)]
    [InlineData("", EarTagError.Empty)]
    [InlineData("   ", EarTagError.Empty)]
    [InlineData("31525272300000A", EarTagError.NotDigits)]
    [InlineData("CN3152527230000", EarTagError.NotDigits)]
    [InlineData("315252 72300001", EarTagError.NotDigits)]
    [InlineData("３１５２５２７２３０００００１", EarTagError.NotDigits)]
    [InlineData("31525272300001", EarTagError.WrongLength)]
    [InlineData("3152527230000001", EarTagError.WrongLength)]
    [InlineData("115252723000001", EarTagError.NotSheep)]
    [InlineData("215252723000001", EarTagError.NotSheep)]
    [InlineData("399252723000001", EarTagError.UnknownRegion)]
    [InlineData("310252723000001", EarTagError.UnknownRegion)]
    [InlineData("300000023000001", EarTagError.UnknownRegion)]
    [InlineData("315250023000001", EarTagError.NotACounty)]
    [InlineData("315000023000001", EarTagError.NotACounty)]
    [InlineData("315252700000000", EarTagError.ZeroSequence)]
    public void Bad_tags_are_rejected_with_the_reason(string? text, EarTagError expected)
    {
        Assert.False(EarTag.TryParse(text, out var tag, out var error));

        Assert.Equal(expected, error);
        Assert.Null(tag);
    }
}
