using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Requests.Escalation;
using SupportBot.Tests.Requests;

namespace SupportBot.Tests.Requests.Escalation;

/// <summary>The Partner Center sink against a local fake of the service-request API and of the token endpoint.</summary>
public sealed class PartnerCenterSinkTests : IAsyncLifetime
{
    private WebApplication _fake = null!;
    private string _baseUrl = "";
    private readonly ConcurrentQueue<(string Method, string Path, Dictionary<string, string> Headers, string Body)> _calls = new();
    private int _failCreates;
    private int _tokenCalls;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _fake = builder.Build();
        _fake.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            Interlocked.Increment(ref _tokenCalls);
            return form["grant_type"] == "refresh_token" && form["refresh_token"] == "rt-123"
                ? Results.Json(new { access_token = "pc-token", expires_in = 3600, token_type = "Bearer" })
                : Results.StatusCode(400);
        });
        _fake.MapPost("/v1/servicerequests/{locale}", async (HttpRequest request, string locale) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            _calls.Enqueue(("POST", request.Path, Copy(request.Headers), body));
            if (Interlocked.Decrement(ref _failCreates) >= 0) return Results.StatusCode(503);
            return Results.Json(new { id = "616122292874576", status = "open", title = "t" });
        });
        _fake.MapGet("/v1/servicerequests/{id}", (HttpRequest request, string id) =>
        {
            _calls.Enqueue(("GET", request.Path, Copy(request.Headers), ""));
            return Results.Json(new { id, status = "closed" });
        });
        await _fake.StartAsync();
        _baseUrl = _fake.Urls.First();
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    // The request's headers are gone once the handler returns; keep a copy.
    private static Dictionary<string, string> Copy(IHeaderDictionary headers) =>
        headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    private PartnerCenterServiceRequestSink CreateSink()
    {
        var http = new HttpClient();
        var tokens = new RefreshTokenPartnerCenterTokenSource(http, Options.Create(new PartnerCenterAuthOptions
        {
            Authority = _baseUrl, TenantId = "partner-tenant", ClientId = "app", ClientSecret = "secret", RefreshToken = "rt-123",
        }), TimeProvider.System);
        return new PartnerCenterServiceRequestSink(http, tokens, Options.Create(new PartnerCenterApiOptions
        {
            Enabled = true,
            BaseUrl = _baseUrl,
            AgentLocale = "zh-CN",
            SupportTopicIds = new() { ["escalation"] = "32569836", ["billing"] = "111" },
        }));
    }

    private static ServiceRequest Escalation() => new()
    {
        Id = "SR-20261121-0007",
        SubmissionId = "s",
        Kind = RequestKind.Escalation,
        Queue = AgentQueue.VianetDesk,
        Requester = new Requester
        {
            ChannelId = Channels.MsTeams, UserId = "29:partner", Name = "Tanaka", Role = "partner", Language = "ja",
            Conversation = new ConversationReference(),
        },
        Title = "Mail flow stopped for Contoso",
        Severity = "critical",
        Form = new() { ["customerName"] = "Contoso", ["contactName"] = "Tanaka", ["email"] = "tanaka@partner.example", ["phone"] = "03-1234-5678" },
        SelfHelp = new SelfHelpRecord { GuideId = "escalation-precheck", StepsShown = ["customer-requests"], Answer = "notSolved" },
        Status = RequestStatus.Submitted,
        CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task Filing_posts_the_documented_request_and_returns_the_external_id()
    {
        var filing = await CreateSink().FileAsync(Escalation(), CancellationToken.None);

        Assert.Equal("616122292874576", filing.ExternalId);
        var call = Assert.Single(_calls);
        Assert.Equal("/v1/servicerequests/zh-CN", call.Path);
        Assert.Equal("Bearer pc-token", call.Headers["Authorization"]);
        Assert.Equal("zh-CN", call.Headers["X-Locale"]);
        Assert.True(Guid.TryParse(call.Headers["MS-RequestId"], out _));
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("critical", body.RootElement.GetProperty("severity").GetString());
        Assert.Equal("32569836", body.RootElement.GetProperty("supportTopicId").GetString());
        Assert.StartsWith("[SR-20261121-0007]", body.RootElement.GetProperty("title").GetString());
        Assert.Contains("escalation-precheck", body.RootElement.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_token_is_cached_between_calls_and_status_is_read_back()
    {
        var sink = CreateSink();
        await sink.FileAsync(Escalation(), CancellationToken.None);

        var status = await sink.GetStatusAsync(Escalation() with { ExternalId = "616122292874576" }, CancellationToken.None);

        Assert.Equal("closed", status);
        Assert.Equal(1, _tokenCalls);
        Assert.Equal("/v1/servicerequests/616122292874576", _calls.Last().Path);
    }

    [Fact]
    public async Task A_server_error_is_transient_and_a_missing_topic_is_a_clear_configuration_error()
    {
        _failCreates = 1;
        var failure = await Assert.ThrowsAsync<PartnerCenterApiException>(() => CreateSink().FileAsync(Escalation(), CancellationToken.None));
        Assert.True(failure.IsTransient);

        var partnerCenter = Escalation() with { Kind = RequestKind.PartnerCenterRequest, Form = new() { ["category"] = "technical" } };
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateSink().FileAsync(partnerCenter, CancellationToken.None));
        Assert.Contains("'technical'", missing.Message);
    }
}
