using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Knowledge;

/// <summary>
/// Generated answers against a local fake of Azure OpenAI's chat completions endpoint (127.0.0.1, the same wire
/// format: POST /openai/deployments/{deployment}/chat/completions?api-version=…, api-key header, choices[0].message.content).
/// </summary>
public sealed class GeneratedAnswerTests
{
    private sealed class FakeAzureOpenAI : IAsyncDisposable
    {
        private readonly WebApplication _app;

        public FakeAzureOpenAI(Func<HttpContext, Task> respond)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
            _app = builder.Build();
            _app.MapPost("/openai/deployments/{deployment}/chat/completions", async context =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                Requests.Add((context.Request.Path + context.Request.QueryString, context.Request.Headers["api-key"].ToString(), body.RootElement.Clone()));
                await respond(context);
            });
            _app.StartAsync().GetAwaiter().GetResult();
            Endpoint = _app.Urls.Single();
        }

        public string Endpoint { get; }
        public List<(string Path, string ApiKey, JsonElement Body)> Requests { get; } = [];

        public ValueTask DisposeAsync() => _app.DisposeAsync();
    }

    private static Task Answer(HttpContext context, string content) =>
        context.Response.WriteAsJsonAsync(new { id = "chatcmpl-1", @object = "chat.completion", choices = new[] { new { index = 0, finish_reason = "stop", message = new { role = "assistant", content } } } });

    private static async Task<List<Activity>> Ask(FakeAzureOpenAI fake, KnowledgeFixture fixture, string question)
    {
        await using var bot = SupportBotHarness.Start(settings: new Dictionary<string, string?>
        {
            ["Knowledge:Directory"] = fixture.Directory,
            ["Knowledge:OpenAI:Endpoint"] = fake.Endpoint,
            ["Knowledge:OpenAI:Deployment"] = "gpt-4o-mini",
            ["Knowledge:OpenAI:ApiKey"] = "test-key",
            ["Knowledge:OpenAI:Timeout"] = "00:00:01",
        }).AsWebChatCustomer();
        await bot.Adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Text = question });
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    private const string Question = "the room display outside our meeting room shows yesterdays calendar";

    private static KnowledgeFixture WithRoomsArticle()
    {
        var fixture = new KnowledgeFixture();
        File.WriteAllText(fixture.PathOf("en", "meeting-room-display"), KnowledgeFixture.Article("meeting-room-display", "Meeting room display shows the wrong calendar",
            "meeting room, room display, calendar", "Re-link the room's resource mailbox so the display reads the right calendar."));
        return fixture;
    }

    [Fact]
    public async Task A_grounded_answer_is_shown_as_generated_with_its_sources()
    {
        using var fixture = WithRoomsArticle();
        await using var fake = new FakeAzureOpenAI(context => Answer(context, "Sign the display in with the room's **resource** account again [1]."));

        var replies = await Ask(fake, fixture, Question);

        var card = replies.Single(reply => reply.Visible().Contains("Suggested answer", StringComparison.Ordinal)).Visible();
        Assert.Contains("Generated answer from the articles below", card);
        Assert.Contains("Sign the display in with the room's **resource** account again [1].", card);
        Assert.Contains("[1] Meeting room display shows the wrong calendar", card);
        Assert.Contains(replies, reply => reply.Visible().Contains("Did this solve it?", StringComparison.Ordinal));

        var (path, apiKey, body) = Assert.Single(fake.Requests);
        Assert.Equal("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21", path);
        Assert.Equal("test-key", apiKey);
        var messages = body.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Contains("ONLY the numbered articles", messages[0].GetProperty("content").GetString());
        Assert.Contains("[1] Meeting room display shows the wrong calendar", messages[1].GetProperty("content").GetString());
        Assert.Contains(Question, messages[1].GetProperty("content").GetString());
    }

    public static TheoryData<string> Failures() => ["slow", "error", "uncited", "no-answer"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_slow_failing_or_ungrounded_service_falls_back_to_the_article_card(string failure)
    {
        using var fixture = WithRoomsArticle();
        await using var fake = new FakeAzureOpenAI(async context =>
        {
            switch (failure)
            {
                case "slow":
                    await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { });
                    break;
                case "error":
                    context.Response.StatusCode = 500;
                    break;
                case "uncited":
                    await Answer(context, "Just restart everything.");
                    break;
                default:
                    await Answer(context, "NO_ANSWER");
                    break;
            }
        });

        var replies = await Ask(fake, fixture, Question);

        Assert.Single(fake.Requests);
        Assert.DoesNotContain(replies, reply => reply.Visible().Contains("Suggested answer", StringComparison.Ordinal));
        Assert.Contains(replies, reply => reply.Visible().Contains("Re-link the room's resource mailbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_configuration_nothing_is_called_and_the_article_card_shows()
    {
        using var fixture = WithRoomsArticle();
        await using var bot = SupportBotHarness.Start(settings: new Dictionary<string, string?> { ["Knowledge:Directory"] = fixture.Directory }).AsWebChatCustomer();
        await bot.Adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Text = Question });
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        Assert.Contains(replies, reply => reply.Visible().Contains("Re-link the room's resource mailbox", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.cn", "https://cognitiveservices.azure.cn/.default")]
    [InlineData("https://contoso.openai.azure.com/", "https://cognitiveservices.azure.com/.default")]
    public void The_managed_identity_token_is_for_the_endpoints_cloud(string endpoint, string scope) =>
        Assert.Equal(scope, new SupportBot.Knowledge.GeneratedAnswerOptions { Endpoint = endpoint, Deployment = "d" }.ResolvedTokenScope);
}
