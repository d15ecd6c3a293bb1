using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// GET conversations/{id}/stream?watermark=&amp;t=: the conversation's WebSocket (PROTOCOL.md §6.3). Pre-authorised by
/// the token in <c>t</c>; replays the log after the watermark, then pushes ActivitySet frames as they happen, with
/// empty keep-alive frames in between. One socket per conversation: a second one is closed with reason
/// <c>collision</c> and the first keeps working (MicrosoftDocs/bot-docs#1204: "Direct Line may close additional
/// WebSocket connections with a reason value of collision"). An attached socket the client has not pinged for
/// <see cref="EmbeddedDirectLineOptions.SilentSocketTimeout"/> is taken for dead (a dropped network leaves it
/// half-open) and gives way to the newcomer, so a reconnecting DirectLineJS (retry every 3–15 s, PROTOCOL.md §6.3) is
/// not locked out. What the client sends (DirectLineJS pings with empty frames) is otherwise ignored.
/// </summary>
public static class DirectLineStream
{
    public const string CollisionReason = "collision";

    public static async Task HandleAsync(HttpContext http, string conversationId, DirectLineTokenService tokens, DirectLineConversationStore store,
        IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock)
    {
        var (grant, failure) = await DirectLineEndpoints.AuthorizeAsync(http, tokens, conversationId, http.Request.Query["t"].ToString());
        if (failure is not null)
        {
            await failure.ExecuteAsync(http);
            return;
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await DirectLineEndpoints.Error(StatusCodes.Status400BadRequest, "BadArgument", "This URL is a WebSocket stream.").ExecuteAsync(http);
            return;
        }

        var settings = options.Value.Embedded;
        var conversation = await store.GetOrCreateAsync(conversationId, grant!.UserId, null, http.RequestAborted);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var session = new DirectLineStreamSession(clock.GetUtcNow());
        var watermark = DirectLineEndpoints.ParseWatermark(http.Request.Query["watermark"].ToString());
        if (!conversation.TryAttach(session, watermark, clock.GetUtcNow() - settings.SilentSocketTimeout))
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, CollisionReason, http.RequestAborted);
            return;
        }

        // 'stop' ends both loops: the client closed, the request aborted, or the app is stopping.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            var reading = DrainClientAsync(socket, session, clock, stop);
            await WriteFramesAsync(socket, session, settings.KeepAliveInterval, stop.Token);
            if (session.Replaced || session.Overflowed)
            {
                // The server ends it: replaced by a newer socket, or the client cannot keep up.
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, session.Replaced ? CollisionReason : "too slow");
                stop.CancelAfter(TimeSpan.FromSeconds(5)); // time for the client's answering close frame
            }
            await reading;
        }
        finally
        {
            conversation.Detach(session);
            session.Complete();
        }
        if (socket.State == WebSocketState.CloseReceived) await CloseQuietlyAsync(socket, WebSocketCloseStatus.NormalClosure, "");
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            await socket.CloseOutputAsync(status, reason, CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }
    }

    private static async Task WriteFramesAsync(WebSocket socket, DirectLineStreamSession session, TimeSpan keepAlive, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(keepAlive);
                string frame;
                try
                {
                    if (!await session.Frames.WaitToReadAsync(wait.Token)) return;
                    if (!session.Frames.TryRead(out frame!)) continue;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    frame = ""; // keep-alive: an empty text frame, which clients ignore (PROTOCOL.md §6.3)
                }
                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The client went away or the app is stopping.
        }
    }

    /// <summary>Reads (and ignores) what the client sends, noting when it was last heard; stops everything when it closes.</summary>
    private static async Task DrainClientAsync(WebSocket socket, DirectLineStreamSession session, TimeProvider clock, CancellationTokenSource stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
                session.Heard(clock.GetUtcNow());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        await stop.CancelAsync();
    }
}
