using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Tests.Flock;

/// <summary>
/// The demo programme plus the households the importer's corner cases need: an archived one and two heads with the
/// same name.
/// </summary>
public class ImportDatabase : SeededDatabase
{
    public const string SharedHeadName = "同名户";

    public int HouseholdId { get; private set; }

    public string HeadName { get; private set; } = "";

    public int ArchivedHouseholdId { get; private set; }

    public string ExistingTag { get; private set; } = "";

    public string RetiredTag { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await CreateDbContextAsync();
        var first = await db.Households.OrderBy(h => h.Id).FirstAsync();
        HouseholdId = first.Id;
        HeadName = first.HeadName;
        var village = await db.Villages.OrderBy(v => v.Id).FirstAsync();
        var archived = new HerderHousehold { VillageId = village.Id, HeadName = "已归档", HeadNameLatin = "Archived", ArchivedAt = Clock.GetUtcNow() };
        db.Households.AddRange(
            archived,
            new HerderHousehold { VillageId = village.Id, HeadName = SharedHeadName, HeadNameLatin = "Same A" },
            new HerderHousehold { VillageId = village.Id, HeadName = SharedHeadName, HeadNameLatin = "Same B" });

        // A tag a sheep wore once and lost: tags are never reused, so it counts as taken.
        var sheep = await db.Sheep.Include(s => s.Tags).OrderBy(s => s.Id).FirstAsync();
        ExistingTag = sheep.Tags[0].Value;
        RetiredTag = EarTag.ForTaibus(39_999_999).Value;
        sheep.Tags.Add(new IdTag { Type = IdTagType.NationalEarTag, Value = RetiredTag, ValidFrom = Clock.GetUtcNow().AddYears(-1), ValidTo = Clock.GetUtcNow().AddDays(-30) });
        await db.SaveChangesAsync();
        ArchivedHouseholdId = archived.Id;
    }
}

public class SheepCsvImportTests(ImportDatabase database) : IClassFixture<ImportDatabase>
{
    private const string Header = "tag,name,sex,birth_date,breed,household";
    private static int nextSequence = 40_000_000;

    private readonly SheepCsvImport importer = new(database.DbFactory, database.Calendar);

    static SheepCsvImportTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static DateOnly Today => ProgrammeCalendar.Beijing(TimeProvider.System).DayOf(TestDatabase.Start);

    [Fact]
    public async Task A_clean_file_previews_every_row_with_its_values_and_no_errors()
    {
        var (a, b) = (NewTag(), NewTag());
        var csv = Utf8(Header, $"{a},白云,Ewe,2024-03-05,Chahar,{database.HouseholdId}", $"{b},Storm,公羊,2023/11/20,乌珠穆沁羊,{database.HeadName}");

        var preview = await importer.PreviewAsync(csv);

        Assert.Empty(preview.Errors);
        Assert.True(preview.CanImport);
        Assert.Equal("UTF-8", preview.Encoding);
        Assert.Collection(
            preview.Rows,
            r => Assert.Equal(new ImportRow(2, a, "白云", Sex.Ewe, new DateOnly(2024, 3, 5), Breed.Chahar, database.HouseholdId.ToString(CultureInfo.InvariantCulture), database.HouseholdId, r.HouseholdName, r.HouseholdNameLatin), r),
            r =>
            {
                Assert.Equal((3, b, "Storm", Sex.Ram, Breed.Ujimqin, new DateOnly(2023, 11, 20)), (r.Line, r.Tag, r.Name, r.Sex!.Value, r.Breed!.Value, r.BirthDate!.Value));
                Assert.Equal(database.HouseholdId, r.HouseholdId);
                Assert.Equal(database.HeadName, r.HouseholdName);
            });
        Assert.False(await TagsExistAsync(a, b));
    }

