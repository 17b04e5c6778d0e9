namespace Sponsorship.Core.Mail;

/// <summary>Wakes the dispatcher early when a change that queued mail has been saved (it also polls).</summary>
public sealed class OutboxSignal
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
