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
/// WebSocket connections with a reason value of collision"). A client whose first socket died unnoticed gets in once
/// the keep-alive on the dead one fails; DirectLineJS retries every 3–15 s (PROTOCOL.md §6.3). What the client
/// sends (DirectLineJS pings with empty frames) is read and ignored.
/// </summary>
public static class DirectLineStream
{
    public const string CollisionReason = "collision";

    public static async Task HandleAsync(HttpContext http, string conversationId, DirectLineTokenService tokens, DirectLineConversationStore store,
        IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
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

        var conversation = await store.GetOrCreateAsync(conversationId, grant!.UserId, null, http.RequestAborted);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var session = new DirectLineStreamSession();
        if (!conversation.TryAttach(session, DirectLineEndpoints.ParseWatermark(http.Request.Query["watermark"].ToString())))
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, CollisionReason, http.RequestAborted);
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            var reading = DrainClientAsync(socket, stop);
            await WriteFramesAsync(socket, session, options.Value.Embedded.KeepAliveInterval, stop.Token);
            await stop.CancelAsync();
            await reading;
        }
        finally
        {
            conversation.Detach(session);
            session.Complete();
        }

        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            var (status, reason) = session.Overflowed ? (WebSocketCloseStatus.PolicyViolation, "too slow") : (WebSocketCloseStatus.NormalClosure, "");
            try
            {
                await socket.CloseOutputAsync(status, reason, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
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

    /// <summary>Reads (and ignores) what the client sends; stops everything when it closes.</summary>
    private static async Task DrainClientAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        await stop.CancelAsync();
    }
}
