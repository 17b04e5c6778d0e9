namespace Sponsorship.Core.Data;

/// <summary>
/// While the app runs on a data folder it holds a shared lock on <c>instance.lock</c> in it (instances that share a
/// folder can all hold one). A restore asks for the lock alone, and so refuses while any instance runs on the folder.
/// </summary>
public sealed class InstanceLock : IDisposable
{
    public const string FileName = "instance.lock";

    private readonly FileStream stream;

    private InstanceLock(FileStream stream) => this.stream = stream;

    public static InstanceLock Hold(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new InstanceLock(new FileStream(
            Path.Combine(dataDirectory, FileName), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
    }

    /// <summary>Whether an instance of the app (in this process or another) holds the folder.</summary>
    public static bool IsHeld(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var alone = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => stream.Dispose();
}
