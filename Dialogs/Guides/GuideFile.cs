using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Dialogs.Guides;

/// <summary>
/// The JSON shape of <c>Content/guides/&lt;language&gt;/&lt;id&gt;.json</c>, read as is and then checked and
/// turned into a <see cref="Guide"/> by <see cref="GuideCatalog"/>. Unknown properties are rejected so that a
/// writer's typo ("step" for "steps") fails the load instead of silently dropping text.
/// </summary>
internal sealed record GuideFile(
    string? Id,
    string? Intent,
    IReadOnlyList<string>? Roles,
    string? Area,
    string? Title,
    string? Summary,
    IReadOnlyList<GuideStepFile>? Steps,
    IReadOnlyList<string>? Notes,
    GuideOutcomeFile? Outcome,
    IReadOnlyDictionary<string, GuideVariantFile>? Variants,
    IReadOnlyDictionary<string, GuideNotSolvedFile>? NotSolved)
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

/// <summary>A role's own telling of the guide; whatever it leaves out is taken from the guide itself.</summary>
internal sealed record GuideVariantFile(
    string? Summary,
    IReadOnlyList<GuideStepFile>? Steps,
    IReadOnlyList<string>? Notes,
    GuideOutcomeFile? Outcome);

internal sealed record GuideStepFile(string? Id, string? Title, string? Text, GuideLinkFile? Link);

internal sealed record GuideLinkFile(string? Title, string? Url);

internal sealed record GuideOutcomeFile(bool CustomerCannotChange, string? Statement, string? Offer);

internal sealed record GuideNotSolvedFile(string? Request, string? Category);
