using Microsoft.EntityFrameworkCore;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Flock;
using Sponsorship.Core.Programme;

namespace Sponsorship.Core.Organisations;

public enum AssistanceStatementError
{
    None = 0,

    /// <summary>No such organisation, or the user is not its contact.</summary>
    NotFound,

    /// <summary>The period ends before it starts, or ends after today.</summary>
    PeriodInvalid,
}

public sealed record AssistanceStatementRow(string Serial, DateOnly From, DateOnly To, long PaidFen, int SheepCount, DateTimeOffset IssuedAt);

public sealed record AssistanceStatementPdf(string Serial, byte[] Content)
{
    public string FileName => $"statement-{Serial}.pdf";
}

public enum AssistanceStatementOutcome
{
    /// <summary>The code does not belong to the serial: nothing else is said.</summary>
    CannotVerify,

    /// <summary>The code is right but there is no such statement.</summary>
    Unknown,
    Valid,
}

public sealed record AssistanceStatementCheck(AssistanceStatementOutcome Outcome, AssistanceStatementContent? Statement);

/// <summary>
/// Statements of assistance: the contact asks for one over any period of programme days; its figures are the ledger's
/// (<see cref="OrganisationMoney"/>) at that moment and are kept with its serial, so the PDF and the public verification
/// page (<c>/verify/{serial}?c={code}</c>, with the same HMAC codes as the certificates) always show what was certified.
/// </summary>
public sealed class AssistanceStatements(
    IDbContextFactory<SponsorshipDbContext> dbFactory, CertificateCodes codes, AssistanceStatementDocument document, ProgrammeCalendar calendar)
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public async Task<(AssistanceStatementError Error, string Serial)> IssueAsync(
        int organisationId, DateOnly from, DateOnly to, string userId, CancellationToken cancellationToken = default)
    {
        var now = calendar.Now;
        if (from > to || from < Earliest || to > calendar.DayOf(now))
        {
            return (AssistanceStatementError.PeriodInvalid, "");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.IsContactAsync(db, organisationId, userId, cancellationToken))
        {
            return (AssistanceStatementError.NotFound, "");
        }

        var money = await OrganisationMoney.SumAsync(db, organisationId, calendar.StartOf(from), calendar.StartOf(to.AddDays(1)), cancellationToken);
        var statement = new AssistanceStatement
        {
            Serial = AssistanceStatement.SerialPrefix + CertificateIssuer.NewSerial(now),
            OrganisationId = organisationId,
            PeriodFrom = from,
            PeriodTo = to,
            PaidFen = money.PaidFen,
            RefundedFen = money.RefundedFen,
            SheepCount = money.SheepCount,
            HouseholdCount = money.HouseholdCount,
            VillageCount = money.VillageCount,
            HerdersFen = money.HerdersFen,
            VillagesFen = money.VillagesFen,
            PaidOutFen = money.PaidOutFen,
            IssuedByUserId = userId,
            IssuedAt = now,
        };
        db.AssistanceStatements.Add(statement);
        await db.SaveChangesAsync(cancellationToken);
        return (AssistanceStatementError.None, statement.Serial);
    }

    public async Task<IReadOnlyList<AssistanceStatementRow>?> ListAsync(int organisationId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken))
        {
            return null;
        }

        return await db.AssistanceStatements.AsNoTracking().Where(s => s.OrganisationId == organisationId)
            .OrderByDescending(s => s.IssuedAt)
            .Select(s => new AssistanceStatementRow(s.Serial, s.PeriodFrom, s.PeriodTo, s.PaidFen, s.SheepCount, s.IssuedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The statement's PDF for the organisation's members (and administrators); null for anyone else.</summary>
    public async Task<AssistanceStatementPdf?> PdfAsync(int organisationId, string serial, string userId, string publicBaseUrl, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await OrganisationAccess.CanSeeAsync(db, organisationId, userId, cancellationToken))
        {
            return null;
        }

        var content = await ContentAsync(db, serial, publicBaseUrl, cancellationToken);
        return content is null || !await db.AssistanceStatements.AnyAsync(s => s.Serial == serial && s.OrganisationId == organisationId, cancellationToken)
            ? null
            : new AssistanceStatementPdf(serial, document.Render(content));
    }

    /// <summary>The public check: the code first (constant time), then the statement as issued.</summary>
    public async Task<AssistanceStatementCheck> VerifyAsync(string serial, string? code, CancellationToken cancellationToken = default)
    {
        if (!AssistanceStatement.IsStatementSerial(serial) || serial.Length > 32 || !codes.Verify(serial, code))
        {
            return new AssistanceStatementCheck(AssistanceStatementOutcome.CannotVerify, null);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var content = await ContentAsync(db, serial, "", cancellationToken);
        return content is null
            ? new AssistanceStatementCheck(AssistanceStatementOutcome.Unknown, null)
            : new AssistanceStatementCheck(AssistanceStatementOutcome.Valid, content with { VerificationUrl = "" });
    }

    private async Task<AssistanceStatementContent?> ContentAsync(SponsorshipDbContext db, string serial, string publicBaseUrl, CancellationToken cancellationToken)
    {
        var s = await db.AssistanceStatements.AsNoTracking().Where(s => s.Serial == serial)
            .Select(s => new { s, s.Organisation.Name, s.Organisation.CreditCode }).SingleOrDefaultAsync(cancellationToken);
        return s is null
            ? null
            : new AssistanceStatementContent(
                s.s.Serial, s.Name, s.CreditCode, s.s.PeriodFrom, s.s.PeriodTo, s.s.PaidFen, s.s.RefundedFen, s.s.SheepCount, s.s.HouseholdCount,
                s.s.VillageCount, s.s.HerdersFen, s.s.VillagesFen, s.s.PaidOutFen, calendar.DayOf(s.s.IssuedAt),
                publicBaseUrl.Length == 0 ? "" : codes.VerificationUrl(publicBaseUrl, s.s.Serial));
    }
}
