using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Recognition;

/// <summary>
/// The CLU project file (Language Studio export/import format, PROTOCOL.md §8.2 (clu concepts/data-formats.md)):
/// the one training source for both CLU and the embedded recognizer. Only the parts we read are modelled.
/// </summary>
public sealed record CluProject(
    string ProjectFileVersion,
    string StringIndexType,
    CluProjectMetadata Metadata,
    CluAssets Assets)
{
    /// <summary>Logical name of the embedded copy of Recognition/clu/SupportBot.clu.json.</summary>
    public const string ResourceName = "SupportBot.Recognition.clu.SupportBot.clu.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static CluProject Parse(string json) =>
        JsonSerializer.Deserialize<CluProject>(json, JsonOptions) ?? throw new InvalidDataException("Empty CLU project file.");

    /// <summary>The project shipped inside the assembly.</summary>
    public static CluProject LoadEmbedded()
    {
        using var stream = typeof(CluProject).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing (see SupportBot.csproj).");
        return JsonSerializer.Deserialize<CluProject>(stream, JsonOptions) ?? throw new InvalidDataException("Empty CLU project file.");
    }
}

public sealed record CluProjectMetadata(string ProjectKind, string ProjectName, bool Multilingual, string Language, string? Description);

public sealed record CluAssets(
    string ProjectKind,
    IReadOnlyList<CluIntent> Intents,
    IReadOnlyList<CluEntity> Entities,
    IReadOnlyList<CluUtterance> Utterances);

public sealed record CluIntent(string Category);

public sealed record CluEntity(string Category, string? CompositionSetting, CluList? List, CluRegex? Regex);

public sealed record CluList(IReadOnlyList<CluSublist> Sublists);

public sealed record CluSublist(string ListKey, IReadOnlyList<CluSynonyms> Synonyms);

public sealed record CluSynonyms(string Language, IReadOnlyList<string> Values);

public sealed record CluRegex(IReadOnlyList<CluRegexExpression> Expressions);

public sealed record CluRegexExpression(string RegexKey, string Language, string RegexPattern);

public sealed record CluUtterance(string Text, string Intent, string Language, string? Dataset, IReadOnlyList<CluEntityLabel>? Entities);

public sealed record CluEntityLabel(string Category, int Offset, int Length);

/// <summary>Our languages (Localization/Language.cs) to CLU language codes (PROTOCOL.md §8.2, clu language-support.md).</summary>
public static class CluLanguages
{
    public const string EnglishUs = "en-us";
    public const string ChineseSimplified = "zh-hans";
    public const string Japanese = "ja";

    public static string FromLanguage(string language) => language switch
    {
        Localization.Language.ChineseSimplified => ChineseSimplified,
        Localization.Language.Japanese => Japanese,
        _ => EnglishUs,
    };

    public static string ToLanguage(string cluLanguage) => cluLanguage switch
    {
        ChineseSimplified => Localization.Language.ChineseSimplified,
        Japanese => Localization.Language.Japanese,
        _ => Localization.Language.English,
    };
}
