using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Sponsorship.Core.Data;
using Sponsorship.Core.Demo;
using Sponsorship.Core.Identity;
using Sponsorship.Web.Components.Account;

namespace Sponsorship.Web.Features.Identity;

public static class IdentitySetup
{
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
            cookie.SlidingExpiration = true;
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Herder, p => p.RequireRole(Roles.Herder))
            .AddPolicy(Roles.Sponsor, p => p.RequireRole(Roles.Sponsor));

        services.AddIdentityCore<ApplicationUser>(IdentitySettings.Apply)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SponsorshipDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DisplayNameClaim>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        services.Configure<PasswordHasherOptions>(IdentitySettings.Apply);

        // Keys in the database: every instance reads the same keys, so a cookie from one is valid on all.
        services.AddDataProtection().SetApplicationName("Sponsorship").PersistKeysToDbContext<SponsorshipDbContext>();

        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoAdoptions>();
        services.AddScoped<DemoOrganisations>();
        services.AddScoped<StaffAccounts>();
        return builder;
    }
}
