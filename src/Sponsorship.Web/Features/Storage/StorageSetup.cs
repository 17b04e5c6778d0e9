using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Sponsorship.Core.Storage;

namespace Sponsorship.Web.Features.Storage;

public static partial class StorageSetup
{
    /// <summary>
    /// Photos and documents behind <see cref="IFileStore"/>, chosen by <c>Storage:Provider</c>: <c>Local</c> (default:
    /// <c>files/</c> under the app's data folder, outside the web root, served only through authorized endpoints) or
    /// <c>AzureBlob</c> (<c>Storage:AzureBlob:ConnectionString</c>, <c>Storage:AzureBlob:Container</c>), which every
    /// instance shares.
    /// </summary>
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Validate(
                o => o.Provider != StorageProvider.AzureBlob || !string.IsNullOrWhiteSpace(o.AzureBlob.ConnectionString),
                "Missing setting Storage:AzureBlob:ConnectionString (environment variable Storage__AzureBlob__ConnectionString), required when Storage:Provider is AzureBlob; see infra/README.md.")
            .Validate(
                o => o.Provider != StorageProvider.AzureBlob || BlobContainerName().IsMatch(o.AzureBlob.Container),
                "Storage:AzureBlob:Container must be 3-63 lower-case letters, digits or hyphens.")
            .ValidateOnStart();

        var app = builder.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        var localRoot = Path.Combine(app.ResolveDataDirectory(builder.Environment.ContentRootPath), "files");
        builder.Services.AddSingleton<IFileStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider switch
            {
                StorageProvider.AzureBlob => new AzureBlobFileStore(new BlobContainerClient(options.AzureBlob.ConnectionString, options.AzureBlob.Container)),
                _ => new LocalFileStore(localRoot),
            };
        });
        return builder;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial System.Text.RegularExpressions.Regex BlobContainerName();
}
