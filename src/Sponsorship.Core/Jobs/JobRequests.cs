using System.Threading.Channels;

namespace Sponsorship.Core.Jobs;

/// <summary>An administrator asked for a job to run now.</summary>
public sealed record JobRequest(string Job, string UserId);

/// <summary>
/// The "run now" requests waiting for the runner's host, which runs them in the background one after another (a
/// page that asks does not wait for a long job). Requests are checked before they are queued (<see cref="JobOverview.RequestRunAsync"/>)
/// and again when they run (<see cref="JobRunner.RunNowAsync"/>).
/// </summary>
public sealed class JobRequests
{
    private readonly Channel<JobRequest> channel = Channel.CreateUnbounded<JobRequest>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<JobRequest> Reader => channel.Reader;

    internal void Add(JobRequest request) => channel.Writer.TryWrite(request);
}
