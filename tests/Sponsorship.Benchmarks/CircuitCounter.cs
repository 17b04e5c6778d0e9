using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Sponsorship.Benchmarks;

/// <summary>
/// Counts the circuits the server holds and how many have a live connection, so the circuit driver can check that every
/// page it opened really has a circuit (and, after closing them, how many the server keeps while they are disconnected).
/// Registered by <see cref="LoadApp"/> only; the app itself has no such handler.
/// </summary>
public sealed class CircuitCounter : CircuitHandler
{
    private static int opened;
    private static int open;
    private static int connected;

    /// <summary>Circuits opened since the process started (never goes down).</summary>
    public static int Opened => Volatile.Read(ref opened);

    public static int Open => Volatile.Read(ref open);

    public static int Connected => Volatile.Read(ref connected);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref opened);
        Interlocked.Increment(ref open);
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref connected);
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref connected);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        return Task.CompletedTask;
    }
}
