using System.Net;
using SupportBot.Tests.Bot.DirectLine;

namespace SupportBot.Tests.Requests.Privacy;

/// <summary>Issue 11 finding 9: what a web chat visitor types is masked before the embedded Direct Line stores it.</summary>
public sealed class TranscriptMaskingTests
{
    private static long RowsContaining(DirectLineHost host, string text) =>
        host.QueryDatabase("SELECT count(*) FROM state_items WHERE instr(value, $text) > 0", ("$text", text))[0];

    [Fact]
    public async Task A_password_or_an_ID_card_number_typed_in_the_web_chat_is_not_kept_in_the_transcript()
    {
        await using var host = await DirectLineHost.StartAsync(realBot: true);
        var conversation = await host.StartConversationAsync();

        var (typed, _) = await host.PostMessageAsync(conversation, "我的密码是Secret123! 身份证 11010519491231002X");
        var submit = new
        {
            type = "message",
            from = new { id = "dl_test-user" },
            value = new { topic = "form", description = "password: hunter2zz" },
        };
        var submitted = await host.SendAsync(HttpMethod.Post, $"v3/directline/conversations/{conversation.ConversationId}/activities", conversation.Token, submit);
        var echo = (await host.PollAsync(conversation)).Activities.First(a => a.Text?.StartsWith("我的密码是", StringComparison.Ordinal) == true);

        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.DoesNotContain("Secret123!", echo.Text);
        Assert.DoesNotContain("11010519491231002X", echo.Text);
        Assert.Equal(0, RowsContaining(host, "Secret123!"));
        Assert.Equal(0, RowsContaining(host, "11010519491231002X"));
        Assert.Equal(0, RowsContaining(host, "hunter2zz"));
    }
}
