using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs;

/// <summary>
/// One routing decision per message (issue 12 item 4): the greeting as the recognizer knows it, command words from
/// Content/strings/commands.*, live chat and an agent's pending question ranked before every flow.
/// </summary>
public sealed class RoutingTests
{
    private static async Task<List<Activity>> Say(SupportBotHarness bot, string text)
    {
        await bot.Adapter.ProcessAsync(new Activity { Type = ActivityTypes.Message, Text = text });
        var replies = new List<Activity>();
        while (bot.Adapter.TryDequeueReply(out var reply)) replies.Add(reply);
        return replies;
    }

    [Theory]
    [InlineData("en-US", "Good morning!", "Hi, I'm SupportBot")]
    [InlineData("zh-CN", "早上好", "您好，我是 SupportBot")]
    [InlineData("ja-JP", "おはようございます", "SupportBot")]
    public async Task A_first_greeting_the_recognizer_knows_gets_the_welcome_once(string locale, string greeting, string title)
    {
        await using var bot = SupportBotHarness.Start().AsWebChatCustomer(locale);

        var replies = await Say(bot, greeting);

        Assert.Single(replies, r => r.Visible().Contains(title, StringComparison.Ordinal));
    }
}
