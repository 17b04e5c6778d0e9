using Sponsorship.Core.Storage;

namespace Sponsorship.Web.Features.Storage;

public static class StorageSetup
{
    /// <summary>Stored files (photos) in <c>files/</c> under the data folder: outside the web root, served only by endpoints.</summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        var app = builder.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        var root = Path.Combine(app.ResolveDataDirectory(builder.Environment.ContentRootPath), "files");
        builder.Services.AddSingleton<IFileStore>(new LocalFileStore(root));
        return builder;
    }
}
