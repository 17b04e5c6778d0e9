using Microsoft.Extensions.Localization;
using Sponsorship.Core.Jobs;
using Sponsorship.Web.Resources;

namespace Sponsorship.Web.Features.Jobs;

/// <summary>How the jobs page words a job and its schedule.</summary>
public static class JobsText
{
    public static string JobName(this IStringLocalizer<Strings> l, string job)
    {
        var text = l[$"Jobs.Job.{job}"];
        return text.ResourceNotFound ? job : text;
    }

    public static string Schedule(this IStringLocalizer<Strings> l, JobSchedule schedule) => schedule switch
    {
        EveryInterval { Period.TotalHours: 1 } => l["Jobs.Schedule.Hourly"],
        EveryInterval { Period.TotalMinutes: < 60 } every => l["Jobs.Schedule.Minutes", (int)every.Period.TotalMinutes],
        EveryInterval every => l["Jobs.Schedule.Hours", (int)every.Period.TotalHours],
        EveryDay => l["Jobs.Schedule.Daily"],
        EveryMonth => l["Jobs.Schedule.Monthly"],
        _ => l["Jobs.Schedule.OnRequest"],
    };
}
