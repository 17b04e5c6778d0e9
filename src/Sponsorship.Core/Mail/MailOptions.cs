using Microsoft.Extensions.Options;
using MimeKit;

namespace Sponsorship.Core.Mail;

public enum MailTlsMode
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Mail</c> configuration section: the SMTP relay, the sender, and how the outbox dispatcher works.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Whether the dispatcher sends the outbox at all (mail is queued either way).</summary>
    public bool Enabled { get; set; }

    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;
    public MailTlsMode TlsMode { get; set; } = MailTlsMode.StartTls;
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string FromAddress { get; set; } = "no-reply@sponsorship.local";
    public string FromName { get; set; } = "我在草原有只羊";

    /// <summary>After this many failed attempts a mail is marked Failed and shown to administrators.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How many mails one claim takes and sends over one connection.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Sent rows are marked with one UPDATE this often (and at the end of a batch): a crash between a send and its mark
    /// resends at most this many mails, with their Message-IDs.
    /// </summary>
    public int MarkSentEvery { get; set; } = 25;

    /// <summary>How long a claim holds its rows; must be longer than sending one batch takes.</summary>
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>The first retry waits this long, each further one twice as long (at most an hour).</summary>
    public int RetryBaseSeconds { get; set; } = 30;

    /// <summary>How often the dispatcher looks for due mail when nothing wakes it.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>Disable Nagle's algorithm on the SMTP socket (MailKit leaves it on: ~20 mails/s instead of thousands).</summary>
    public bool TcpNoDelay { get; set; } = true;

    /// <summary>The SMTP catcher inside the app (Development): mail goes to it instead of <see cref="Host"/>.</summary>
    public MailCatcherOptions Catcher { get; set; } = new();

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(3600, RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}

public sealed class MailCatcherOptions
{
    public bool Enabled { get; set; }

    /// <summary>Loopback port to listen on; 0 takes any free port (the dispatcher asks the catcher which).</summary>
    public int Port { get; set; }
}

/// <summary>Checked on start: a setting that cannot work stops the app with a message naming it.</summary>
public sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Enabled && !options.Catcher.Enabled && string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("Mail:Host is required when Mail:Enabled is true (set Mail:Host to the SMTP relay, or Mail:Enabled=false).");
        }

        if (options.Enabled && !MailboxAddress.TryParse(options.FromAddress, out _))
        {
            failures.Add($"Mail:FromAddress '{options.FromAddress}' is not a mail address.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add("Mail:Port must be between 0 and 65535.");
        }

        if (options.MaxAttempts < 1)
        {
            failures.Add("Mail:MaxAttempts must be at least 1.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add("Mail:BatchSize must be between 1 and 1000.");
        }

        if (options.MarkSentEvery < 1)
        {
            failures.Add("Mail:MarkSentEvery must be at least 1.");
        }

        if (options.LeaseSeconds < 10)
        {
            failures.Add("Mail:LeaseSeconds must be at least 10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
