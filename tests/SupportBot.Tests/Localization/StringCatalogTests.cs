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
}
