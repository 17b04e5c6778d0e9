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
using Sponsorship.Web.Features.Languages;
using Sponsorship.Web.Features.Payments;
using Sponsorship.Web.Features.Programme;
using Sponsorship.Web.Features.Storage;

// `--seed-demo` is a bare flag, not a key=value setting: take it out before configuration reads the arguments.
var seedDemoFlag = args.Contains("--seed-demo");
args = [.. args.Where(a => a != "--seed-demo")];

var builder = WebApplication.CreateBuilder(args);
builder.Services.Configure<AppOptions>(builder.Configuration.GetSection(AppOptions.Section));
var seedDemo = seedDemoFlag || builder.Configuration.GetValue<bool>("App:SeedDemo");

builder.AddSponsorshipData();
builder.AddStorage();
builder.AddSponsorshipIdentity();
builder.AddLanguages();
builder.AddFlock();
builder.AddAdoptions();
builder.AddPayments();
builder.AddCertificates();
builder.AddProgramme();
builder.AddHealth();
builder.Services.AddMudServices();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));

var app = builder.Build();

if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseLanguages();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealth();
app.MapLanguageSwitch();
app.MapFlock();
app.MapCertificates();
app.MapPayments();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAdditionalIdentityEndpoints();

await app.PrepareDatabaseAsync(seedDemo);
app.PrintWelcomeOnStart(seedDemo, await app.DemoCertificateLineAsync(seedDemo));
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
