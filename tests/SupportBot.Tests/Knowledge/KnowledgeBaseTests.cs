using Microsoft.Extensions.Options;
using SupportBot.Knowledge;

namespace SupportBot.Tests.Knowledge;

public sealed class KnowledgeBaseTests
{
    private const Audience Everyone = Audience.Customer | Audience.Partner | Audience.Agent;

    [Fact]
    public void Reads_every_language_and_skips_drafts_and_other_files()
    {
        using var fixture = new KnowledgeFixture();
        var knowledge = fixture.Load();
        Assert.Equal(["onedrive-sync-paused", "partner-invoice-download", "vpn-split-tunnel-teams"], knowledge.Index("en").Articles.Select(a => a.Id));
        Assert.Equal(2, knowledge.Index("zh-Hans").Count);
        Assert.Equal(2, knowledge.Index("ja").Count);
        Assert.Null(knowledge.Find("draft-only", "en"));
        Assert.Empty(knowledge.Problems);
    }

    [Fact]
    public void Works_with_no_folder_at_all()
    {
        var knowledge = new KnowledgeBase(Options.Create(new KnowledgeOptions { Directory = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}") }));
        Assert.Empty(knowledge.Suggest("teams calls drop on vpn", "en", Everyone));
        Assert.Equal(0, knowledge.Index("ja").Count);
    }

    [Fact]
    public void A_broken_edit_is_refused_and_the_last_good_version_stays_served()
    {
        using var fixture = new KnowledgeFixture();
        var knowledge = fixture.Load();
        var path = fixture.PathOf("en", "onedrive-sync-paused");
        File.WriteAllText(path, File.ReadAllText(path).Replace("topic: SoftwareConfiguration", "topic: Sync"));

        var load = knowledge.Reload();

        var problem = Assert.Single(load.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(5, problem.Line);
        Assert.Equal("OneDrive stopped syncing files", knowledge.Find("onedrive-sync-paused", "en")?.Title);

        File.WriteAllText(path, File.ReadAllText(path).Replace("topic: Sync", "topic: SoftwareConfiguration").Replace("OneDrive stopped syncing files", "OneDrive sync is stuck"));
        Assert.Empty(knowledge.Reload().Problems);
        Assert.Equal("OneDrive sync is stuck", knowledge.Find("onedrive-sync-paused", "en")?.Title);
    }

    [Fact]
    public void A_new_broken_file_is_refused_and_a_removed_file_is_gone()
    {
        using var fixture = new KnowledgeFixture();
        var knowledge = fixture.Load();
        File.WriteAllText(fixture.PathOf("en", "broken"), "---\nid: broken\n");
        File.Delete(fixture.PathOf("en", "partner-invoice-download"));

        var load = knowledge.Reload();

        Assert.Contains(load.Problems, problem => problem.Path.EndsWith("broken.md", StringComparison.Ordinal));
        Assert.Null(knowledge.Find("broken", "en"));
        Assert.Null(knowledge.Find("partner-invoice-download", "en"));
        Assert.NotNull(knowledge.Find("vpn-split-tunnel-teams", "en"));
    }

    [Fact]
    public void Suggestions_follow_the_audience()
    {
        using var fixture = new KnowledgeFixture();
        var knowledge = fixture.Load();
        Assert.Equal("partner-invoice-download", knowledge.Suggest("where do I download the invoice", "en", Audience.Partner).First().Article.Id);
        Assert.DoesNotContain(knowledge.Suggest("where do I download the invoice", "en", Audience.Customer), hit => hit.Article.Id == "partner-invoice-download");
        Assert.Empty(knowledge.Suggest("vpn teams calls drop", "en", Audience.Agent));
    }

    [Fact]
    public async Task The_check_command_lists_refused_files_and_fails()
    {
        using var fixture = new KnowledgeFixture();
        Assert.Equal(0, await KnowledgeCommands.CheckAsync(["check", fixture.Directory]));
        File.WriteAllText(fixture.PathOf("ja", "bad"), "---\nid: bad\nowner: me\n---\nbody\n");
        var output = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(1, await KnowledgeCommands.CheckAsync(["check", fixture.Directory]));
        }
        finally
        {
            Console.SetOut(previous);
        }
        Assert.Contains($"{fixture.PathOf("ja", "bad")}:3: unknown key 'owner'", output.ToString());
    }
}
