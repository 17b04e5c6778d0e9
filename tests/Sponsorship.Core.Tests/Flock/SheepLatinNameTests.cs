using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;

namespace Sponsorship.Core.Tests.Flock;

public class SheepLatinNameTests(FlockDatabase database) : IClassFixture<FlockDatabase>
{
    private readonly SheepNaming naming = new(database.DbFactory);

    [Theory]
    [InlineData("Tuantuan", "Tuantuan")]
    [InlineData("  Ping'an  ", "Ping'an")]
    [InlineData("Lǜlü", "Lǜlü")]
    [InlineData("Öljei  Bayar", "Öljei Bayar")]
    [InlineData("Xiao-bai", "Xiao-bai")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void Latin_letters_with_tone_marks_spaces_hyphens_and_apostrophes_are_a_name(string input, string stored)
    {
        var (name, error) = SheepLatinName.Clean(input);

        Assert.Equal(LatinNameError.None, error);
        Assert.Equal(stored, name);
    }

    [Theory]
    [InlineData("团团")]
    [InlineData("Tuan团")]
    [InlineData("Tuantuan2")]
    [InlineData("-Tuan")]
    [InlineData("'Tuan")]
    [InlineData("Tuan.tuan")]
    [InlineData("Туантуан")]
    public void Characters_digits_other_scripts_and_a_leading_mark_are_not(string input) =>
        Assert.Equal(LatinNameError.NotLatin, SheepLatinName.Clean(input).Error);

    [Fact]
    public void A_name_longer_than_the_column_is_refused() =>
        Assert.Equal(LatinNameError.TooLong, SheepLatinName.Clean(new string('a', SheepLatinName.MaxLength + 1)).Error);

    [Fact]
    public async Task The_office_sets_and_clears_a_sheeps_latin_name()
    {
        var sheepId = await LivingSheepAsync(3);
        var demoName = await LatinNameAsync(sheepId);

        Assert.Equal(SheepNamingError.None, await naming.SetLatinNameAsync(sheepId, " Tuantuan ", database.AdminId));
        Assert.Equal("Tuantuan", await LatinNameAsync(sheepId));

        Assert.Equal(SheepNamingError.None, await naming.SetLatinNameAsync(sheepId, "", database.AdminId));
        Assert.Equal("", await LatinNameAsync(sheepId));
        await naming.SetLatinNameAsync(sheepId, demoName, database.AdminId);
    }

    [Fact]
    public async Task A_bad_name_an_unknown_sheep_and_a_non_administrator_change_nothing()
    {
        var sheepId = await LivingSheepAsync(4);
        var demoName = await LatinNameAsync(sheepId);
        Assert.Equal(SheepNamingError.None, await naming.SetLatinNameAsync(sheepId, "Lele", database.AdminId));

        Assert.Equal(SheepNamingError.NotLatin, await naming.SetLatinNameAsync(sheepId, "乐乐", database.AdminId));
        Assert.Equal(SheepNamingError.NotAllowed, await naming.SetLatinNameAsync(sheepId, "Other", "not-an-admin"));
        Assert.Equal(SheepNamingError.NotFound, await naming.SetLatinNameAsync(-1, "Lele", database.AdminId));
        Assert.Equal("Lele", await LatinNameAsync(sheepId));
        await naming.SetLatinNameAsync(sheepId, demoName, database.AdminId);
    }

    [Fact]
    public async Task Every_demo_sheep_has_a_valid_latin_name()
    {
        await using var db = await database.CreateDbContextAsync();
        var names = await db.Sheep.Select(s => s.NameLatin).Distinct().ToListAsync();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Equal((n, LatinNameError.None), SheepLatinName.Clean(n)));
        Assert.DoesNotContain("", names);
    }

    private async Task<int> LivingSheepAsync(int skip)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Sheep.Where(s => s.ArchivedAt == null).OrderByDescending(s => s.Id).Select(s => s.Id).Skip(skip).FirstAsync();
    }

    private async Task<string> LatinNameAsync(int sheepId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Sheep.Where(s => s.Id == sheepId).Select(s => s.NameLatin).SingleAsync();
    }
}
