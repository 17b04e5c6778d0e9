using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Components.Account;
using Sponsorship.Web.Features.Languages;
using Sponsorship.Web.Features.Operations;
using Sponsorship.Web.Features.Security;

namespace Sponsorship.Web.Features.Identity;

public static class IdentitySetup
{
    /// <summary>How often an open session (cookie or interactive circuit) checks that its account still holds its power.</summary>
    public static readonly TimeSpan SessionCheckInterval = TimeSpan.FromMinutes(1);

    public static WebApplicationBuilder AddSponsorshipIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<ICurrentUser, CurrentUser>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.Name = "sponsorship.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;

            // Outside Development the cookie is sent over HTTPS only (a TLS-terminating proxy still counts).
            cookie.Cookie.SecurePolicy = DevelopmentConveniences.Allowed(builder.Environment) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.SlidingExpiration = true;

            // Signing in on the login page sends the browser to its ReturnUrl before the page does: the same local path
            // the page would pick, as ASCII (a Chinese return address once threw and answered 500).
            cookie.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(LanguageSetup.LocalPath(context.RedirectUri));
                return Task.CompletedTask;
            };
            cookie.Events.OnSigningIn = HerderSession.KeepLongerAsync;
        });

        // A role taken away or an account disabled renews the security stamp: sessions find out within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = SessionCheckInterval);
        var adminTwoFactor = new AdminTwoFactor(required: !DevelopmentConveniences.Allowed(builder.Environment));
        services.AddSingleton(adminTwoFactor);
        services.AddSingleton<IAuthorizationHandler>(adminTwoFactor);

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Herder, p => p.RequireRole(Roles.Herder))
            .AddPolicy(Roles.Sponsor, p => p.RequireRole(Roles.Sponsor));

        services.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SponsorshipDbContext>()
            .AddSignInManager<SponsorshipSignInManager>()
            .AddClaimsPrincipalFactory<DisplayNameClaim>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        services.Configure<PasswordHasherOptions>(IdentitySettings.Apply);

        // Keys in the database: every instance reads the same keys, so a cookie from one is valid on all; outside
        // Development they are encrypted there with a certificate (KeyProtection).
        services.AddDataProtection().SetApplicationName("Sponsorship").PersistKeysToDbContext<SponsorshipDbContext>()
            .ProtectKeysAtRest(builder.Configuration, builder.Environment);

        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoAdoptions>();
        services.AddScoped<DemoOrganisations>();
        services.AddScoped<DemoVisits>();
        services.AddScoped<DemoMoneyCycle>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<AdminGrants>();
        services.AddScoped<AccountAccess>();
        return builder;
    }
}
