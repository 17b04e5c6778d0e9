using CsCheck;
using Sponsorship.Core.Organisations;

namespace Sponsorship.Core.Tests.Organisations;

public class CreditCodeTests
{
    public static TheoryData<string> RealCodes =>
    [
        "9144030071526726XG", // a company in Shenzhen
        "91330100799655058B", // a company in Hangzhou
        "91110000802100433B", // a company in Beijing
        "91350100M000100Y43", // a letter inside the organisation code
        "11110114000010962C", // the demo's Changping district office (government body, Changping 110114)
    ];

    private static readonly Gen<string> Bodies = Gen.Select(
        Gen.Char["123456789ABCDEFGY"], Gen.Char[CreditCode.Alphabet], Gen.Int[110000, 659999], Gen.Char[CreditCode.Alphabet].Array[9],
        (authority, kind, division, organisation) => $"{authority}{kind}{division}{new string(organisation)}");

    [Theory]
    [MemberData(nameof(RealCodes))]
    public void Real_codes_pass_the_check_character(string code)
    {
        Assert.Equal(CreditCodeError.None, CreditCode.Check(code));
        Assert.Equal(code[17], CreditCode.CheckCharacter(code.AsSpan(0, 17)));
    }

    [Fact]
    public void Codes_copied_with_spaces_and_lower_case_letters_are_read_as_the_code()
    {
        Assert.True(CreditCode.IsValid("9144 0300 7152 6726 xg"));
        Assert.Equal("9144030071526726XG", CreditCode.Normalize(" 9144-0300-7152-6726-xg "));
    }

    [Theory]
    [InlineData("", CreditCodeError.Empty)]
    [InlineData("9144030071526726X", CreditCodeError.WrongLength)]
    [InlineData("9144030071526726XGG", CreditCodeError.WrongLength)]
    [InlineData("9144030071526I26XG", CreditCodeError.BadCharacter)]
    [InlineData("9144030O71526726XG", CreditCodeError.BadCharacter)]
    [InlineData("Z144030071526726XG", CreditCodeError.BadCharacter)]
    [InlineData("H144030071526726XG", CreditCodeError.UnknownAuthority)]
    [InlineData("9144A30071526726XG", CreditCodeError.BadDivision)]
    [InlineData("9144030071526726XH", CreditCodeError.CheckCharacterMismatch)]
    [InlineData("9144030071526762XG", CreditCodeError.CheckCharacterMismatch)]
    public void Wrong_codes_say_what_is_wrong(string code, CreditCodeError error) =>
        Assert.Equal(error, CreditCode.Check(code));

    [Fact]
    public void Every_single_mistyped_character_of_a_real_code_is_caught()
    {
        foreach (var code in RealCodes)
        {
            for (var i = 0; i < 18; i++)
            {
                foreach (var c in CreditCode.Alphabet.Where(c => c != code[i]))
                {
                    var typo = string.Concat(code.AsSpan(0, i), c.ToString(), code.AsSpan(i + 1));
                    Assert.False(CreditCode.IsValid(typo), typo);
                }
            }
        }
    }

    [Fact]
    public void A_made_code_is_valid_and_any_swap_of_two_different_neighbours_in_it_is_caught() =>
        Bodies.Sample(body =>
        {
            var code = body + CreditCode.CheckCharacter(body);
            Assert.True(CreditCode.IsValid(code), code);
            for (var i = 0; i < 16; i++)
            {
                if (code[i] != code[i + 1])
                {
                    var swapped = string.Concat(code.AsSpan(0, i), code[i + 1].ToString(), code[i].ToString(), code.AsSpan(i + 2));
                    Assert.False(CreditCode.IsValid(swapped), swapped);
                }
            }
        }, iter: 2_000);
}
