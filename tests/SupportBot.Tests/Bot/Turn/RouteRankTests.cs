using SupportBot.Bot.Schema;
using SupportBot.Bot.Turn;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Turn;

/// <summary>The route table decides once per activity: by rank, then in the order added.</summary>
public sealed class RouteRankTests
{
    public sealed class LiveFlag
    {
        public bool On { get; set; } = true;
    }

    private sealed class RankedBot : BotApplication
    {
        public RankedBot()
        {
            OnMessage((turn, ct) => turn.SendActivityAsync("last", ct), RouteRank.Last);
            OnMessage((turn, ct) =>
            {
                turn.State.Conversation.Set("live", new LiveFlag());
                return turn.SendActivityAsync("default", ct);
            });
            // Added after the others, yet tried first; it takes only what its selector (which reads state) accepts.
            OnMessage((turn, _) => Task.FromResult(turn.State.Conversation.Find<LiveFlag>("live") is not null),
                (turn, ct) => turn.SendActivityAsync("first", ct), RouteRank.First);
        }
    }

    [Fact]
    public async Task A_route_ranked_first_takes_the_turn_when_its_selector_says_so_and_only_one_route_answers()
    {
        var bot = new RankedBot();
        await new TestAdapter(bot).Flow()
            .Send("one").AssertReply("default").AssertNoReply()
            .Send("two").AssertReply("first").AssertNoReply()
            .StartTestAsync();

        Assert.True(bot.Handles(new Activity { Type = ActivityTypes.Message }));
        Assert.False(bot.Handles(new Activity { Type = ActivityTypes.Event, Name = "ping" }));
    }
}
