using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Tests.Playground;

/// <summary>
/// The Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>, installed in tests/e2e by test.sh)
/// as a child process on 127.0.0.1, pointed at a bot. It mocks the channel and the Connector: it posts activities to
/// the bot and takes the bot's replies on <c>/_connector</c>. We talk to it through the same local routes its web UI
/// uses (read from the package's dist/index.js): <c>GET /_internal/v1/config</c>, <c>POST
/// /_conversation/v1/conversations/{id}/messages</c> and the <c>/_ws/log/stream</c> WebSocket.
/// </summary>
public sealed partial class AgentsPlayground : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workDirectory;

    private AgentsPlayground(Process process, string workDirectory, Uri baseAddress)
    {
        _process = process;
        _workDirectory = workDirectory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The Playground's console and log file, for failure messages.</summary>
    public string Output
    {
        get
        {
            var log = Path.Combine(_workDirectory, "playground.log");
            lock (_output) return _output + (File.Exists(log) ? File.ReadAllText(log) : "");
        }
    }

    /// <summary>Starts the Playground for <paramref name="channelId"/> (<c>msteams</c> or <c>webchat</c>) against <paramref name="botEndpoint"/>.</summary>
    public static async Task<AgentsPlayground> StartAsync(Uri botEndpoint, string channelId)
    {
        var e2e = FindE2eDirectory();
        var cli = Path.Combine(e2e, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");
        if (!File.Exists(cli)) throw new InvalidOperationException($"{cli} is missing: run `npm ci` in tests/e2e (test.sh does).");

        var port = FreeLoopbackPort();
        var workDirectory = Directory.CreateTempSubdirectory("supportbot-playground-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workDirectory, // it writes ./devTools and reads ./.m365agentsplayground.yml from here
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--require", Path.Combine(e2e, "loopback-only.cjs"), cli,
            "--app-endpoint", botEndpoint.ToString(),
            "--channel-id", channelId,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--service-url", $"http://127.0.0.1:{port}/_connector",
            "--disable-telemetry",
        }) start.ArgumentList.Add(argument);
        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none"; // do not open a browser
        start.Environment["M365_AGENTS_PLAYGROUND_LOGFILE"] = Path.Combine(workDirectory, "playground.log");

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var playground = new AgentsPlayground(process, workDirectory, new Uri($"http://127.0.0.1:{port}/"));
        void OnLine(object _, DataReceivedEventArgs line)
        {
            if (line.Data is null) return;
            lock (playground._output) playground._output.AppendLine(line.Data);
            if (ListeningLine().Match(line.Data) is { Success: true } match) listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The Playground exited ({process.ExitCode}):\n{playground.Output}"));

        try
        {
            var actualPort = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (actualPort != port) throw new InvalidOperationException($"The Playground took port {actualPort} instead of {port} (port race); its service URL would be wrong.");
            return playground;
        }
        catch
        {
            await playground.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Opens the log stream the web UI's log panel shows: every activity the Playground posted to the bot and every
    /// call the bot made to its Connector, with full request bodies (buffered until a client connects).
    /// </summary>
    public async Task<ClientWebSocket> OpenLogStreamAsync(CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{BaseAddress.Port}/_ws/log/stream"), cancellationToken);
        return socket;
    }

    /// <summary>
    /// Reads the log stream until the bot has answered the user's message <paramref name="userText"/>: returns the
    /// activity the Playground posted to the bot and the bot's reply to it (matched by <c>replyToId</c>).
    /// </summary>
    public static async Task<(JsonElement Inbound, JsonElement Reply)> WaitForReplyAsync(ClientWebSocket logStream, string userText, CancellationToken cancellationToken)
    {
        var inbound = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var replies = new List<JsonElement>();
        while (true)
        {
            var frame = await ReceiveFrameAsync(logStream, cancellationToken);
            if (frame is not { } update || !update.TryGetProperty("log", out var log) || !log.TryGetProperty("request", out var request)
                || !request.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Object
                || !body.TryGetProperty("type", out var type) || type.GetString() != "message")
                continue;

            if (log.GetProperty("to").GetString() == "User Application")
            {
                if (body.TryGetProperty("text", out var text) && text.GetString() == userText) inbound[body.GetProperty("id").GetString()!] = body.Clone();
            }
            else
            {
                replies.Add(body.Clone());
            }

            foreach (var reply in replies)
            {
                if (reply.TryGetProperty("replyToId", out var replyTo) && inbound.TryGetValue(replyTo.GetString()!, out var message))
                    return (message, reply);
            }
        }
    }

    private static async Task<JsonElement?> ReceiveFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("The Playground closed its log stream.");
            frame.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return frame.Length == 0 ? null : JsonDocument.Parse(frame.ToArray()).RootElement.Clone();
    }

    public Task<HttpResponseMessage> SendUserMessageAsync(string conversationId, string userId, string text, CancellationToken cancellationToken) =>
        Http.PostAsJsonAsync($"_conversation/v1/conversations/{Uri.EscapeDataString(conversationId)}/messages",
            new { from = new { id = userId }, text, textFormat = "plain" }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // The Playground ignores SIGTERM; kill it (and anything it spawned).
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_workDirectory, recursive: true); } catch (IOException) { }
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string FindE2eDirectory() => Path.Combine(RepositoryRoot(), "tests", "e2e");

    /// <summary>The checkout this test runs from: the first folder above the test binaries holding tests/e2e/package.json.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "tests", "e2e", "package.json"))) return directory.FullName;
        }
        throw new InvalidOperationException("tests/e2e/package.json not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
