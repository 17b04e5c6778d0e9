namespace Sponsorship.Web.Endpoints;

/// <summary>
/// <c>HEAD</c> answers like <c>GET</c> without the body (uptime monitors use it). Razor component pages are mapped for
/// GET and POST only, so a HEAD is routed as the GET it stands for, before routing runs (a startup filter wraps the
/// whole pipeline, routing included), and whatever the page writes is dropped.
/// </summary>
public sealed class HeadRequests : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await nextMiddleware(context);
                return;
            }

            context.Request.Method = HttpMethods.Get;
            var body = context.Response.Body;
            context.Response.Body = Stream.Null;
            try
            {
                await nextMiddleware(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
        next(app);
    };
}
