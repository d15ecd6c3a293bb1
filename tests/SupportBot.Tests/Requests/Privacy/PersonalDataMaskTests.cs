using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Requests.Privacy;
using SupportBot.Storage;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Requests.Privacy;

/// <summary>
/// Issue 11 finding 9: ID-card numbers, bank card numbers and what looks like a password or secret are masked
/// before a request, a note or a message to an agent is stored; contact details and ordinary numbers are kept.
/// </summary>
public sealed class PersonalDataMaskTests
{
    [Theory]
    [InlineData("My ID card is 11010519491231002X, please help", "11010519491231002X", "002X")]
    [InlineData("身份证号 440306199003071232。", "440306199003071232", "1232")]
    [InlineData("id 11010519491231002x", "11010519491231002x", "002x")]
    public void A_Chinese_ID_card_number_with_a_valid_check_character_is_masked(string text, string number, string kept)
    {
        var masked = PersonalDataMask.Mask(text);

        Assert.DoesNotContain(number, masked);
        Assert.Contains("**************" + kept, masked);
    }

    [Theory]
    [InlineData("Card 6222020200112230 was charged twice", "6222020200112230", "************2230")]
    [InlineData("卡号 6212 2602 0001 2345 670 扣款两次", "6212 2602 0001 2345 670", "***************5670")]
    [InlineData("card: 6222-0202-0011-2230", "6222-0202-0011-2230", "************2230")]
    public void A_bank_card_number_that_passes_the_Luhn_check_is_masked(string text, string number, string shown)
    {
        var masked = PersonalDataMask.Mask(text);

        Assert.DoesNotContain(number, masked);
        Assert.Contains(shown, masked);
    }

    [Theory]
    [InlineData("password: hunter2", "hunter2")]
    [InlineData("My password is Tr0ub4dor&3 and it stopped working", "Tr0ub4dor&3")]
    [InlineData("login with pwd=abc123!", "abc123!")]
    [InlineData("我的密码是abc123456，登录不了", "abc123456")]
    [InlineData("密码：Abc!234", "Abc!234")]
    [InlineData("口令 778899aa", "778899aa")]
    [InlineData("パスワードは secret99 です", "secret99")]
    [InlineData("パスワード：Pa55word", "Pa55word")]
    [InlineData("client secret = 8Q~abcDEF123ghiJKL456mnoPQR789stu", "8Q~abcDEF123ghiJKL456mnoPQR789stu")]
    [InlineData("api_key=0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    [InlineData("here is my key sk-proj-abcdefghijklmnopqrstuvwx123456", "sk-proj-abcdefghijklmnopqrstuvwx123456")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXBhcnQ", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXBhcnQ")]
    [InlineData("AWS key AKIAIOSFODNN7EXAMPLE leaked", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")]
    public void What_looks_like_a_password_or_a_secret_is_masked(string text, string secret)
    {
        var masked = PersonalDataMask.Mask(text);

        Assert.DoesNotContain(secret, masked);
        Assert.Contains(PersonalDataMask.Hidden, masked);
    }

    [Theory]
    [InlineData("Outlook cannot connect since this morning; error 0x800CCC0E")]
    [InlineData("Request SR-20261121-0001 is still open")]
    [InlineData("Call me on 13812345678 or write to li.wei@contoso.cn")]
    [InlineData("Tenant 72f988bf-86f1-41af-91ab-2d7cd011db47, order 1234567890123456")]
    [InlineData("ID 110105194912310021 is not a valid one")]
    [InlineData("I forgot my password and need a reset")]
    [InlineData("忘记密码了，怎么重置？")]
    [InlineData("パスワードを忘れました")]
    [InlineData("")]
    public void Ordinary_text_contact_details_and_invalid_numbers_are_kept(string text) =>
        Assert.Equal(text, PersonalDataMask.Mask(text));

    [Fact]
    public void Masking_twice_changes_nothing_more()
    {
        var once = PersonalDataMask.Mask("ID 11010519491231002X, card 6222020200112230, password: hunter2");

        Assert.Equal(once, PersonalDataMask.Mask(once));
    }

    [Fact]
    public async Task A_request_its_notes_and_what_agents_are_told_are_stored_masked()
    {
        var path = Path.Combine(Path.GetTempPath(), $"mask-{Guid.NewGuid():N}.db");
        var store = new SqliteRequestStore(new SqliteDatabase(path), Options.Create(new RequestOptions()), TimeProvider.System);

        var filed = await store.FileAsync(SampleRequests.WebChat("dl_someone", "密码是abc123456 登录失败",
            new() { ["description"] = "身份证 11010519491231002X，卡号 6222020200112230", ["phone"] = "13812345678" }),
            request => [OutboxMessage.Create(OutboxKinds.AgentNotification, request.Id,
            new AgentNotification(request.Id, AgentNotification.RelayMessage, "my password: hunter2", "Li"), DateTimeOffset.UtcNow)]);
        var noted = await store.UpdateAsync(filed.Request.Id, r => r with { Notes = [.. r.Notes, new RequestNote("Li", DateTimeOffset.UtcNow, "new password is Secret123!")] });
        var stored = (await store.GetAsync(filed.Request.Id))!;
        var told = Assert.Single(await store.DueOutboxAsync(DateTimeOffset.UtcNow.AddMinutes(1), 10));

        Assert.DoesNotContain("abc123456", stored.Title);
        Assert.DoesNotContain("11010519491231002X", stored.Form["description"]);
        Assert.DoesNotContain("6222020200112230", stored.Form["description"]);
        Assert.Equal("13812345678", stored.Form["phone"]); // contact details stay: the agent calls back
        Assert.DoesNotContain("Secret123!", Assert.Single(stored.Notes).Text);
        Assert.Equal(stored.Notes, noted.Notes);
        Assert.DoesNotContain("hunter2", told.Payload.GetRawText());
    }
}
