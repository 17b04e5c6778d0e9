namespace Sponsorship.Core.Storage;

public enum StorageProvider
{
    /// <summary>A folder under the app's data folder (one instance, or a shared disk).</summary>
    Local,

    /// <summary>Azure Blob Storage (several instances).</summary>
    AzureBlob,
}

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    public AzureBlobStorageOptions AzureBlob { get; set; } = new();
}

/// <summary><c>Storage:AzureBlob</c>: required when <c>Storage:Provider</c> is <c>AzureBlob</c>.</summary>
public sealed class AzureBlobStorageOptions
{
    public string ConnectionString { get; set; } = "";

    /// <summary>One private container for every file; keys carry their folder.</summary>
    public string Container { get; set; } = "files";
}
