using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.DirectLine;

namespace SupportBot.Tests.Bot.DirectLine;

/// <summary>
/// Issue 11 finding 3: what the embedded Direct Line keeps is bounded: unhandled activities are not stored, a
/// conversation keeps a byte budget, memory across conversations has a cap, and stored conversations expire.
/// </summary>
public sealed class DirectLineBoundsTests
{
    private const int QuarterMegabyte = 250 * 1000;

    /// <summary>Rows and bytes the database holds for one conversation's transcript.</summary>
    private static (long Rows, long Bytes) Stored(DirectLineHost host, string conversationId)
    {
        var values = host.QueryDatabase("SELECT count(*), coalesce(sum(length(value)), 0) FROM state_items WHERE substr(key, 1, length($prefix)) = $prefix",
            ("$prefix", $"embedded-directline:activity/{conversationId}/"));
        return (values[0], values[1]);
    }

    private static bool AnyRowMentions(DirectLineHost host, string conversationId) =>
        host.QueryDatabase("SELECT count(*) FROM state_items WHERE instr(key, $id) > 0", ("$id", conversationId))[0] > 0;

    private static object BigEvent(int size) => new { type = "event", name = "webchat/unknown", value = new string('x', size), from = new { id = "dl_test-user" } };

    [Fact]
    public async Task Events_no_route_handles_are_accepted_but_not_stored()
    {
        await using var host = await DirectLineHost.StartAsync();
        var conversation = await host.StartConversationAsync();
        var before = Stored(host, conversation.ConversationId!);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await host.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/activities", conversation.Token, BigEvent(QuarterMegabyte))).StatusCode);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(before, Stored(host, conversation.ConversationId!));
        Assert.DoesNotContain((await host.PollAsync(conversation)).Activities, a => a.Name == "webchat/unknown");
    }

    [Fact]
    public async Task A_conversation_keeps_its_transcript_within_a_byte_budget()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:MaxBytesPerConversation"] = "600000",
        });
        var conversation = await host.StartConversationAsync();

        // Each message is stored twice (the echo and the bot's "echo: …" reply): 10 × 100 KB if nothing is dropped.
        for (var i = 0; i < 5; i++) await host.PostMessageAsync(conversation, $"{i} " + new string('y', 100_000));

        var (rows, bytes) = Stored(host, conversation.ConversationId!);
        Assert.InRange(bytes, 1, 600_000);
        Assert.InRange(rows, 2, 9);
        var set = await host.PollAsync(conversation);
        Assert.StartsWith("echo: 4 ", set.Activities[^1].Text); // the newest are kept
        Assert.Equal("11", set.Watermark);
    }

    [Fact]
    public async Task Memory_across_conversations_stays_under_the_process_cap_and_evicted_ones_come_back()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:MaxBytesPerConversation"] = "600000",
            ["DirectLine:Embedded:MaxLiveBytes"] = "1000000",
        });
        var store = host.Services.GetRequiredService<DirectLineConversationStore>();
        var conversations = new List<DirectLineConversationInfo>();
        for (var c = 0; c < 4; c++)
        {
            var conversation = await host.StartConversationAsync(userId: $"dl_user-{c}");
            conversations.Add(conversation);
            for (var i = 0; i < 3; i++) await host.PostMessageAsync(conversation, $"{c}.{i} " + new string('z', 100_000));
        }

        Assert.InRange(store.LiveBytes, 1, 1_000_000);
        Assert.True(store.LiveCount < 4, $"{store.LiveCount} conversations still in memory");
        // The first one left memory (least recently used); its transcript is read back from storage.
        var first = await host.PollAsync(conversations[0]);
        Assert.StartsWith("echo: 0.2 ", first.Activities[^1].Text);
    }

    [Fact]
    public async Task Stored_conversations_expire_after_the_retention_and_recent_ones_stay()
    {
        await using var host = await DirectLineHost.StartAsync(new Dictionary<string, string?>
        {
            ["DirectLine:Embedded:Retention"] = "1.00:00:00",
            ["DirectLine:Embedded:RetentionSweepInterval"] = "00:00:00.200",
        });
        var old = await host.StartConversationAsync(userId: "dl_old");
        await host.PostMessageAsync(old, "from long ago");
        host.Clock.Advance(TimeSpan.FromDays(2));
        var recent = await host.StartConversationAsync(userId: "dl_recent");
        await host.PostMessageAsync(recent, "from today");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (AnyRowMentions(host, old.ConversationId!) && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.False(AnyRowMentions(host, old.ConversationId!), "the expired conversation is still stored");
        Assert.True(Stored(host, recent.ConversationId!).Rows > 0);
        Assert.Equal("echo: from today", (await host.PollAsync(recent)).Activities[^1].Text);
    }
}
