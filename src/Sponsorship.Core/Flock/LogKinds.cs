namespace Sponsorship.Core.Flock;

public static class LogKinds
{
    /// <summary>
    /// Every kind a sponsor may see once approved. Naming them in a query also keeps SQLite on the
    /// (SheepId, Kind, Review, At) index, where <c>Review = 1</c> alone can lead it to read every approved log of the flock.
    /// </summary>
    public static readonly IReadOnlyList<LogKind> Public =
        [LogKind.Weighing, LogKind.Photo, LogKind.Note, LogKind.Medical, LogKind.Birth, LogKind.Movement, LogKind.Shearing, LogKind.Death];
}
