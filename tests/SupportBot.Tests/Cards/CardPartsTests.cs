using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

public sealed class CardPartsTests
{
    private static CardButton Button(string title) => new(title, new Dictionary<string, string> { ["choice"] = title });

    private static List<List<string>> Rows(params string[] titles) =>
        CardParts.ButtonRows(titles.Select(Button)).Select(row => row.Actions.Select(action => action.Title!).ToList()).ToList();

    [Fact]
    public void Short_buttons_share_a_row_up_to_three()
    {
        Assert.Equal([["Yes", "No"]], Rows("Yes", "No"));
        Assert.Equal([["A", "B", "C"], ["D"]], Rows("A", "B", "C", "D"));
    }

    [Fact]
    public void Long_titles_get_rows_of_their_own_and_CJK_counts_double()
    {
        Assert.Equal([["Set up your organization and users"], ["Do admin tasks yourself", "Billing"]],
            Rows("Set up your organization and users", "Do admin tasks yourself", "Billing"));
        // 12 ideographs are as wide as 24 Latin letters.
        Assert.Equal(24, CardParts.TitleWidth("サービスとソフトウェアの"));
        Assert.Equal([["サービスとソフトウェアの更新"], ["サービスが遅い、または利用できない"]], Rows("サービスとソフトウェアの更新", "サービスが遅い、または利用できない"));
        Assert.Equal([["是", "否"]], Rows("是", "否"));
    }
}
