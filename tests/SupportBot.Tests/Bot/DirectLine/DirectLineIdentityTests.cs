using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;
using SupportBot.Tests.WebChat;

namespace SupportBot.Tests.Bot.DirectLine;

/// <summary>
/// Issue 11 finding 2: an anonymous web visitor's identity is issued by the server and bound to the signed token;
/// a user id the browser names is ignored, so nobody opens another person's requests by naming their id.
/// </summary>
public sealed class DirectLineIdentityTests
{
    /// <summary>A visitor of the page who has filed a request (a live chat): the one an attacker wants to read.</summary>
    private static async Task<(WebChatTokenResponse Grant, ServiceRequest Request)> VictimWithARequestAsync(DirectLineHost host)
    {
        var grant = await host.PageTokenAsync();
        var conversation = await host.StartAsync(grant.Token, grant.UserId);
        await host.PostMessageAsync(conversation, "talk to a person");
        var store = host.Services.GetRequiredService<IRequestStore>();
        var request = await AgentDeskWait(async () => (await store.ListByRequesterAsync(Channels.DirectLine, grant.UserId!)).SingleOrDefault());
        return (grant, request);
    }

    private static async Task<T> AgentDeskWait<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Nothing came.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_user_id_named_by_the_browser_does_not_open_that_persons_requests()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        var (victim, request) = await VictimWithARequestAsync(host);

        // The attack of the finding: POST /api/directline/token {"user":{"id":"dl_<someone>"}}, a new conversation, "my requests".
        var attacker = await host.PageTokenAsync(new { user = new { id = victim.UserId } });
        var conversation = await host.StartAsync(attacker.Token, victim.UserId);
        await host.PostMessageAsync(conversation, "my requests");
        var answer = await host.WaitForBotAsync(conversation, a => a.Text?.Contains("no requests yet", StringComparison.Ordinal) == true || a.Visible().Contains(request.Id, StringComparison.Ordinal));

        Assert.DoesNotContain(request.Id, answer.Visible());
        Assert.DoesNotContain("Withdraw", answer.Visible());
        Assert.NotEqual(victim.UserId, attacker.UserId);
        Assert.StartsWith("dl_", attacker.UserId);
    }

    [Fact]
    public async Task Naming_the_request_number_or_pressing_its_withdraw_button_finds_nothing_for_someone_else()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        var (victim, request) = await VictimWithARequestAsync(host);
        var attacker = await host.PageTokenAsync(new { user = new { id = victim.UserId } });
        var conversation = await host.StartAsync(attacker.Token, victim.UserId);

        await host.PostMessageAsync(conversation, request.Id);
        var lookedUp = await host.WaitForBotAsync(conversation, a => a.Visible().Contains(request.Id, StringComparison.Ordinal));
        var withdraw = new
        {
            type = "message",
            from = new { id = victim.UserId, role = "user" },
            value = new { topic = "request", value = "withdraw", request = request.Id },
        };
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/activities", conversation.Token, withdraw)).StatusCode);
        var refused = await host.WaitForBotAsync(conversation, a => a.Visible().Contains(request.Id, StringComparison.Ordinal) && a.Id != lookedUp.Id);

        Assert.Contains($"I can't find a request {request.Id} of yours.", lookedUp.Text);
        Assert.Contains($"I can't find a request {request.Id} of yours.", refused.Text);
        var stored = await host.Services.GetRequiredService<IRequestStore>().GetAsync(request.Id);
        Assert.NotEqual(RequestStatus.Withdrawn, stored!.Status);
    }

    [Fact]
    public async Task The_page_route_and_tokens_generate_pick_the_user_id_themselves_for_a_visitor()
    {
        await using var host = await DirectLineHost.StartAsync();

        var page = await host.PageTokenAsync(new { user = new { id = "dl_chosen-by-the-browser" } });
        var empty = await host.PageTokenAsync();
        // The page's origin without the secret, naming a user, at the embedded tokens/generate.
        var generated = await host.Http.PostAsJsonAsync("v3/directline/tokens/generate", new { user = new { id = "dl_chosen-by-the-browser" } });
        var token = (await generated.Content.ReadFromJsonAsync<DirectLineConversationInfo>(ProtocolJson.Options))!;
        var conversation = await host.StartAsync(token.Token, "dl_chosen-by-the-browser");
        var (posted, _) = await host.PostMessageAsync(conversation, "hello");
        var echo = (await host.PollAsync(conversation)).Activities.First(a => a.Text == "hello");

        Assert.NotEqual("dl_chosen-by-the-browser", page.UserId);
        Assert.NotEqual(page.UserId, empty.UserId);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.NotEqual("dl_chosen-by-the-browser", echo.From!.Id);
        Assert.StartsWith("dl_", echo.From.Id);
    }

    [Fact]
    public async Task An_activity_claiming_another_from_id_is_rewritten_to_the_tokens_user()
    {
        await using var host = await DirectLineHost.StartAsync();
        var grant = await host.PageTokenAsync();
        var conversation = await host.StartAsync(grant.Token, grant.UserId);

        var claim = new { type = "message", text = "who am I", from = new { id = "dl_someone-else", role = "user" } };
        var response = await host.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/activities", conversation.Token, claim);
        var echo = (await host.PollAsync(conversation)).Activities.First(a => a.Text == "who am I");
        var reply = await host.WaitForBotAsync(conversation, a => a.Text == "echo: who am I");

        // Direct Line's enhanced authentication: from.id is changed to the id embedded in the token (PROTOCOL.md §6.4).
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(grant.UserId, echo.From!.Id);
        Assert.Equal(grant.UserId, reply.Recipient!.Id);
    }

    [Fact]
    public async Task A_trusted_server_side_caller_with_the_secret_may_name_the_user()
    {
        await using var host = await DirectLineHost.StartAsync();

        var token = await host.GenerateTokenAsync("dl_signed-in-user");
        var conversation = await host.StartAsync(token.Token);
        await host.PostMessageAsync(conversation, "hello");
        var echo = (await host.PollAsync(conversation)).Activities.First(a => a.Text == "hello");

        Assert.Equal("dl_signed-in-user", echo.From!.Id);
    }

    [Fact]
    public async Task With_Azure_the_user_id_sent_to_tokens_generate_is_the_servers_not_the_browsers()
    {
        await using var azure = await FakeAzureDirectLine.StartAsync();
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Secret"] = FakeAzureDirectLine.Secret,
            ["DirectLine:Domain"] = azure.Domain,
        });

        var grant = await host.PageTokenAsync(new { user = new { id = "dl_someone-else" } });

        var sent = JsonDocument.Parse(Assert.Single(azure.Calls).Body).RootElement.GetProperty("user").GetProperty("id").GetString();
        Assert.NotEqual("dl_someone-else", sent);
        Assert.StartsWith("dl_", sent);
        Assert.Equal(sent, grant.UserId);
    }
}
