using SupportBot.Requests.Privacy;

namespace SupportBot.Tests.Requests.Privacy;

public sealed class ContactDetailsMaskTests
{
    [Theory]
    [InlineData("mail li.wei@contoso.cn about it", "mail [email] about it")]
    [InlineData("call +86 138 0013 8000 please", "call [phone] please")]
    [InlineData("我的电话13800138000", "我的电话[number]")]
    [InlineData("card 6222020200112233445", "card [number]")]
    [InlineData("身份证 11010519491231002X", "身份证 **************002X")]
    [InlineData("status of SR-20240512-0031", "status of SR-20240512-0031")]
    [InlineData("add 25 licences to Office 365", "add 25 licences to Office 365")]
    public void Text_for_content_writers_also_hides_emails_phones_and_long_numbers(string text, string masked) => Assert.Equal(masked, PersonalDataMask.MaskContactDetails(text));
}
