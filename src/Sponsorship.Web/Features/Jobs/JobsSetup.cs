using Sponsorship.Core.Jobs;

namespace Sponsorship.Web.Features.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// The one runner of every <see cref="IScheduledJob"/> (features register theirs with <see cref="AddScheduledJob{TJob}"/>),
    /// its <c>Jobs</c> settings, the administrators' jobs page and its "run now".
    /// </summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().Bind(builder.Configuration.GetSection(JobsOptions.Section));
        builder.Services.AddSingleton<JobRequests>();
        builder.Services.AddScoped<JobRunner>();
        builder.Services.AddScoped<JobOverview>();
        builder.Services.AddHostedService<JobsWorker>();
        return builder;
    }

    /// <summary>Registers a scheduled job, once, as itself and as an <see cref="IScheduledJob"/> for the runner.</summary>
    public static IServiceCollection AddScheduledJob<TJob>(this IServiceCollection services)
        where TJob : class, IScheduledJob
    {
        services.AddScoped<TJob>();
        services.AddScoped<IScheduledJob>(sp => sp.GetRequiredService<TJob>());
        return services;
    }
}
