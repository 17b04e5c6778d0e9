namespace Sponsorship.Core.Storage;

/// <summary>
/// Where photos and documents live, by key (a generated relative name such as <c>photos/2026/ab12….jpg</c>). The local
/// folder is the embedded default; a blob store implements the same contract in production.
/// </summary>
public interface IFileStore
{
    Task SaveAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The stored bytes, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
