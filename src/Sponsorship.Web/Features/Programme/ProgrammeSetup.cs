using Microsoft.Extensions.Options;
using Sponsorship.Core.Data;
using Sponsorship.Core.Programme;

namespace Sponsorship.Web.Features.Programme;

public static class ProgrammeSetup
{
    /// <summary>The administrators' home page, search and audit trail, and the programme's one calendar (<c>Programme:TimeZone</c>).</summary>
    public static WebApplicationBuilder AddProgramme(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<TodaysWork>();
        builder.Services.AddScoped<ConsoleSearch>();
        builder.Services.AddOptions<ProgrammeOptions>().Bind(builder.Configuration.GetSection(ProgrammeOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProgrammeOptions>, ProgrammeOptionsValidation>();
        builder.Services.AddSingleton<ProgrammeCalendar>();
        return builder;
    }
}

/// <summary>Stops the app at start, naming the setting, when the programme's time zone is not one this machine knows.</summary>
public sealed class ProgrammeOptionsValidation : IValidateOptions<ProgrammeOptions>
{
    public ValidateOptionsResult Validate(string? name, ProgrammeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            ProgrammeCalendar.FindZone(options.TimeZone);
            return ValidateOptionsResult.Success;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return ValidateOptionsResult.Fail(
                $"{ProgrammeOptions.Section}:{nameof(ProgrammeOptions.TimeZone)} '{options.TimeZone}' is not a time zone this machine knows (an IANA id such as Asia/Shanghai).");
        }
    }
}
