using System.Diagnostics.Metrics;

namespace Sponsorship.Core.Data;

/// <summary>
/// The app's own metrics, exported with the ASP.NET Core, HttpClient and EF Core ones (OpenTelemetry, see
/// infra/README.md). Features add to the counters where the thing happens, once it is committed:
/// <c>SponsorshipMetrics.AdoptionsActivated.Add(1);</c>
/// </summary>
public static class SponsorshipMetrics
{
    public const string MeterName = "Sponsorship";

    public static readonly Meter Meter = new(MeterName);

    /// <summary>An adoption became Active (payment confirmed).</summary>
    public static readonly Counter<long> AdoptionsActivated =
        Meter.CreateCounter<long>("sponsorship.adoptions.activated", "{adoption}", "Adoptions that became active");

    /// <summary>A mail was handed to the SMTP relay.</summary>
    public static readonly Counter<long> MailsSent =
        Meter.CreateCounter<long>("sponsorship.mails.sent", "{mail}", "Mails accepted by the SMTP relay");

    /// <summary>A mail send attempt failed (it may be retried; each failure counts).</summary>
    public static readonly Counter<long> MailsFailed =
        Meter.CreateCounter<long>("sponsorship.mails.failed", "{mail}", "Mail send attempts that failed");

    /// <summary>A payout line was confirmed by the bank.</summary>
    public static readonly Counter<long> PayoutsConfirmed =
        Meter.CreateCounter<long>("sponsorship.payouts.confirmed", "{payout}", "Payout lines confirmed by the bank");

    /// <summary>A transaction ran again after colliding with another (serialization failure, deadlock, chain tail taken).</summary>
    public static readonly Counter<long> ContentionRetries =
        Meter.CreateCounter<long>("sponsorship.db.contention_retries", "{retry}", "Transactions run again after a collision");
}