    [Fact]
    public async Task Every_kind_of_bad_row_is_reported_with_its_line_and_column()
    {
        var good = NewTag();
        var t = Enumerable.Range(0, 12).Select(_ => NewTag()).ToArray();
        var h = database.HouseholdId;
        var lines = new[]
        {
            Header,                                                                      // 1
            $"{good},白云,Ewe,2024-03-05,Chahar,{h}",                                    // 2 fine
            $"31525270000001,短,Ewe,2024-03-05,Chahar,{h}",                              // 3 14 digits
            $"415252700000001,牛,Ewe,2024-03-05,Chahar,{h}",                             // 4 not a sheep
            $"390252700000001,远,Ewe,2024-03-05,Chahar,{h}",                             // 5 no such province
            $"315250000000001,旗,Ewe,2024-03-05,Chahar,{h}",                             // 6 a prefecture, not a county
            $"315252700000000,零,Ewe,2024-03-05,Chahar,{h}",                             // 7 sequence zero
            $"3152527000O0001,字,Ewe,2024-03-05,Chahar,{h}",                             // 8 a letter O
            $"3.15253E+14,表,Ewe,2024-03-05,Chahar,{h}",                                 // 9 Excel's number format
            $"{good},又一个,Ewe,2024-03-05,Chahar,{h}",                                  // 10 same tag as line 2
            $"{database.ExistingTag},老,Ewe,2024-03-05,Chahar,{h}",                      // 11 worn by a sheep
            $"{database.RetiredTag},旧,Ewe,2024-03-05,Chahar,{h}",                       // 12 retired, still taken
            $"{t[0]},,Ewe,2024-03-05,Chahar,{h}",                                        // 13 no name
            $"{t[1]},羯,羯羊,2024-03-05,Chahar,{h}",                                     // 14 unknown sex
            $"{t[2]},美,Ewe,2024-03-05,Merino,{h}",                                      // 15 unknown breed
            $"{t[3]},月,Ewe,2024-13-01,Chahar,{h}",                                      // 16 no 13th month
            $"{t[4]},明,Ewe,{Today.AddDays(1):yyyy-MM-dd},Chahar,{h}",                   // 17 tomorrow
            $"{t[5]},老寿星,Ewe,{Today.AddYears(-15).AddDays(-1):yyyy-MM-dd},Chahar,{h}", // 18 over 15 years
            $"{t[6]},无,Ewe,2024-03-05,Chahar,999999",                                   // 19 no such household id
            $"{t[7]},谁,Ewe,2024-03-05,Chahar,无此人",                                     // 20 no such head
            $"{t[8]},档,Ewe,2024-03-05,Chahar,{database.ArchivedHouseholdId}",           // 21 archived
            $"{t[9]},双,Ewe,2024-03-05,Chahar,{ImportDatabase.SharedHeadName}",          // 22 two heads of that name
            $",空,Ewe,2024-03-05,Chahar,{h}",                                            // 23 no tag
            $"{t[10]},{new string('长', 65)},Ewe,2024-03-05,Chahar,{h}",                 // 24 name too long
            "",                                                                          // 25 blank: skipped, still counted
            $"{t[11]},全错,?,yesterday,?,",                                              // 26 four errors on one line
        };

        var preview = await importer.PreviewAsync(Utf8(lines));

        var expected = new (int Line, ImportColumn Column, ImportErrorCode Code)[]
        {
            (3, ImportColumn.Tag, ImportErrorCode.BadTag), (4, ImportColumn.Tag, ImportErrorCode.BadTag),
            (5, ImportColumn.Tag, ImportErrorCode.BadTag), (6, ImportColumn.Tag, ImportErrorCode.BadTag),
            (7, ImportColumn.Tag, ImportErrorCode.BadTag), (8, ImportColumn.Tag, ImportErrorCode.BadTag),
            (9, ImportColumn.Tag, ImportErrorCode.TagInScientificNotation), (10, ImportColumn.Tag, ImportErrorCode.DuplicateInFile),
            (11, ImportColumn.Tag, ImportErrorCode.TagExists), (12, ImportColumn.Tag, ImportErrorCode.TagExists),
            (13, ImportColumn.Name, ImportErrorCode.Required), (14, ImportColumn.Sex, ImportErrorCode.BadSex),
            (15, ImportColumn.Breed, ImportErrorCode.BadBreed), (16, ImportColumn.BirthDate, ImportErrorCode.BadDate),
            (17, ImportColumn.BirthDate, ImportErrorCode.FutureDate), (18, ImportColumn.BirthDate, ImportErrorCode.TooOld),
            (19, ImportColumn.Household, ImportErrorCode.UnknownHousehold), (20, ImportColumn.Household, ImportErrorCode.UnknownHousehold),
            (21, ImportColumn.Household, ImportErrorCode.ArchivedHousehold), (22, ImportColumn.Household, ImportErrorCode.AmbiguousHousehold),
            (23, ImportColumn.Tag, ImportErrorCode.Required), (24, ImportColumn.Name, ImportErrorCode.TooLong),
            (26, ImportColumn.Sex, ImportErrorCode.BadSex), (26, ImportColumn.BirthDate, ImportErrorCode.BadDate),
            (26, ImportColumn.Breed, ImportErrorCode.BadBreed), (26, ImportColumn.Household, ImportErrorCode.Required),
        };
        Assert.Equal(
            expected.OrderBy(e => e.Line).ThenBy(e => e.Column),
            preview.Errors.Select(e => (e.Line, e.Column!.Value, e.Code)));
        Assert.False(preview.CanImport);
        Assert.Equal(lines.Length - 2, preview.Rows.Count);

        Assert.Equal(
            [EarTagError.WrongLength, EarTagError.NotSheep, EarTagError.UnknownRegion, EarTagError.NotACounty, EarTagError.ZeroSequence, EarTagError.NotDigits],
            preview.Errors.Where(e => e.Code == ImportErrorCode.BadTag).Select(e => e.TagError));
        var duplicate = Assert.Single(preview.Errors, e => e.Code == ImportErrorCode.DuplicateInFile);
        Assert.Equal((good, 2), (duplicate.Value, duplicate.OtherLine!.Value));
        Assert.Equal("3.15253E+14", preview.Errors.Single(e => e.Line == 9).Value);
        Assert.Equal("羯羊", preview.Errors.Single(e => e.Line == 14).Value);
        Assert.Equal("无此人", preview.Errors.Single(e => e.Line == 20).Value);
    }

