using SupportBot.Localization;
using SupportBot.Requests;

namespace SupportBot.Tests.Localization;

/// <summary>
/// Issue 16 item 6: the withdraw confirmation names who really stops working on the request. A customer's requests
/// sit in the partner helpdesk's queue, a partner's in 21Vianet's desk's queue, so the string is chosen by the
/// request's queue: <c>status.withdrawConfirm.{AgentQueue}</c>.
/// </summary>
public sealed class WithdrawConfirmationTests
{
    private static readonly StringCatalog Strings = StringCatalog.Load();

    // Who each language says will stop, and who it must not name instead.
    [Theory]
    [InlineData(Language.English, AgentQueue.PartnerHelpdesk, "Your partner's helpdesk", "21Vianet")]
    [InlineData(Language.English, AgentQueue.VianetDesk, "21Vianet's support desk", "partner")]
    [InlineData(Language.ChineseSimplified, AgentQueue.PartnerHelpdesk, "您的合作伙伴的支持服务台", "世纪互联")]
    [InlineData(Language.ChineseSimplified, AgentQueue.VianetDesk, "世纪互联支持服务台", "合作伙伴")]
    [InlineData(Language.Japanese, AgentQueue.PartnerHelpdesk, "パートナーのヘルプデスク", "21Vianet")]
    [InlineData(Language.Japanese, AgentQueue.VianetDesk, "21Vianet のサポート デスク", "パートナー")]
    public void Each_queue_has_a_confirmation_naming_its_own_desk(string language, AgentQueue queue, string desk, string notTheOther)
    {
        var text = Strings.Get(language, $"status.withdrawConfirm.{queue}", "SR-20261121-0001");

        Assert.Contains("SR-20261121-0001", text);
        Assert.Contains(desk, text);
        Assert.DoesNotContain(notTheOther, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_queue_has_one_and_the_generic_confirmation_names_nobody_wrongly()
    {
        foreach (var language in Language.All)
        {
            foreach (var queue in Enum.GetValues<AgentQueue>())
                Assert.Contains($"status.withdrawConfirm.{queue}", Strings.Keys(language));
            var generic = Strings.Get(language, "status.withdrawConfirm", "SR-1");
            Assert.DoesNotContain("21Vianet", generic);
            Assert.DoesNotContain("世纪互联", generic);
        }
    }
}
