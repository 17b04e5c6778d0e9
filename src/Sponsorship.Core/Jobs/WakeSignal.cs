namespace Sponsorship.Core.Jobs;

/// <summary>
/// Wakes a polling worker early: whoever saved work for it calls <see cref="Notify"/>, and the worker's wait ends then
/// or at its next poll, whichever is first. A notice that arrives while the worker is busy is kept for its next wait.
/// </summary>
public abstract class WakeSignal
{
    private TaskCompletionSource pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify() => pending.TrySetResult();

    /// <summary>Returns when notified or after <paramref name="interval"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider clock, CancellationToken cancellationToken)
    {
        var current = pending;
        await Task.WhenAny(current.Task, Task.Delay(interval, clock, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref pending, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }
    }
}
