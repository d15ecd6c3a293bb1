using System.Globalization;
using System.Text.Json;

namespace SupportBot.Localization;

/// <summary>
/// The user-visible strings under Content/strings, one flat JSON file per area and language
/// (<c>&lt;area&gt;.&lt;language&gt;.json</c>, e.g. <c>common.ja.json</c>): data that support writers edit.
/// Every key must exist in every language (a test checks it) and in one area only.
/// </summary>
public sealed class StringCatalog
{
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _byLanguage;

    public StringCatalog(Dictionary<string, IReadOnlyDictionary<string, string>> byLanguage) => _byLanguage = byLanguage;

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Content", "strings");

    public static StringCatalog Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        var byLanguage = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var language in Language.All)
        {
            var strings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in Directory.GetFiles(directory, $"*.{language}.json").Order(StringComparer.Ordinal))
            {
                var area = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))
                    ?? throw new InvalidDataException($"{path} is empty.");
                foreach (var (key, text) in area)
                    if (!strings.TryAdd(key, text)) throw new InvalidDataException($"String '{key}' is defined twice ({path}).");
            }
            byLanguage[language] = strings;
        }
        return new StringCatalog(byLanguage);
    }

    public IReadOnlyCollection<string> Keys(string language) => _byLanguage[language].Keys.ToList();

    /// <summary>The unformatted string for <paramref name="key"/> in <paramref name="language"/> only, or null (no English fallback).</summary>
    public string? Find(string language, string key) => _byLanguage[language].TryGetValue(key, out var text) ? text : null;

    /// <summary>The string for <paramref name="key"/> in <paramref name="language"/>, formatted with <paramref name="args"/>.</summary>
    public string Get(string language, string key, params object?[] args)
    {
        if (!_byLanguage.TryGetValue(language, out var strings)) strings = _byLanguage[Language.English];
        if (!strings.TryGetValue(key, out var text) && !_byLanguage[Language.English].TryGetValue(key, out text))
            throw new KeyNotFoundException($"No string '{key}'.");
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }
}
