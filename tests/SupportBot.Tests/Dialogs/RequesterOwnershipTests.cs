using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// Issue 11 finding 2: a live chat, like a request, belongs to the identity that asked for it. Someone else in the
/// same conversation (a group chat) cannot end it or answer the agent's question in the requester's place.
/// </summary>
public sealed class RequesterOwnershipTests
{
    [Fact]
    public async Task Another_person_in_the_same_conversation_cannot_end_someone_elses_live_chat()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var app = new BotAppFactory();
        using var client = app.CreateClient();
        async Task<HttpResponseMessage> SayAsync(string userId, string text) =>
            await client.PostAsJsonAsync("/api/messages", Activities.WebChatMessage(text, connector.ServiceUrl, userId, conversationId: "shared-chat"), ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, (await SayAsync("dl_asker", "talk to a person")).StatusCode);
        var store = app.Services.GetRequiredService<IRequestStore>();
        var chat = Assert.Single(await store.ListByRequesterAsync(Channels.WebChat, "dl_asker"));
        Assert.Equal(HttpStatusCode.OK, (await SayAsync("dl_bystander", "end chat")).StatusCode);

        var after = (await store.GetAsync(chat.Id))!;
        Assert.Null(after.LiveChat!.EndedAt);
        Assert.Contains(connector.Messages, m => m.Recipient?.Id == "dl_bystander" && m.Text?.Contains("not chatting with a person", StringComparison.Ordinal) == true);
    }
}
