using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.DirectLine;

/// <summary>A clock the test moves by hand (token expiry, idle eviction) instead of waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// A bot that makes protocol tests independent of what the support flows say: it welcomes each person added with
/// "Welcome (&lt;locale&gt;)" and answers a message with "echo: &lt;text&gt;".
/// </summary>
public sealed class ProtocolTestBot : BotApplication
{
    public ProtocolTestBot()
    {
        OnMembersAdded(async (turn, ct) =>
        {
            foreach (var member in turn.Activity.MembersAdded ?? [])
                if (member.Id != turn.Activity.Recipient?.Id) await turn.SendActivityAsync($"Welcome ({turn.Activity.Locale})", ct);
        });
        OnMessage((turn, ct) => turn.SendActivityAsync($"echo: {turn.Activity.Text}", ct));
    }
}

/// <summary>
/// The app on Kestrel at 127.0.0.1:0 (with <see cref="ProtocolTestBot"/> unless <c>realBot</c>) with its own SQLite file, plus a Direct Line 3.0 client for tests:
/// tokens, start, post, poll, and the WebSocket stream. A second host on the same <see cref="DatabasePath"/> is the
/// same bot restarted.
/// </summary>
public sealed class DirectLineHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly BotAppFactory _root;

    /// <summary>The embedded endpoint's secret the host is started with, unless a test configures its own.</summary>
    public const string DefaultSecret = "direct-line-host-secret";

    private readonly string _secret;

    private DirectLineHost(BotAppFactory root, WebApplicationFactory<Program> factory, ManualClock clock, string baseUrl, string secret)
    {
        _root = root;
        _factory = factory;
        _secret = secret;
        Clock = clock;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        Http.DefaultRequestHeaders.Add("Origin", baseUrl.TrimEnd('/'));
    }

    public ManualClock Clock { get; }

    /// <summary>http://127.0.0.1:port/</summary>
    public string BaseUrl { get; }

    public string ServiceUrl => BaseUrl + "v3/directline";

    /// <summary>A client that looks like the bot's own page (same Origin).</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _factory.Services;

    public string DatabasePath => _root.DatabasePath;

    /// <summary>Runs a query on the bot's SQLite file and reads the first column of each row (what is really stored).</summary>
    public List<long> QueryDatabase(string sql, params (string Name, string Value)[] parameters)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        using var reader = command.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
            for (var column = 0; column < reader.FieldCount; column++) values.Add(reader.GetInt64(column));
        return values;
    }

    public static Task<DirectLineHost> StartAsync(IDictionary<string, string?>? settings = null, string? databasePath = null, ManualClock? clock = null, bool realBot = false)
    {
        var configured = new Dictionary<string, string?> { ["DirectLine:Embedded:Secret"] = DefaultSecret };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) configured[key] = value;
        var root = new BotAppFactory(configured, databasePath);
        clock ??= new ManualClock();
        var factory = root.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                if (!realBot) services.AddSingleton<BotApplication, ProtocolTestBot>();
            }));
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return Task.FromResult(new DirectLineHost(root, factory, clock, address.TrimEnd('/') + "/", configured["DirectLine:Embedded:Secret"] ?? ""));
    }

    /// <summary>
    /// A token for <paramref name="userId"/>, asked for as a trusted server-side caller does (with the endpoint's
    /// secret): only such a caller may name the user; the page's visitors get ids the server picks.
    /// </summary>
    public async Task<DirectLineConversationInfo> GenerateTokenAsync(string? userId = "dl_test-user")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v3/directline/tokens/generate")
        {
            Content = JsonContent.Create(new { user = new { id = userId } }),
        };
        if (_secret.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _secret);
        var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
    }

    /// <summary>What the web chat page does: POST /api/directline/token from its own origin, with <paramref name="body"/>.</summary>
    public async Task<WebChatTokenResponse> PageTokenAsync(object? body = null)
    {
        var response = body is null ? await Http.PostAsync("api/directline/token", null) : await Http.PostAsJsonAsync("api/directline/token", body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WebChatTokenResponse>(ProtocolJson.Options))!;
    }

    /// <summary>Starts the conversation of a token the page got, as DirectLineJS does (it sends the user id it was given).</summary>
    public async Task<DirectLineConversationInfo> StartAsync(string? token, string? claimedUserId = null, string locale = "en-US")
    {
        var response = await SendAsync(HttpMethod.Post, "v3/directline/conversations", token, new { user = new { id = claimedUserId }, locale });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
    }

    /// <summary>Polls until the bot has said something that <paramref name="match"/> accepts, or fails after 10 s.</summary>
    public async Task<Activity> WaitForBotAsync(DirectLineConversationInfo conversation, Func<Activity, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var set = await PollAsync(conversation);
            if (set.Activities.FirstOrDefault(a => a.From?.Role == RoleTypes.Bot && match(a)) is { } found) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The bot said nothing that matched. It said: " + string.Join(" | ", set.Activities.Select(a => a.Text)));
            await Task.Delay(50);
        }
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is string text) request.Content = new StringContent(text, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: ProtocolJson.Options);
        return await Http.SendAsync(request);
    }

    /// <summary>Generates a token and starts its conversation, as DirectLineJS does; the welcome turn has run when it returns.</summary>
    public async Task<DirectLineConversationInfo> StartConversationAsync(string locale = "en-US", string userId = "dl_test-user")
    {
        var token = await GenerateTokenAsync(userId);
        var response = await SendAsync(HttpMethod.Post, "v3/directline/conversations", token.Token, new { user = new { id = userId }, locale });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
    }

    /// <summary>Posts a message as Web Chat does (random clientActivityID); returns the response and the clientActivityID.</summary>
    public async Task<(HttpResponseMessage Response, string ClientActivityId)> PostMessageAsync(DirectLineConversationInfo conversation, string text, string locale = "en-US")
    {
        var clientActivityId = Guid.NewGuid().ToString("N");
        var activity = new
        {
            type = "message",
            text,
            locale,
            channelId = "webchat",
            from = new { id = "someone-else", name = "Customer", role = "user" },
            channelData = new { clientActivityID = clientActivityId },
        };
        var response = await SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/activities", conversation.Token, activity);
        return (response, clientActivityId);
    }

    public async Task<ActivitySet> PollAsync(DirectLineConversationInfo conversation, string? watermark = "")
    {
        var response = await SendAsync(HttpMethod.Get, $"v3/directline/conversations/{conversation.ConversationId}/activities?watermark={watermark}", conversation.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ActivitySet>(ProtocolJson.Options))!;
    }

    public async Task<DirectLineSocket> OpenStreamAsync(string streamUrl)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
        return new DirectLineSocket(socket);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await _root.DisposeAsync();
    }
}

