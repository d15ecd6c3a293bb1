using NJsonSchema;
using SupportBot.Cards;

namespace SupportBot.Tests.Cards;

/// <summary>Validates cards against the official Adaptive Card 1.5 schema (shared/schemas/adaptive-card-1.5.json).</summary>
public static class CardSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(SharedSchemas.PathOf("adaptive-card-1.5.json")).GetAwaiter().GetResult());

    /// <summary>The schema's complaints about <paramref name="json"/>, one line each; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string json) =>
        Schema.Value.Validate(json).Select(error => $"{error.Path}: {error.Kind} {error.Property}").ToList();

    public static void AssertValid(string json)
    {
        var errors = Errors(json);
        Assert.True(errors.Count == 0, $"Card is not schema-valid:\n{string.Join('\n', errors)}\n{json}");
    }

    public static void AssertValid(AdaptiveCard card) => AssertValid(card.ToJson());
}

/// <summary>
/// Finds the shared/ folder that sits beside the repository: CI clones the repo with shared/ next to it;
/// a developer worktree may sit one level deeper, so every ancestor of the repo root is tried.
/// </summary>
public static class SharedSchemas
{
    public static string PathOf(string fileName)
    {
        var root = RepoRoot();
        for (var directory = Directory.GetParent(root); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "schemas", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"shared/schemas/{fileName} not found beside the repository ({root}/../shared/schemas). Clone the repo with shared/ next to it.");
    }

    /// <summary>The directory holding SupportBot.csproj, found from the test binaries upwards.</summary>
    public static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "SupportBot.csproj"))) return directory.FullName;
        throw new DirectoryNotFoundException($"No SupportBot.csproj above {AppContext.BaseDirectory}.");
    }
}
