using Sponsorship.Core.Demo;
using Sponsorship.Core.Mail;
using Sponsorship.Testing;

namespace Sponsorship.Core.Tests.Mail;

/// <summary>The outbox list: paged, ordered and filtered in the database, for administrators only.</summary>
public sealed class OutboxMessagesTests(SeededDatabaseWithoutMoney database) : IClassFixture<SeededDatabaseWithoutMoney>
{
    [Fact]
    public async Task Pages_follow_the_order_asked_for_and_state_kind_and_a_piece_of_the_address_or_subject_narrow_the_list()
    {
        var money = new MoneyTestData(database.DbFactory);
        var admin = await money.UserIdAsync(DemoAccounts.Admin.Email);
        var queued = new List<OutboxMail>();
        await using (var db = await database.CreateDbContextAsync())
        {
            db.OutboxMails.RemoveRange(db.OutboxMails);
            for (var i = 0; i < 30; i++)
            {
                var status = (OutboxStatus)(i % 3);
                queued.Add(db.OutboxMails.Add(new OutboxMail
                {
                    Kind = i % 2 == 0 ? MailKinds.GrowthUpdate : MailKinds.AdoptionConfirmed,
                    ToEmail = $"reader{i}@example.com",
                    Culture = "zh-CN",
                    MessageId = $"list-{i}@sponsorship.local",
                    Status = status,
                    Attempts = i % 5,
                    CreatedAt = TestDatabase.Start.AddMinutes(i),
                    NextAttemptAt = TestDatabase.Start.AddMinutes(i),
                    Subject = status == OutboxStatus.Sent ? $"羊的近况 {i}" : null,
                    LastError = status == OutboxStatus.Failed ? "550 mailbox unavailable" : null,
                }).Entity);
            }

            await db.SaveChangesAsync();
        }

        var outbox = new OutboxMessages(database.DbFactory);

        var second = await outbox.PageAsync(admin, new OutboxQuery(Page: 2, Size: 10));
        Assert.Equal(30, second!.Total);
        Assert.Equal(queued.OrderByDescending(m => m.Id).Skip(10).Take(10).Select(m => m.Id), second.Rows.Select(r => r.Id));

        var mostTried = await outbox.PageAsync(admin, new OutboxQuery(Size: 4, Sort: OutboxSort.Attempts));
        Assert.Equal(queued.OrderByDescending(m => m.Attempts).ThenByDescending(m => m.Id).Take(4).Select(m => m.Id), mostTried!.Rows.Select(r => r.Id));

        var failedGrowth = await outbox.PageAsync(admin, new OutboxQuery(Status: OutboxStatus.Failed, Kind: MailKinds.GrowthUpdate, Size: 200));
        Assert.Equal(queued.Count(m => m.Status == OutboxStatus.Failed && m.Kind == MailKinds.GrowthUpdate), failedGrowth!.Total);
        Assert.NotEmpty(failedGrowth.Rows);
        Assert.All(failedGrowth.Rows, r => Assert.Equal((OutboxStatus.Failed, MailKinds.GrowthUpdate, "550 mailbox unavailable"), (r.Status, r.Kind, r.LastError)));

        var byAddress = await outbox.PageAsync(admin, new OutboxQuery(Search: " READER1"));
        Assert.Equal(queued.Count(m => m.ToEmail.StartsWith("reader1", StringComparison.Ordinal)), byAddress!.Total);
        var bySubject = await outbox.PageAsync(admin, new OutboxQuery(Search: "近况 2"));
        Assert.Equal(queued.Count(m => m.Subject?.Contains("近况 2", StringComparison.Ordinal) == true), bySubject!.Total);
        Assert.NotEqual(0, bySubject.Total);

        Assert.Null(await outbox.PageAsync(await money.UserIdAsync(DemoAccounts.Sponsor.Email), new OutboxQuery()));
    }
}
