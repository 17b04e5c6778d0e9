using System.Security.Claims;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Certificates;
using Sponsorship.Core.Data;
using Sponsorship.Core.Organisations;
using Sponsorship.Core.Jobs;

namespace Sponsorship.Web.Features.Organisations;

public static class OrganisationsSetup
{
    public static WebApplicationBuilder AddOrganisations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OrganisationOptions>().BindConfiguration(OrganisationOptions.Section)
            .Validate(o => o.CreditDays is > 0 and <= 90, "Organisations:CreditDays must be 1 to 90 days.")
            .Validate(o => o.MaxOrderSize is > 0 and <= 5_000, "Organisations:MaxOrderSize must be 1 to 5,000 sheep.");
        builder.Services.AddScoped<OrganisationRegistry>();
        builder.Services.AddScoped<OrganisationMembers>();
        builder.Services.AddScoped<OrganisationAdmin>();
        builder.Services.AddScoped<OrganisationPages>();
        builder.Services.AddScoped<OrderPlacement>();
        builder.Services.AddScoped<OrderRenewals>();
        builder.Services.AddScoped<InvoiceRequests>();
        builder.Services.AddScoped<AssistanceStatements>();
        builder.Services.AddScoped<OrganisationCertificates>();
        builder.Services.AddScoped<OrganisationMailContent>();
        builder.Services.AddScoped<OrderChoices>();
        builder.Services.AddScoped<CertificateBundles>();
        builder.Services.AddSingleton<CertificateBundleSignal>();
        builder.Services.AddSingleton(s => new AssistanceStatementDocument(
            CertificateFonts.Use(s.GetRequiredService<IOptions<CertificateOptions>>().Value.FontDirectory)));
        builder.Services.AddScoped<OrderReservationExpiry>();
        builder.Services.AddScoped<IScheduledJob, OrderReservationExpiry>();
        builder.Services.AddHostedService<CertificateBundleWorker>();
        return builder;
    }

    /// <summary>The organisation's files: certificate bundles, single certificates and statements, for its members only.</summary>
    public static WebApplication MapOrganisations(this WebApplication app)
    {
        var files = app.MapGroup("/organisations/{organisationId:int}").RequireAuthorization();
        files.MapGet("/orders/{orderId:int}/bundles/{bundleId:int}", BundleAsync);
        files.MapGet("/certificates/{serial}.pdf", CertificateAsync);
        files.MapGet("/statements/{serial}.pdf", StatementAsync);
        return app;
    }

    private static async Task<IResult> BundleAsync(
        int organisationId, int orderId, int bundleId, ClaimsPrincipal user, CertificateBundles bundles, CancellationToken cancellationToken)
    {
        var file = await bundles.OpenAsync(organisationId, orderId, bundleId, UserId(user), cancellationToken);
        return file is null ? Results.NotFound() : Results.Stream(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<IResult> CertificateAsync(
        int organisationId, string serial, ClaimsPrincipal user, OrganisationCertificates certificates, IOptions<AppOptions> options,
        CancellationToken cancellationToken)
    {
        var pdf = await certificates.FindAsync(organisationId, serial, UserId(user), options.Value.PublicBaseUrl, cancellationToken);
        return pdf is null ? Results.NotFound() : Results.File(pdf.Content, "application/pdf", pdf.FileName);
    }

    private static async Task<IResult> StatementAsync(
        int organisationId, string serial, ClaimsPrincipal user, AssistanceStatements statements, IOptions<AppOptions> options,
        CancellationToken cancellationToken)
    {
        var pdf = await statements.PdfAsync(organisationId, serial, UserId(user), options.Value.PublicBaseUrl, cancellationToken);
        return pdf is null ? Results.NotFound() : Results.File(pdf.Content, "application/pdf", pdf.FileName);
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
}
