using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Sponsorship.Core.Storage;

/// <summary>
/// Files as blobs in one private container (production with several instances: every instance sees every file). The
/// key is the blob name, so folders (<c>photos/…</c>, <c>certificates/…</c>) stay as in the local store. The
/// container is created on first write if it does not exist.
/// </summary>
public sealed class AzureBlobFileStore(BlobContainerClient container) : IFileStore
{
    private volatile bool containerExists;

    public BlobContainerClient Container { get; } = container;

    public async Task SaveAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        FileStoreKey.ThrowIfInvalid(key);
        if (!containerExists)
        {
            await Container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
            containerExists = true;
        }

        // One PUT: a reader sees the old blob or the new one, never half of either.
        await Container.GetBlobClient(key).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = FileStoreKey.ContentType(key) } },
            cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        FileStoreKey.ThrowIfInvalid(key);
        try
        {
            var download = await Container.GetBlobClient(key).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        FileStoreKey.ThrowIfInvalid(key);
        await Container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }
}
