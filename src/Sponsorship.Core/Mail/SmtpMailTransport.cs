using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Sponsorship.Core.Mail;

/// <summary>
/// Opens one SMTP connection for a batch. MailKit leaves Nagle's algorithm on, which holds every small write back for
/// the peer's delayed ACK (~20 mails/s on loopback); connecting through our own socket with NoDelay sends thousands.
/// When the in-app catcher runs, mail goes to its loopback port instead of the relay.
/// </summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options, MailCatcher? catcher = null)
{
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var (host, port, tls) = catcher is { Port: > 0 } running
            ? ("127.0.0.1", running.Port, MailTlsMode.None)
            : (settings.Host, settings.Port, settings.TlsMode);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = settings.TcpNoDelay };
        var client = new SmtpClient();
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken);
            var secure = tls switch
            {
                MailTlsMode.StartTls => SecureSocketOptions.StartTls,
                MailTlsMode.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(socket, host, port, secure, cancellationToken);
            if (catcher is not { Port: > 0 } && settings.UserName.Length > 0)
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            socket.Dispose();
            throw;
        }
    }
}
