using Azure.Storage.Blobs;
using Sponsorship.Core.Storage;

namespace Sponsorship.Core.Tests.Storage;

/// <summary>
/// What every <see cref="IFileStore"/> must do. The key rules are checked before any I/O, so they run against every
/// store here, the Azure one included; the round trips need a real backend (<see cref="FileStoreContract"/>).
/// </summary>
public abstract class FileStoreKeyContract
{
    protected abstract IFileStore Store { get; }

    public static TheoryData<string> BadKeys =>
    [
        "../escape.jpg", "photos/../../etc/passwd.jpg", "/photos/absolute.jpg", "photos\\windows.jpg", "Photos/upper.jpg",
        "photos/two.dots.jpg", "photos/no-extension", "no-folder.jpg", "", "photos//empty.jpg", "photos/space name.jpg",
    ];

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_key_that_could_leave_the_store_is_refused_on_save_read_and_delete(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveAsync(key, new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key));
    }
}

/// <summary>The full contract, for stores that can run here.</summary>
public abstract class FileStoreContract : FileStoreKeyContract
{
    [Fact]
    public async Task What_is_saved_reads_back_byte_for_byte()
    {
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();

        await Store.SaveAsync("photos/2026/sheep-1.jpg", bytes);

        Assert.Equal(bytes, await ReadAsync("photos/2026/sheep-1.jpg"));
    }

    [Fact]
    public async Task Saving_again_under_the_same_key_replaces_the_file()
    {
        await Store.SaveAsync("certificates/c-1.pdf", new byte[] { 1, 2, 3 });
        await Store.SaveAsync("certificates/c-1.pdf", new byte[] { 9 });

        Assert.Equal(new byte[] { 9 }, await ReadAsync("certificates/c-1.pdf"));
    }

    [Fact]
    public async Task Reading_a_key_with_nothing_stored_gives_null()
    {
        Assert.Null(await Store.OpenReadAsync("photos/never/written.jpg"));
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_deleting_twice_is_harmless()
    {
        await Store.SaveAsync("photos/gone.webp", new byte[] { 4, 5 });

        await Store.DeleteAsync("photos/gone.webp");
        await Store.DeleteAsync("photos/gone.webp");
        await Store.DeleteAsync("photos/never/there.webp");

        Assert.Null(await Store.OpenReadAsync("photos/gone.webp"));
    }

    private async Task<byte[]?> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

public sealed class LocalFileStoreContractTests : FileStoreContract, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sponsorship-store-tests", Guid.NewGuid().ToString("N"));

    public LocalFileStoreContractTests() => Store = new LocalFileStore(folder);

    protected override IFileStore Store { get; }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>
/// The blob store against the key contract. No storage service runs on this machine (no Azurite, no network), so the
/// round trips are not run here; the client points at a closed local port, and the key rules must refuse before any
/// request is made.
/// </summary>
public sealed class AzureBlobFileStoreKeyContractTests : FileStoreKeyContract
{
    protected override IFileStore Store { get; } = new AzureBlobFileStore(new BlobContainerClient(
        $"DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint=http://127.0.0.1:9/nowhere;",
        "files"));

    [Theory]
    [InlineData("photos/a.jpg", "image/jpeg")]
    [InlineData("photos/a.webp", "image/webp")]
    [InlineData("certificates/c.pdf", "application/pdf")]
    [InlineData("exports/x.bin", "application/octet-stream")]
    public void Blobs_are_stored_with_the_media_type_of_their_extension(string key, string contentType)
    {
        Assert.Equal(contentType, FileStoreKey.ContentType(key));
    }
}
