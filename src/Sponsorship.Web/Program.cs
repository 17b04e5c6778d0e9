using MudBlazor.Services;
using Sponsorship.Web;
using Sponsorship.Web.Components;
using Sponsorship.Web.Components.Account;
using Sponsorship.Web.Endpoints;
using Sponsorship.Web.Features.Adoptions;
using Sponsorship.Web.Features.Certificates;
using Sponsorship.Web.Features.Data;
using Sponsorship.Web.Features.Flock;
using Sponsorship.Web.Features.Identity;
using Sponsorship.Web.Features.Impact;
using Sponsorship.Web.Features.Jobs;
using Sponsorship.Web.Features.Languages;
using Sponsorship.Web.Features.Operations;
using Sponsorship.Web.Features.Payments;
using Sponsorship.Web.Features.Mail;
using Sponsorship.Web.Features.Ledger;
using Sponsorship.Web.Features.Organisations;
using Sponsorship.Web.Features.Payouts;
using Sponsorship.Web.Features.Privacy;
using Sponsorship.Web.Features.Programme;
using Sponsorship.Web.Features.Security;
using Sponsorship.Web.Features.Storage;
using Sponsorship.Web.Features.Visits;
using Sponsorship.Web.Features.PublicPages;

// The container's health check runs this same program as a tiny client of a running instance.
if (args.Contains(HealthProbe.Flag))
{
    return await HealthProbe.RunAsync(args);
}

// Commands that work on the data and exit (infra/README.md): copy-to-postgres, backup, restore.
if (DataCommands.Handles(args))
{
    return await DataCommands.RunAsync(args);
}

// `--seed-demo` is a bare flag, not a key=value setting: take it out before configuration reads the arguments.
var seedDemoFlag = args.Contains("--seed-demo");
args = [.. args.Where(a => a != "--seed-demo")];

var builder = WebApplication.CreateBuilder(args);
builder.AddAppSettings();
var seedDemo = seedDemoFlag || builder.Configuration.GetValue<bool>("App:SeedDemo");

builder.AddSponsorshipData();
builder.AddSecurity();
builder.AddStorage();
builder.AddSponsorshipIdentity();
builder.AddLanguages();
builder.AddFlock();
builder.AddAdoptions();
builder.AddPayments();
builder.AddCertificates();
builder.AddMail();
builder.AddProgramme();
builder.AddLedger();
builder.AddPayouts();
builder.AddImpact();
builder.AddOrganisations();
builder.AddVisits();
builder.AddHealth();
builder.AddTelemetry();
builder.AddScaleOut();
builder.AddPublicPages();
builder.AddJobs();
builder.AddPrivacy();
builder.AddCircuits();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();
app.ValidateSettingsOnStart();

app.UseSecurityHeaders();
if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseLanguages();
app.UseRateLimits();
app.UsePublicPages();
app.UsePrivacyConsent();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealth();
app.MapLanguageSwitch();
app.MapFlock();
app.MapCertificates();
app.MapPayments();
app.MapMail();
app.MapAdoptionLifecycle();
app.MapLedger();
app.MapPayouts();
app.MapOrganisations();
app.MapVisits();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().WithStaticPublicPages();
app.MapAdditionalIdentityEndpoints();

await app.PrepareDatabaseAsync(seedDemo);
app.PrintWelcomeOnStart(seedDemo, await app.DemoCertificateLineAsync(seedDemo));
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