    [Fact]
    public async Task The_import_refuses_a_file_with_errors_and_saves_nothing()
    {
        var (a, b) = (NewTag(), NewTag());
        var csv = Utf8(Header, $"{a},白云,Ewe,2024-03-05,Chahar,{database.HouseholdId}", $"{b},白雪,Ewe,2099-01-01,Chahar,{database.HouseholdId}");

        var result = await importer.ImportAsync(csv, database.AdminId);

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Imported);
        var error = Assert.Single(result.Errors);
        Assert.Equal((3, ImportColumn.BirthDate, ImportErrorCode.FutureDate), (error.Line, error.Column!.Value, error.Code));
        Assert.False(await TagsExistAsync(a, b));
    }

    [Fact]
    public async Task A_clean_file_imports_every_sheep_with_its_tag_in_one_go()
    {
        var tags = Enumerable.Range(0, 50).Select(_ => NewTag()).ToList();
        var csv = Utf8([Header, .. tags.Select((t, i) => $"{t},羊{i},{(i % 2 == 0 ? "Ewe" : "Ram")},2025-04-{1 + (i % 28):D2},Sunit,{database.HouseholdId}")]);
        var reports = new List<ImportProgress>();

        var result = await importer.ImportAsync(csv, database.AdminId, new SynchronousProgress(reports.Add));

        Assert.True(result.Succeeded);
        Assert.Equal(50, result.Imported);
        Assert.Equal(ImportStage.Done, reports[^1].Stage);
        Assert.Contains(reports, r => r.Stage == ImportStage.Saving);
        await using var db = await database.CreateDbContextAsync();
        var imported = await db.Sheep.Where(s => s.Tags.Any(t => tags.Contains(t.Value))).Include(s => s.Tags).OrderBy(s => s.Id).ToListAsync();
        Assert.Equal(50, imported.Count);
        Assert.Equal(tags, imported.Select(s => s.Tags.Single().Value));
        Assert.All(imported, s =>
        {
            Assert.Equal(database.HouseholdId, s.HouseholdId);
            Assert.Equal(Breed.Sunit, s.Breed);
            Assert.Null(s.ArchivedAt);
            Assert.Equal(IdTagType.NationalEarTag, s.Tags[0].Type);
            Assert.Equal(database.Clock.GetUtcNow(), s.Tags[0].ValidFrom);
            Assert.Null(s.Tags[0].ValidTo);
        });
        Assert.Equal("羊1", imported[1].Name);
        Assert.Equal(Sex.Ram, imported[1].Sex);

        // The same file again: every tag is now taken, and nothing more is saved.
        var again = await importer.ImportAsync(csv, database.AdminId);
        Assert.Equal(50, again.Errors.Count(e => e.Code == ImportErrorCode.TagExists));
        Assert.Equal(50, await db.Sheep.CountAsync(s => s.Tags.Any(t => tags.Contains(t.Value))));
    }

    [Fact]
    public async Task A_tag_taken_between_preview_and_import_is_caught_inside_the_import_transaction()
    {
        var tags = Enumerable.Range(0, 5).Select(_ => NewTag()).ToList();
        var csv = Utf8([Header, .. tags.Select(t => $"{t},云,Ewe,2025-04-01,Chahar,{database.HouseholdId}")]);
        Assert.True((await importer.PreviewAsync(csv)).CanImport);

        // Meanwhile another administrator imports a file with the fourth tag.
        Assert.True((await importer.ImportAsync(Utf8(Header, $"{tags[3]},抢先,Ram,2025-01-01,Chahar,{database.HouseholdId}"), database.AdminId)).Succeeded);

        var result = await importer.ImportAsync(csv, database.AdminId);

        var error = Assert.Single(result.Errors);
        Assert.Equal((5, ImportColumn.Tag, ImportErrorCode.TagExists), (error.Line, error.Column!.Value, error.Code));
        Assert.Equal(0, result.Imported);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Sheep.CountAsync(s => s.Tags.Any(t => tags.Contains(t.Value))));
    }

    [Fact]
    public async Task A_database_failure_in_the_middle_of_the_import_leaves_no_row_behind()
    {
        var tags = Enumerable.Range(0, 6).Select(_ => NewTag()).ToList();
        var poison = $"poison-{Guid.NewGuid():N}"[..20];
        var names = tags.Select((_, i) => i == 3 ? poison : $"{poison[7..]}-{i}").ToList();
        var csv = Utf8([Header, .. tags.Select((t, i) => $"{t},{names[i]},Ewe,2025-04-01,Chahar,{database.HouseholdId}")]);

        // A real database refusal, part-way through the inserts (the fourth sheep).
        await database.RefuseInsertsAsync("Sheep", "Name", poison, "disk full");

        await Assert.ThrowsAsync<DbUpdateException>(() => importer.ImportAsync(csv, database.AdminId));

        await using var check = await database.CreateDbContextAsync();
        Assert.False(await TagsExistAsync([.. tags]));
        Assert.Equal(0, await check.Sheep.CountAsync(s => names.Contains(s.Name)));
    }

    [Fact]
    public async Task UTF8_with_a_byte_order_mark_is_read_and_the_mark_is_not_part_of_the_first_header()
    {
        var tag = NewTag();
        var csv = Encoding.UTF8.GetPreamble().Concat(Utf8(Header, $"{tag},白云,母羊,2024-03-05,察哈尔羊,{database.HeadName}")).ToArray();

        var preview = await importer.PreviewAsync(csv);

        Assert.Empty(preview.Errors);
        Assert.Equal("UTF-8 BOM", preview.Encoding);
        var row = Assert.Single(preview.Rows);
        Assert.Equal((tag, "白云", Sex.Ewe, Breed.Chahar), (row.Tag, row.Name, row.Sex!.Value, row.Breed!.Value));
    }

    [Fact]
    public async Task A_GB18030_file_from_Excel_with_Chinese_headers_and_names_is_read_correctly()
    {
        var (a, b) = (NewTag(), NewTag());
        var text = string.Join("\r\n", "耳标,名字,性别,出生日期,品种,牧户", $"{a},白云朵朵,母羊,2024/3/5,苏尼特羊,{database.HeadName}家", $"{b},喆喆,公羊,2024年6月1日,乌珠穆沁,{database.HeadName}", "");
        var gb18030 = Encoding.GetEncoding("GB18030").GetBytes(text);
        Assert.False(IsUtf8(gb18030));

        var preview = await importer.PreviewAsync(gb18030);

        Assert.Empty(preview.Errors);
        Assert.Equal("GB18030", preview.Encoding);
        Assert.Equal(["白云朵朵", "喆喆"], preview.Rows.Select(r => r.Name));
        Assert.Equal([Breed.Sunit, Breed.Ujimqin], preview.Rows.Select(r => r.Breed!.Value));
        Assert.Equal([new DateOnly(2024, 3, 5), new DateOnly(2024, 6, 1)], preview.Rows.Select(r => r.BirthDate!.Value));
        Assert.All(preview.Rows, r => Assert.Equal(database.HouseholdId, r.HouseholdId));

        var result = await importer.ImportAsync(gb18030, database.AdminId);
        Assert.Equal(2, result.Imported);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal("白云朵朵", await db.Sheep.Where(s => s.Tags.Any(t => t.Value == a)).Select(s => s.Name).SingleAsync());
    }

    [Theory]
    [InlineData("tag,name,sex,breed,household", "birth_date")]
    [InlineData("tag,name,gender,birth_date,household", "breed")]
    [InlineData("耳标,名字,性别,出生日期,品种", "household")]
    public async Task A_missing_column_is_reported_once_on_the_header_line(string header, string missing)
    {
        var csv = Utf8([header, .. Enumerable.Range(0, 20).Select(_ => $"{NewTag()},云,Ewe,2025-01-01,Chahar")]);

        var preview = await importer.PreviewAsync(csv);

        var error = Assert.Single(preview.Errors);
        Assert.Equal((1, ImportErrorCode.MissingColumns, missing), (error.Line, error.Code, error.Value));
        Assert.Null(error.Column);
        Assert.Empty(preview.Rows);
    }

    [Fact]
    public async Task Unknown_and_repeated_columns_are_header_errors_too()
    {
        var preview = await importer.PreviewAsync(Utf8("tag,name,sex,birth_date,breed,household,colour,Name", $"{NewTag()},云,Ewe,2025-01-01,Chahar,1,white,x"));

        Assert.Equal(
            [(1, ImportErrorCode.UnknownColumns, "colour"), (1, ImportErrorCode.DuplicateColumn, "Name")],
            preview.Errors.Select(e => (e.Line, e.Code, e.Value)).OrderBy(e => e.Code));
        Assert.Empty(preview.Rows);
    }

    [Fact]
    public async Task Columns_may_come_in_any_order_with_spaced_or_cased_headers_and_trailing_empty_columns()
    {
        var tag = NewTag();
        var preview = await importer.PreviewAsync(Utf8(" Household ,Breed,Birth Date,SEX,Name,Ear_Tag,,", $"{database.HouseholdId},sunit, 2025-01-01 ,ewe,云,{tag},,", ",,,,,,,"));

        Assert.Empty(preview.Errors);
        var row = Assert.Single(preview.Rows);
        Assert.Equal((tag, Breed.Sunit, Sex.Ewe, new DateOnly(2025, 1, 1)), (row.Tag, row.Breed!.Value, row.Sex!.Value, row.BirthDate!.Value));
    }

    [Fact]
    public async Task Semicolon_separated_files_and_quoted_fields_are_read()
    {
        var tag = NewTag();
        var preview = await importer.PreviewAsync(Utf8("tag;name;sex;birth_date;breed;household", $"\"{tag}\";\"Cloud; the \"\"first\"\"\";Ewe;2025-01-01;Chahar;{database.HouseholdId}"));

        Assert.Empty(preview.Errors);
        Assert.Equal("Cloud; the \"first\"", Assert.Single(preview.Rows).Name);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0x0D, 0x0A, 0x20, 0x0A })]
    public async Task An_empty_file_is_one_error(byte[] content)
    {
        var preview = await importer.PreviewAsync(content);

        Assert.Equal(ImportErrorCode.EmptyFile, Assert.Single(preview.Errors).Code);
        Assert.False(preview.CanImport);
        Assert.Equal(ImportErrorCode.EmptyFile, Assert.Single((await importer.ImportAsync(content, database.AdminId)).Errors).Code);
    }

    [Fact]
    public async Task A_header_without_rows_has_nothing_to_import()
    {
        var preview = await importer.PreviewAsync(Utf8(Header, ""));

        Assert.Equal((1, ImportErrorCode.NoRows), (Assert.Single(preview.Errors).Line, preview.Errors[0].Code));
    }

    [Fact]
    public async Task A_file_over_the_size_cap_is_refused_before_it_is_read()
    {
        var preview = await importer.PreviewAsync(new byte[SheepCsvImport.MaxBytes + 1]);

        Assert.Equal(ImportErrorCode.FileTooLarge, Assert.Single(preview.Errors).Code);
    }

    [Fact]
    public async Task A_stray_quote_is_reported_on_its_line()
    {
        var (a, b) = (NewTag(), NewTag());
        var preview = await importer.PreviewAsync(Utf8(Header, $"{a},云,Ewe,2025-01-01,Chahar,{database.HouseholdId}", $"{b},Big \"Cloud,Ewe,2025-01-01,Chahar,{database.HouseholdId}"));

        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, ImportErrorCode.Malformed), (error.Line, error.Code));
    }

    [Fact]
    public async Task Progress_is_reported_while_a_large_file_is_read()
    {
        var csv = Utf8([Header, .. Enumerable.Range(0, 2_000).Select(i => $"{EarTag.ForTaibus(60_000_000 + i)},羊,Ewe,2025-01-01,Chahar,{database.HouseholdId}")]);
        var reports = new List<ImportProgress>();

        var preview = await importer.PreviewAsync(csv, new SynchronousProgress(reports.Add));

        Assert.Empty(preview.Errors);
        Assert.Equal(2_000, preview.Rows.Count);
        var reading = reports.Where(r => r.Stage == ImportStage.Reading).ToList();
        Assert.Equal([500, 1000, 1500, 2000], reading.Select(r => r.Rows));
        Assert.True(reading.Select(r => r.Fraction).SequenceEqual(reading.Select(r => r.Fraction).Order()));
        Assert.InRange(reading[0].Fraction, 0.2, 0.3);
        Assert.Equal(ImportStage.Done, reports[^1].Stage);
    }

    private static string NewTag() => EarTag.ForTaibus(Interlocked.Increment(ref nextSequence)).Value;

    private static byte[] Utf8(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private async Task<bool> TagsExistAsync(params string[] tags)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.IdTags.AnyAsync(t => tags.Contains(t.Value));
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so the test sees every report at once.</summary>
    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
