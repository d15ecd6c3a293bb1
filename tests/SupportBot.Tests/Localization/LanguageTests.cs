using SupportBot.Localization;

namespace SupportBot.Tests.Localization;

public sealed class LanguageTests
{
    [Theory]
    [InlineData("en", Language.English)]
    [InlineData("en-US", Language.English)]
    [InlineData("en-GB", Language.English)]
    [InlineData("EN_us", Language.English)]
    [InlineData("zh-Hans", Language.ChineseSimplified)]
    [InlineData("zh-CN", Language.ChineseSimplified)]
    [InlineData("zh-Hans-CN", Language.ChineseSimplified)]
    [InlineData("zh-SG", Language.ChineseSimplified)]
    [InlineData("zh_cn", Language.ChineseSimplified)]
    [InlineData("zh", Language.ChineseSimplified)]
    [InlineData("zh-TW", Language.ChineseSimplified)]
    [InlineData("zh-HK", Language.ChineseSimplified)]
    [InlineData("zh-Hant", Language.ChineseSimplified)]
    [InlineData("zh-Hant-TW", Language.ChineseSimplified)]
    [InlineData("ja", Language.Japanese)]
    [InlineData("ja-JP", Language.Japanese)]
    public void Tags_as_people_write_them_are_one_of_ours(string tag, string expected)
    {
        Assert.Equal(expected, Language.Normalize(tag));
        Assert.Equal(expected, Language.FromLocale(tag));
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("de")]
    [InlineData("english")]
    [InlineData("zh--CN")]
    [InlineData("zh CN")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_languages_and_non_tags_are_not_ours(string? tag)
    {
        Assert.Null(Language.Normalize(tag));
        Assert.Equal(Language.English, Language.FromLocale(tag));
    }

    [Theory]
    [InlineData("zh-TW", true)]
    [InlineData("zh-HK", true)]
    [InlineData("zh-MO", true)]
    [InlineData("zh-Hant", true)]
    [InlineData("zh-Hant-CN", true)]
    [InlineData("zh-CN", false)]
    [InlineData("zh-Hans", false)]
    [InlineData("zh-Hans-HK", false)]
    [InlineData("zh-SG", false)]
    [InlineData("ja-JP", false)]
    [InlineData(null, false)]
    public void Traditional_Chinese_is_told_apart(string? tag, bool traditional) => Assert.Equal(traditional, Language.IsTraditionalChinese(tag));
}
