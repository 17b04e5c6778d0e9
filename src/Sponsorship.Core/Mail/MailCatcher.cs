using System.Buffers;
using System.Net;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Sponsorship.Core.Mail;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package): the Development mailbox, and the server the tests send to.
/// Every message received is handed to <c>deliver</c> as its raw bytes; <see cref="ToFolder"/> keeps them as .eml files.
/// </summary>
public sealed class MailCatcher(int port, Func<byte[], CancellationToken, Task> deliver) : IAsyncDisposable
{
    private CancellationTokenSource? stopping;
    private SmtpServer.SmtpServer? server;
    private Task? running;

    /// <summary>The bound port once started (the configured one, or the free port the system chose for 0).</summary>
    public int Port { get; private set; }

    /// <summary>A catcher that writes each message to <c>{folder}/{time}-{id}.eml</c>.</summary>
    public static MailCatcher ToFolder(string folder, int port, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Directory.CreateDirectory(folder);
        return new MailCatcher(port, (bytes, ct) =>
            File.WriteAllBytesAsync(Path.Combine(folder, CaughtMailbox.NewFileName(clock.GetUtcNow())), bytes, ct));
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(listeners);
        provider.Add(new Store(deliver));
        stopping = new CancellationTokenSource();
        server = new SmtpServer.SmtpServer(serverOptions, provider);
        running = server.StartAsync(stopping.Token);
        var first = await Task.WhenAny(started.Task, running).WaitAsync(cancellationToken);
        if (first == running)
        {
            await running;
            throw new InvalidOperationException($"The SMTP catcher stopped before listening on port {port}.");
        }

        Port = await started.Task;
    }

    public async Task StopAsync()
    {
        // Idempotent and safe when the host's stop and the container's dispose overlap: whoever takes the fields stops.
        var stoppingNow = Interlocked.Exchange(ref stopping, null);
        var runningNow = Interlocked.Exchange(ref running, null);
        server = null;
        if (stoppingNow is null || runningNow is null)
        {
            return;
        }

        await stoppingNow.CancelAsync();
        try
        {
            await runningNow;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the expected end of the listening task.
        }

        stoppingNow.Dispose();
        Port = 0;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(Func<byte[], CancellationToken, Task> deliver) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await deliver(buffer.ToArray(), cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}
