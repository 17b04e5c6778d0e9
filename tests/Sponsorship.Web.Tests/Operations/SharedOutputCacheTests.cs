using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using Sponsorship.Testing;
using Sponsorship.Web.Features.Operations;

namespace Sponsorship.Web.Tests.Operations;

/// <summary>
/// The output cache's store across instances. The app caches no page yet, so each instance here caches one probe
/// response under a tag (added by the test host); what is tested is the store the app registers: Redis with
/// <c>Cache:Redis</c>, each instance's memory without it.
/// </summary>
public sealed class SharedOutputCacheTests
{
    public const string RedisVariable = "SPONSORSHIP_TEST_REDIS";

    [Fact]
    [Trait("Server", "Redis")]
    public async Task With_Redis_an_entry_cached_by_one_instance_is_served_by_another_and_a_tag_evicted_on_one_is_gone_on_both()
    {
        var redis = Environment.GetEnvironmentVariable(RedisVariable);
        Assert.True(redis is not null, $"This test needs Redis: run tests/run.sh, or set {RedisVariable} to host:port.");
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
        var tag = "probe-" + Guid.NewGuid().ToString("N");
        using var a = new Instance(folder, "a", tag, redis);
        using var b = new Instance(folder, "b", tag, redis);

        var fromA = await a.CreateClient().GetStringAsync(Instance.ProbePath);
        var fromB = await b.CreateClient().GetStringAsync(Instance.ProbePath);
        await a.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(tag, CancellationToken.None);
        var afterEviction = await b.CreateClient().GetStringAsync(Instance.ProbePath);
        var againOnA = await a.CreateClient().GetStringAsync(Instance.ProbePath);

        Assert.Equal("a:1", fromA);
        Assert.Equal("a:1", fromB);
        Assert.Equal("b:1", afterEviction);
        Assert.Equal("b:1", againOnA);
    }

    [Fact]
    public async Task Without_Redis_each_instance_keeps_its_own_cache()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sponsorship-tests", Guid.NewGuid().ToString("N"));
        var tag = "probe-" + Guid.NewGuid().ToString("N");
        using var a = new Instance(folder, "a", tag, redis: null);
        using var b = new Instance(folder, "b", tag, redis: null);

        Assert.Equal("a:1", await a.CreateClient().GetStringAsync(Instance.ProbePath));
        Assert.Equal("a:1", await a.CreateClient().GetStringAsync(Instance.ProbePath));
        Assert.Equal("b:1", await b.CreateClient().GetStringAsync(Instance.ProbePath));
        await a.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(tag, CancellationToken.None);
        Assert.Equal("a:2", await a.CreateClient().GetStringAsync(Instance.ProbePath));
        Assert.Equal("b:1", await b.CreateClient().GetStringAsync(Instance.ProbePath));
    }

    /// <summary>An instance of one deployment whose probe answers "{name}:{how many times it ran}", cached under a tag.</summary>
    private sealed class Instance(string folder, string name, string tag, string? redis) : SponsorshipAppFactory(folder)
    {
        public const string ProbePath = "/cache-probe";

        private readonly string label = name;
        private int runs;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("App:SeedDemo", "false");
            if (redis is not null)
            {
                builder.UseSetting(ScaleOutSetup.RedisConnectionStringKey, redis);
            }

            builder.ConfigureServices(services =>
            {
                services.Configure<OutputCacheOptions>(o => o.AddBasePolicy(
                    policy => policy.With(c => c.HttpContext.Request.Path == ProbePath).Tag(tag).Expire(TimeSpan.FromMinutes(5))));
                services.AddSingleton<IStartupFilter>(new ProbeFilter(this));
            });
        }

        private sealed class ProbeFilter(Instance instance) : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.UseOutputCache();
                app.Map(ProbePath, probe => probe.Run(context =>
                    context.Response.WriteAsync($"{instance.label}:{Interlocked.Increment(ref instance.runs)}")));
                next(app);
            };
        }
    }
}
