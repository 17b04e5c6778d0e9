using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Tests.Flock;

public class HerderLogbookTests(LogbookDatabase database) : IClassFixture<LogbookDatabase>
{
    private readonly HerderLogbook logbook = database.Logbook();

    private static string Key() => LogbookDatabase.NewKey();

    [Fact]
    public async Task A_weighing_of_a_trusted_households_sheep_is_recorded_and_approved_at_once()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);

        var result = await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, database.Today, 42.5m, "  after the rain  "));

        Assert.Equal(LogbookOutcome.Recorded, result.Outcome);
        await using var db = await database.CreateDbContextAsync();
        var log = await db.AnimalLogs.SingleAsync(l => l.Id == result.LogId);
        Assert.Equal((sheepId, LogKind.Weighing, 42.5m, "after the rain"), (log.SheepId, log.Kind, log.QuantityKg, log.Notes));
        Assert.Equal(database.Clock.GetUtcNow(), log.At);
        Assert.Equal(database.Clock.GetUtcNow(), log.RecordedAt);
        Assert.Equal(database.HerderA, log.RecordedByUserId);
        Assert.Equal(ReviewStatus.Approved, log.Review);
        Assert.NotNull(log.ReviewedAt);
    }

    [Fact]
    public async Task Logs_of_a_household_that_is_not_trusted_wait_for_review()
    {
        var sheepId = database.TakeSheep(database.HouseholdB);

        var result = await logbook.RecordNoteAsync(database.HerderB, new(Key(), sheepId, database.Today, "Eating well"));

        await using var db = await database.CreateDbContextAsync();
        var log = await db.AnimalLogs.SingleAsync(l => l.Id == result.LogId);
        Assert.Equal(ReviewStatus.Pending, log.Review);
        Assert.Null(log.ReviewedAt);
    }

    [Fact]
    public async Task At_half_past_seven_in_Beijing_a_weighing_dated_today_is_accepted_and_tomorrow_is_in_the_future()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var halfPastSeven = new DateTimeOffset(2026, 11, 29, 23, 30, 0, TimeSpan.Zero);
        var calendar = ProgrammeCalendar.Beijing(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(halfPastSeven));
        var early = new HerderLogbook(database.DbFactory, database.NewFileStore(), calendar);
        var beijingToday = new DateOnly(2026, 11, 30);

        var today = await early.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, beijingToday, 41m));
        var tomorrow = await early.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, beijingToday.AddDays(1), 41m));
        var yesterday = await early.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, beijingToday.AddDays(-1), 40m));

        Assert.Equal(LogbookOutcome.Recorded, today.Outcome);
        Assert.Equal(LogbookOutcome.Invalid, tomorrow.Outcome);
        Assert.Contains(tomorrow.Problems, p => p.Field == LogField.On && p.Error == LogError.InFuture);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(halfPastSeven, (await db.AnimalLogs.SingleAsync(l => l.Id == today.LogId)).At);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.FromHours(8)), (await db.AnimalLogs.SingleAsync(l => l.Id == yesterday.LogId)).At);
    }

    [Fact]
    public async Task An_entry_for_an_earlier_day_is_dated_that_day()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var yesterday = database.Today.AddDays(-1);

        var result = await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, yesterday, 40m));

        await using var db = await database.CreateDbContextAsync();
        var log = await db.AnimalLogs.SingleAsync(l => l.Id == result.LogId);
        Assert.Equal(yesterday, database.Calendar.DayOf(log.At));
        Assert.Equal(database.Clock.GetUtcNow(), log.RecordedAt);
    }

    [Fact]
    public async Task The_same_entry_sent_twice_is_recorded_once()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var entry = new WeighingEntry(Key(), sheepId, database.Today, 38.2m, "spring weighing");

        var first = await logbook.RecordWeighingAsync(database.HerderA, entry);
        database.Clock.Advance(TimeSpan.FromSeconds(20));
        var second = await logbook.RecordWeighingAsync(database.HerderA, entry with { WeightKg = 38.20m });

        Assert.Equal(LogbookOutcome.Recorded, first.Outcome);
        Assert.Equal(LogbookOutcome.Replayed, second.Outcome);
        Assert.Equal(first.LogId, second.LogId);
        Assert.Equal(1, await database.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task Twenty_identical_requests_at_once_record_one_log()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var entry = new WeighingEntry(Key(), sheepId, database.Today, 51m);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => logbook.RecordWeighingAsync(database.HerderA, entry))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Outcome.ToString()));
        Assert.Single(results, r => r.Outcome == LogbookOutcome.Recorded);
        Assert.Single(results.Select(r => r.LogId).Distinct());
        Assert.Equal(1, await database.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task Twenty_identical_lambings_at_once_make_one_lamb()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        var entry = new LambingEntry(Key(), ewe, database.Today, Sex.Ram, "Twin");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => logbook.RecordLambingAsync(database.HerderA, entry))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Outcome.ToString()));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Sheep.CountAsync(s => s.DamId == ewe));
        Assert.Equal(1, await database.LogCountAsync(ewe));
    }

    [Fact]
    public async Task The_same_key_with_different_content_is_refused_and_changes_nothing()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var key = Key();
        await logbook.RecordWeighingAsync(database.HerderA, new(key, sheepId, database.Today, 30m));

        var again = await logbook.RecordWeighingAsync(database.HerderA, new(key, sheepId, database.Today, 31m));
        var otherKind = await logbook.RecordNoteAsync(database.HerderA, new(key, sheepId, database.Today, "hello"));

        Assert.Equal(LogbookOutcome.KeyConflict, again.Outcome);
        Assert.Equal(LogbookOutcome.KeyConflict, otherKind.Outcome);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(30m, (await db.AnimalLogs.SingleAsync(l => l.SheepId == sheepId)).QuantityKg);
    }

    [Fact]
    public async Task A_key_used_by_another_herder_is_refused_without_revealing_their_log()
    {
        var sheepA = database.TakeSheep(database.HouseholdA);
        var sheepB = database.TakeSheep(database.HouseholdB);
        var key = Key();
        await logbook.RecordWeighingAsync(database.HerderA, new(key, sheepA, database.Today, 30m));

        var result = await logbook.RecordWeighingAsync(database.HerderB, new(key, sheepB, database.Today, 30m));

        Assert.Equal(LogbookOutcome.KeyConflict, result.Outcome);
        Assert.Null(result.LogId);
        Assert.Equal(0, await database.LogCountAsync(sheepB));
    }

    public static TheoryData<string> EntryKinds => ["weighing", "note", "medical", "lambing", "movement", "shearing", "death", "photo"];

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task Herder_B_cannot_write_to_herder_As_sheep(string kind)
    {
        var sheepOfA = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        var store = database.NewFileStore();

        var result = await Record(database.Logbook(store), kind, database.HerderB, sheepOfA);

        Assert.Equal(LogbookOutcome.NotFound, result.Outcome);
        Assert.Empty(result.Problems);
        Assert.Equal(0, await database.LogCountAsync(sheepOfA));
        Assert.Empty(LogbookDatabase.StoredFiles(store));
        await using var db = await database.CreateDbContextAsync();
        var sheep = await db.Sheep.SingleAsync(s => s.Id == sheepOfA);
        Assert.Null(sheep.ArchivedAt);
        Assert.Equal(0, await db.Sheep.CountAsync(s => s.DamId == sheepOfA));
    }

    [Theory]
    [MemberData(nameof(EntryKinds))]
    public async Task Accounts_without_a_household_write_to_no_sheep(string kind)
    {
        var sheepOfA = database.TakeSheep(database.HouseholdA, Sex.Ewe);

        Assert.Equal(LogbookOutcome.NotFound, (await Record(logbook, kind, database.SponsorId, sheepOfA)).Outcome);
        Assert.Equal(LogbookOutcome.NotFound, (await Record(logbook, kind, "no-such-user", sheepOfA)).Outcome);
        Assert.Equal(0, await database.LogCountAsync(sheepOfA));
    }

    [Fact]
    public async Task An_unknown_sheep_is_not_found()
    {
        var result = await logbook.RecordNoteAsync(database.HerderA, new(Key(), int.MaxValue, database.Today, "hello"));

        Assert.Equal(LogbookOutcome.NotFound, result.Outcome);
    }

    [Fact]
    public async Task Someone_elses_sheep_is_not_found_even_with_invalid_data()
    {
        // Validation must not run first: "before birth" would tell B something about A's sheep.
        var sheepOfA = database.TakeSheep(database.HouseholdA);

        var result = await logbook.RecordWeighingAsync(database.HerderB, new(Key(), sheepOfA, new DateOnly(2000, 1, 1), 1000m));

        Assert.Equal(LogbookOutcome.NotFound, result.Outcome);
    }

    [Theory]
    [InlineData("0.4", LogError.OutOfRange)]
    [InlineData("300.01", LogError.OutOfRange)]
    [InlineData("-3", LogError.OutOfRange)]
    [InlineData(null, LogError.Required)]
    public async Task A_weight_outside_half_a_kilo_to_300_kilos_is_refused(string? kg, LogError error)
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        decimal? weight = kg is null ? null : decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture);

        var result = await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, database.Today, weight));

        Assert.Equal(LogbookOutcome.Invalid, result.Outcome);
        Assert.Equal([new LogProblem(LogField.Weight, error)], result.Problems);
        Assert.Equal(0, await database.LogCountAsync(sheepId));
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("300")]
    public async Task The_weight_limits_themselves_are_accepted(string kg)
    {
        var sheepId = database.TakeSheep(database.HouseholdA);

        var result = await logbook.RecordWeighingAsync(
            database.HerderA, new(Key(), sheepId, database.Today, decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(LogbookOutcome.Recorded, result.Outcome);
    }

    [Theory]
    [InlineData("0", LogError.OutOfRange)]
    [InlineData("20.5", LogError.OutOfRange)]
    [InlineData(null, LogError.Required)]
    public async Task Wool_must_be_more_than_nothing_and_at_most_20_kilos(string? kg, LogError error)
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        decimal? wool = kg is null ? null : decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture);

        var result = await logbook.RecordShearingAsync(database.HerderA, new(Key(), sheepId, database.Today, wool));

        Assert.Equal([new LogProblem(LogField.Wool, error)], result.Problems);
    }

    [Fact]
    public async Task A_shearing_records_the_wool()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);

        var result = await logbook.RecordShearingAsync(database.HerderA, new(Key(), sheepId, database.Today, 2.4m));

        await using var db = await database.CreateDbContextAsync();
        var log = await db.AnimalLogs.SingleAsync(l => l.Id == result.LogId);
        Assert.Equal((LogKind.Shearing, 2.4m), (log.Kind, log.QuantityKg));
    }

    [Fact]
    public async Task A_date_in_the_future_or_before_birth_is_refused()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        await using var db = await database.CreateDbContextAsync();
        var birth = await db.Sheep.Where(s => s.Id == sheepId).Select(s => s.BirthDate).SingleAsync();

        var tomorrow = await logbook.RecordNoteAsync(database.HerderA, new(Key(), sheepId, database.Today.AddDays(1), "x"));
        var beforeBirth = await logbook.RecordNoteAsync(database.HerderA, new(Key(), sheepId, birth.AddDays(-1), "x"));
        var onBirthday = await logbook.RecordNoteAsync(database.HerderA, new(Key(), sheepId, birth, "born"));

        Assert.Equal([new LogProblem(LogField.On, LogError.InFuture)], tomorrow.Problems);
        Assert.Equal([new LogProblem(LogField.On, LogError.BeforeBirth)], beforeBirth.Problems);
        Assert.Equal(LogbookOutcome.Recorded, onBirthday.Outcome);
    }

    [Fact]
    public async Task Each_kind_asks_for_what_it_needs()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var a = database.HerderA;
        var today = database.Today;

        Assert.Equal([new LogProblem(LogField.Vet, LogError.Required)], (await logbook.RecordMedicalAsync(a, new(Key(), sheepId, today, "  ", "wormed"))).Problems);
        Assert.Equal([new LogProblem(LogField.Pasture, LogError.Required)], (await logbook.RecordMovementAsync(a, new(Key(), sheepId, today, null))).Problems);
        Assert.Equal([new LogProblem(LogField.Notes, LogError.Required)], (await logbook.RecordNoteAsync(a, new(Key(), sheepId, today, " "))).Problems);
        Assert.Equal([new LogProblem(LogField.Reason, LogError.Required)], (await logbook.RecordDeathAsync(a, new(Key(), sheepId, today, null))).Problems);
        Assert.Equal([new LogProblem(LogField.Reason, LogError.Required)], (await logbook.RecordDeathAsync(a, new(Key(), sheepId, today, (RemovalReason)99))).Problems);
        Assert.Equal([new LogProblem(LogField.Vet, LogError.TooLong)], (await logbook.RecordMedicalAsync(a, new(Key(), sheepId, today, new string('v', 129), null))).Problems);
        Assert.Equal([new LogProblem(LogField.Key, LogError.Required)], (await logbook.RecordNoteAsync(a, new("", sheepId, today, "x"))).Problems);
        Assert.Equal([new LogProblem(LogField.Key, LogError.TooLong)], (await logbook.RecordNoteAsync(a, new(new string('k', 65), sheepId, today, "x"))).Problems);
        Assert.Equal(0, await database.LogCountAsync(sheepId));
    }

    [Fact]
    public async Task Notes_may_be_2000_characters_and_no_more()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);

        var longest = await logbook.RecordNoteAsync(database.HerderA, new(Key(), sheepId, database.Today, new string('草', 2000)));
        var tooLong = await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, database.Today, 40m, new string('草', 2001)));

        Assert.Equal(LogbookOutcome.Recorded, longest.Outcome);
        Assert.Equal([new LogProblem(LogField.Notes, LogError.TooLong)], tooLong.Problems);
    }

    [Fact]
    public async Task Medical_and_movement_keep_the_vet_and_the_pasture()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);

        var medical = await logbook.RecordMedicalAsync(database.HerderA, new(Key(), sheepId, database.Today, " Dr. Wang ", "Deworming"));
        var move = await logbook.RecordMovementAsync(database.HerderA, new(Key(), sheepId, database.Today, "North summer pasture"));

        await using var db = await database.CreateDbContextAsync();
        var logs = await db.AnimalLogs.Where(l => l.SheepId == sheepId).OrderBy(l => l.Id).ToListAsync();
        Assert.Equal([(LogKind.Medical, "Dr. Wang", (string?)null), (LogKind.Movement, null, "North summer pasture")],
            logs.Select(l => (l.Kind, l.Vet, l.Pasture)));
    }

    [Fact]
    public async Task A_move_to_a_named_pasture_keeps_the_pasture_and_not_the_words_and_a_pasture_not_on_the_list_is_refused()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        int summer;
        var name = $"夏季草场{Guid.NewGuid():N}"[..12];
        await using (var db = await database.CreateDbContextAsync())
        {
            var pasture = new NamedPasture { Name = name, NameLatin = "Summer pasture" };
            db.NamedPastures.Add(pasture);
            await db.SaveChangesAsync();
            summer = pasture.Id;
        }

        var key = Key();
        var named = await logbook.RecordMovementAsync(database.HerderA, new(key, sheepId, database.Today, "ignored words", NamedPastureId: summer));
        var replayed = await logbook.RecordMovementAsync(database.HerderA, new(key, sheepId, database.Today, "ignored words", NamedPastureId: summer));
        var elsewhere = await logbook.RecordMovementAsync(database.HerderA, new(key, sheepId, database.Today, null, NamedPastureId: summer + 1000));
        var unknown = await logbook.RecordMovementAsync(database.HerderA, new(Key(), sheepId, database.Today, null, NamedPastureId: summer + 1000));

        Assert.Equal(LogbookOutcome.Recorded, named.Outcome);
        Assert.Equal(LogbookOutcome.Replayed, replayed.Outcome);
        Assert.Equal(LogbookOutcome.KeyConflict, elsewhere.Outcome);
        Assert.Equal([new LogProblem(LogField.Pasture, LogError.OutOfRange)], unknown.Problems);
        await using var read = await database.CreateDbContextAsync();
        var log = await read.AnimalLogs.SingleAsync(l => l.Id == named.LogId);
        Assert.Equal((summer, (string?)null), (log.NamedPastureId!.Value, log.Pasture));
        var page = await new HerderFlock(database.DbFactory, database.Calendar).GetSheepAsync(database.HerderA, sheepId);
        Assert.Equal(new MovedTo(name, "Summer pasture", null), page!.CurrentPasture);
    }

    [Fact]
    public async Task A_lambing_creates_the_lamb_with_its_dam_birth_date_household_and_breed()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        var on = database.Today.AddDays(-2);
        var tag = EarTag.ForTaibus(99_000_001).Value;

        var result = await logbook.RecordLambingAsync(database.HerderA, new(Key(), ewe, on, Sex.Ewe, " Little Snow ", tag, "Easy birth"));

        Assert.Equal(LogbookOutcome.Recorded, result.Outcome);
        await using var db = await database.CreateDbContextAsync();
        var dam = await db.Sheep.SingleAsync(s => s.Id == ewe);
        var log = await db.AnimalLogs.SingleAsync(l => l.Id == result.LogId);
        var lamb = await db.Sheep.Include(s => s.Tags).SingleAsync(s => s.Id == log.LambId);
        Assert.Equal((LogKind.Birth, ewe, "Easy birth"), (log.Kind, log.SheepId, log.Notes));
        Assert.Equal((ewe, on, dam.HouseholdId, dam.Breed, "Little Snow", Sex.Ewe), (lamb.DamId, lamb.BirthDate, lamb.HouseholdId, lamb.Breed, lamb.Name, lamb.Sex));
        Assert.Equal([(IdTagType.NationalEarTag, tag)], lamb.Tags.Select(t => (t.Type, t.Value)));
        Assert.Equal(lamb.Id, result.LambId);
    }

    [Fact]
    public async Task A_replayed_lambing_names_the_lamb_it_created_the_first_time_and_creates_no_other()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        var entry = new LambingEntry(Key(), ewe, database.Today, Sex.Ram, "Thunder");

        var first = await logbook.RecordLambingAsync(database.HerderA, entry);
        var again = await logbook.RecordLambingAsync(database.HerderA, entry);

        Assert.Equal(LogbookOutcome.Replayed, again.Outcome);
        Assert.NotNull(first.LambId);
        Assert.Equal(first.LambId, again.LambId);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Sheep.CountAsync(s => s.DamId == ewe));
    }

    [Fact]
    public async Task A_lambing_without_name_or_tag_is_fine_but_the_lambs_sex_is_needed()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);

        var noSex = await logbook.RecordLambingAsync(database.HerderA, new(Key(), ewe, database.Today, null));
        var plain = await logbook.RecordLambingAsync(database.HerderA, new(Key(), ewe, database.Today, Sex.Ram));

        Assert.Equal([new LogProblem(LogField.LambSex, LogError.Required)], noSex.Problems);
        Assert.Equal(LogbookOutcome.Recorded, plain.Outcome);
        await using var db = await database.CreateDbContextAsync();
        var lamb = await db.Sheep.Include(s => s.Tags).SingleAsync(s => s.DamId == ewe);
        Assert.Equal(("", Sex.Ram), (lamb.Name, lamb.Sex));
        Assert.Empty(lamb.Tags);
    }

    [Fact]
    public async Task Only_a_ewe_lambs()
    {
        var ram = database.TakeSheep(database.HouseholdA, Sex.Ram);

        var result = await logbook.RecordLambingAsync(database.HerderA, new(Key(), ram, database.Today, Sex.Ewe));

        Assert.Equal([new LogProblem(LogField.Sheep, LogError.NotAnEwe)], result.Problems);
    }

    [Theory]
    [InlineData("12345", EarTagError.WrongLength)]
    [InlineData("152527230000011", EarTagError.NotSheep)]
    [InlineData("3152527abc00001", EarTagError.NotDigits)]
    public async Task A_lambs_ear_tag_must_be_a_valid_national_tag(string tag, EarTagError error)
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);

        var result = await logbook.RecordLambingAsync(database.HerderA, new(Key(), ewe, database.Today, Sex.Ewe, LambEarTag: tag));

        Assert.Equal([new LogProblem(LogField.LambEarTag, LogError.EarTagInvalid, Tag: error)], result.Problems);
    }

    [Fact]
    public async Task A_lambs_ear_tag_worn_by_another_sheep_is_refused_and_no_lamb_is_left_behind()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        await using var db = await database.CreateDbContextAsync();
        var worn = await db.IdTags.OrderBy(t => t.Id).Select(t => t.Value).FirstAsync();
        var sheepBefore = await db.Sheep.CountAsync();

        var result = await logbook.RecordLambingAsync(database.HerderA, new(Key(), ewe, database.Today, Sex.Ewe, "Copy", worn));

        Assert.Equal([new LogProblem(LogField.LambEarTag, LogError.EarTagTaken)], result.Problems);
        Assert.Equal(sheepBefore, await db.Sheep.CountAsync());
        Assert.Equal(0, await database.LogCountAsync(ewe));
    }

    [Fact]
    public async Task A_resent_lambing_with_a_tag_finds_the_first_lamb()
    {
        var ewe = database.TakeSheep(database.HouseholdA, Sex.Ewe);
        var entry = new LambingEntry(Key(), ewe, database.Today, Sex.Ewe, "Dawn", EarTag.ForTaibus(99_000_002).Value);

        var first = await logbook.RecordLambingAsync(database.HerderA, entry);
        var second = await logbook.RecordLambingAsync(database.HerderA, entry);

        Assert.Equal((LogbookOutcome.Recorded, LogbookOutcome.Replayed), (first.Outcome, second.Outcome));
        Assert.Equal(first.LogId, second.LogId);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Sheep.CountAsync(s => s.DamId == ewe));
    }

    [Fact]
    public async Task A_trusted_households_death_is_approved_at_once_archives_the_sheep_and_a_resend_changes_nothing()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        var entry = new DeathEntry(Key(), sheepId, database.Today.AddDays(-1), RemovalReason.NaturalDeath, "Old age, found in the morning");

        var result = await logbook.RecordDeathAsync(database.HerderA, entry);
        var resent = await logbook.RecordDeathAsync(database.HerderA, entry);

        Assert.Equal((LogbookOutcome.Recorded, LogbookOutcome.Replayed), (result.Outcome, resent.Outcome));
        await using var db = await database.CreateDbContextAsync();
        var sheep = await db.Sheep.SingleAsync(s => s.Id == sheepId);
        var log = await db.AnimalLogs.SingleAsync(l => l.SheepId == sheepId);
        Assert.Equal((LogKind.Death, RemovalReason.NaturalDeath, ReviewStatus.Approved), (log.Kind, log.RemovalReason, log.Review));
        Assert.Equal(log.At, sheep.ArchivedAt);
        Assert.Equal(RemovalReason.NaturalDeath, sheep.RemovalReason);
    }

    [Fact]
    public async Task An_untrusted_households_death_waits_for_an_admin_and_the_sheep_stays_in_the_flock_until_it_is_approved()
    {
        var sheepId = database.TakeSheep(database.HouseholdB);
        var entry = new DeathEntry(Key(), sheepId, database.Today, RemovalReason.Sold, "Sold at the autumn market");

        var result = await logbook.RecordDeathAsync(database.HerderB, entry);
        var resent = await logbook.RecordDeathAsync(database.HerderB, entry);
        var another = await logbook.RecordDeathAsync(database.HerderB, new DeathEntry(Key(), sheepId, database.Today, RemovalReason.Culled));

        Assert.Equal((LogbookOutcome.Recorded, LogbookOutcome.Replayed), (result.Outcome, resent.Outcome));
        Assert.Contains(another.Problems, p => p.Error == LogError.RemovalPending);
        Assert.Null(await ArchivedAtAsync(sheepId));

        var review = new LogReview(database.DbFactory, database.Clock);
        Assert.Equal(ReviewError.NotAllowed, (await review.ApproveAsync([result.LogId!.Value], database.HerderB)).Error);
        Assert.Null(await ArchivedAtAsync(sheepId));
        Assert.Equal(1, (await review.ApproveAsync([result.LogId!.Value], database.AdminId)).Changed);
        Assert.NotNull(await ArchivedAtAsync(sheepId));
    }

    [Fact]
    public async Task A_rejected_death_leaves_the_sheep_as_it_was()
    {
        var sheepId = database.TakeSheep(database.HouseholdB);
        var result = await logbook.RecordDeathAsync(database.HerderB, new DeathEntry(Key(), sheepId, database.Today, RemovalReason.NaturalDeath));

        Assert.Equal(1, (await new LogReview(database.DbFactory, database.Clock).RejectAsync([result.LogId!.Value], database.AdminId)).Changed);

        Assert.Null(await ArchivedAtAsync(sheepId));
        Assert.Equal(LogbookOutcome.Recorded, (await logbook.RecordWeighingAsync(database.HerderB, new(Key(), sheepId, database.Today, 41m))).Outcome);
    }

    private async Task<DateTimeOffset?> ArchivedAtAsync(int sheepId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Sheep.Where(s => s.Id == sheepId).Select(s => s.ArchivedAt).SingleAsync();
    }

    [Fact]
    public async Task Nothing_new_can_be_recorded_for_a_removed_sheep()
    {
        var sheepId = database.TakeSheep(database.HouseholdA);
        await logbook.RecordDeathAsync(database.HerderA, new(Key(), sheepId, database.Today, RemovalReason.Sold));

        var weighing = await logbook.RecordWeighingAsync(database.HerderA, new(Key(), sheepId, database.Today, 40m));
        var secondDeath = await logbook.RecordDeathAsync(database.HerderA, new(Key(), sheepId, database.Today, RemovalReason.Culled));

        Assert.Equal(LogbookOutcome.NotFound, weighing.Outcome);
        Assert.Equal(LogbookOutcome.NotFound, secondDeath.Outcome);
        Assert.Equal(1, await database.LogCountAsync(sheepId));
    }

    private Task<LogbookResult> Record(HerderLogbook book, string kind, string userId, int sheepId)
    {
        var key = Key();
        var today = database.Today;
        return kind switch
        {
            "weighing" => book.RecordWeighingAsync(userId, new(key, sheepId, today, 40m)),
            "note" => book.RecordNoteAsync(userId, new(key, sheepId, today, "note")),
            "medical" => book.RecordMedicalAsync(userId, new(key, sheepId, today, "Dr. Wang", null)),
            "lambing" => book.RecordLambingAsync(userId, new(key, sheepId, today, Sex.Ewe)),
            "movement" => book.RecordMovementAsync(userId, new(key, sheepId, today, "North")),
            "shearing" => book.RecordShearingAsync(userId, new(key, sheepId, today, 2m)),
            "death" => book.RecordDeathAsync(userId, new(key, sheepId, today, RemovalReason.Sold)),
            "photo" => book.AddPhotosAsync(userId, new(key, sheepId, today, [new("IMG_1.jpg", new MemoryStream(TestImages.Jpeg()))])),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
