using SupportBot.Localization;

namespace SupportBot.Tests.Localization;

public sealed class StringCatalogTests
{
    [Fact]
    public void Every_key_exists_in_every_language_and_is_not_empty()
    {
        var catalog = StringCatalog.Load();
        var english = catalog.Keys(Language.English).ToHashSet();
        foreach (var language in Language.All)
        {
            var keys = catalog.Keys(language).ToHashSet();
            Assert.True(english.SetEquals(keys),
                $"{language}: missing [{string.Join(", ", english.Except(keys))}], extra [{string.Join(", ", keys.Except(english))}]");
            Assert.All(keys, key => Assert.False(string.IsNullOrWhiteSpace(catalog.Get(language, key)), $"{language}:{key} is empty"));
        }
    }

    [Theory]
    [InlineData("zh-CN", Language.ChineseSimplified)]
    [InlineData("zh-Hans", Language.ChineseSimplified)]
    [InlineData("ja-JP", Language.Japanese)]
    [InlineData("ja", Language.Japanese)]
    [InlineData("en-GB", Language.English)]
    [InlineData("fr-FR", Language.English)]
    [InlineData(null, Language.English)]
    [InlineData("", Language.English)]
    public void Locales_map_to_our_languages(string? locale, string expected) => Assert.Equal(expected, Language.FromLocale(locale));
}
