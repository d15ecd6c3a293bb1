using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

public sealed class ChoiceRecognizerTests
{
    [Theory]
    [InlineData("ｱｶｳﾝﾄ", "アカウント")]
    [InlineData("Ｈｅｌｌｏ，　Ｗｏｒｌｄ！", "helloworld")]
    [InlineData("「请求」。", "请求")]
    [InlineData("  Yes, please! ", "yesplease")]
    public void Width_case_punctuation_and_spaces_fold_away(string typed, string normalized) =>
        Assert.Equal(normalized, TextNormalizer.Normalize(typed));

    [Fact]
    public void A_choice_named_by_a_number_wins_over_the_ordinal_reading()
    {
        Choice[] years = [new("2023"), new("2")];

        Assert.Equal("2", ChoiceRecognizer.Recognize("2", years)!.Value);
        Assert.Equal("2023", ChoiceRecognizer.Recognize("1", years)!.Value);
    }

    [Fact]
    public void Without_partial_matching_only_whole_answers_count()
    {
        Choice[] answers = [new("yes", "Yes"), new("no", "No")];

        Assert.Null(ChoiceRecognizer.Recognize("i dont know", answers, allowPartialMatch: false));
        Assert.Equal("no", ChoiceRecognizer.Recognize("No!", answers, allowPartialMatch: false)!.Value);
    }
}
