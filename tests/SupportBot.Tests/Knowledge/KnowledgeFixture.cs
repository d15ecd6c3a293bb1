using Microsoft.Extensions.Options;
using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

/// <summary>A private copy of Fixtures/knowledge (the tests add, break and remove files in it), deleted afterwards.</summary>
public sealed class KnowledgeFixture : IDisposable
{
    public KnowledgeFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"supportbot-knowledge-{Guid.NewGuid():N}");
        Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "knowledge"), Directory);
    }

    public string Directory { get; }

    public string PathOf(string language, string id) => Path.Combine(Directory, language, $"{id}.md");

    public KnowledgeBase Load() => new(Options.Create(new KnowledgeOptions { Directory = Directory, Watch = false }));

    public static string Article(string id, string title, string keywords, string body, string audience = "customer, partner, agent", string topic = "General") =>
        $"""
        ---
        id: {id}
        title: {title}
        audience: [{audience}]
        topic: {topic}
        keywords: [{keywords}]
        source: https://learn.microsoft.com/microsoft-365/
        reviewed: 2026-12-01
        ---

        {body}
        """;

    private static void Copy(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in System.IO.Directory.GetDirectories(from)) Copy(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
