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
public sealed class MailCatcher(int port, Func<byte[], CancellationToken, Task> deliver, bool noDelay = true) : IAsyncDisposable
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
        var listeners = new NoDelayListeners(noDelay);
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

    /// <summary>
    /// Listens with Nagle's algorithm off on every accepted connection, so the server's small replies ("250 Ok") go out
    /// at once instead of waiting for the client's delayed ACK (~40 ms each). The catcher speaks plain SMTP only.
    /// </summary>
    private sealed class NoDelayListeners(bool noDelay) : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            ArgumentNullException.ThrowIfNull(endpointDefinition);
            var listener = new System.Net.Sockets.TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            var args = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
            OnEndpointStarted(args);
            return new NoDelayListener(listener, noDelay, () => OnEndpointStopped(args));
        }
    }

    private sealed class NoDelayListener(System.Net.Sockets.TcpListener listener, bool noDelay, Action stopped) : IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = noDelay;
            return new PlainPipe(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose()
        {
            listener.Stop();
            stopped();
        }
    }

    private sealed class PlainPipe(Stream stream) : SmtpServer.IO.ISecurableDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input { get; } = System.IO.Pipelines.PipeReader.Create(stream);
        public System.IO.Pipelines.PipeWriter Output { get; } = System.IO.Pipelines.PipeWriter.Create(stream);
        public bool IsSecure => false;
        public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

        public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The mail catcher does not offer TLS.");

        public void Dispose() => stream.Dispose();
    }

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
