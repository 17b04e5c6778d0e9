using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Identity;
using Sponsorship.Core.Mail;
using Sponsorship.Web.Features.Jobs;

namespace Sponsorship.Web.Features.Mail;

public static class MailSetup
{
    /// <summary>
    /// The outbox dispatcher and its worker, the Razor mail templates, Identity's mails through the outbox, the monthly
    /// digest, unsubscribe links and preferences; in Development the SMTP catcher inside the app.
    /// </summary>
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MailOptions>().Bind(builder.Configuration.GetSection(MailOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        var settings = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();

        if (settings.Catcher.Enabled)
        {
            var app = builder.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
            var folder = Path.Combine(app.ResolveDataDirectory(builder.Environment.ContentRootPath), "mail");
            services.AddSingleton(sp => MailCatcher.ToFolder(folder, settings.Catcher.Port, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(new CaughtMailbox(folder));
            services.AddHostedService<MailCatcherHost>();
        }

        services.AddSingleton<OutboxSignal>();
        services.AddSingleton(sp => new SmtpMailTransport(sp.GetRequiredService<IOptions<MailOptions>>(), sp.GetService<MailCatcher>()));
        services.AddSingleton<UnsubscribeLinks>();
        services.TryAddSingleton<IMailAttachmentSource, NoMailAttachments>();
        services.AddScoped<MailContent>();
        services.AddSingleton<MailImageCache>();
        services.AddScoped<IMailRenderer, RazorMailRenderer>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScheduledJob<MonthlyDigest>();
        services.AddScoped<MailPreferences>();
        services.AddScoped<OutboxStatusReport>();
        services.AddScoped<OutboxMessages>();
        services.AddScoped<OutboxEmailSender>();
        services.AddScoped<IEmailSender<ApplicationUser>>(s => s.GetRequiredService<OutboxEmailSender>());
        services.AddHostedService<OutboxWorker>();
        return builder;
    }

    public static WebApplication MapMail(this WebApplication app)
    {
        app.MapMailEndpoints();
        return app;
    }
}