/// <summary>The client end of a conversation's stream: reads ActivitySet frames, skipping keep-alives.</summary>
public sealed class DirectLineSocket(ClientWebSocket socket) : IAsyncDisposable
{
    private readonly List<Activity> _received = [];

    public ClientWebSocket Socket { get; } = socket;

    public IReadOnlyList<Activity> Received => _received;

    /// <summary>Reads frames until an activity matches, or fails after <paramref name="timeout"/>.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match, TimeSpan? timeout = null)
    {
        if (_received.FirstOrDefault(match) is { } seen) return seen;
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await ReceiveTextAsync(cancel.Token);
            if (frame is null) throw new InvalidOperationException($"The stream closed: {Socket.CloseStatus} {Socket.CloseStatusDescription}");
            if (frame.Length == 0) continue; // keep-alive
            var set = ProtocolJson.Deserialize<ActivitySet>(frame)!;
            _received.AddRange(set.Activities);
            if (set.Activities.FirstOrDefault(match) is { } found) return found;
        }
    }

    /// <summary>The next frame as sent, keep-alives included (null when the server closed).</summary>
    public async Task<string?> ReceiveFrameAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await ReceiveTextAsync(cancel.Token);
    }

    /// <summary>Waits for the server to close the socket; returns its reason.</summary>
    public async Task<string?> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (await ReceiveTextAsync(cancel.Token) is not null) { }
        return Socket.CloseStatusDescription;
    }

    private async Task<string?> ReceiveTextAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Socket.State == WebSocketState.Open)
        {
            try
            {
                await Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
        }
        Socket.Dispose();
    }
}
