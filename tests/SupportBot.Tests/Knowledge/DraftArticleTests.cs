using SupportBot.Knowledge;
using SupportBot.Requests;
using SupportBot.Tests.Dialogs.Agents;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Knowledge;

/// <summary>"Draft an article" on a resolved request's card in Teams: a draft file for a writer, only for agents.</summary>
public sealed class DraftArticleTests : IAsyncLifetime
{
    private readonly KnowledgeFixture _fixture = new();
    private FakeConnector _connector = null!;
    private AgentDesk _desk = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _desk = AgentDesk.Start(_connector, settings: new Dictionary<string, string?> { ["Knowledge:Directory"] = _fixture.Directory });
    }

    public async Task DisposeAsync()
    {
        await _desk.DisposeAsync();
        await _connector.DisposeAsync();
        _fixture.Dispose();
    }

    [Fact]
    public async Task An_agent_turns_a_resolved_request_into_a_draft_for_a_writer()
    {
        var filed = await _desk.FileThroughTheFormAsync();
        var request = await _desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var draftPath = Path.Combine(_fixture.Directory, "drafts", "en", $"draft-{request.Id.ToLowerInvariant()}.md");

        var early = await _desk.InvokeAsync("draftArticle", request);
        Assert.Equal("Only a resolved request can become a draft article.", early.GetProperty("value").GetString());
        Assert.False(File.Exists(draftPath));

        var resolved = await _desk.InvokeAsync("resolve", request, data: new Dictionary<string, string> { ["resolution"] = "Cleared the PDF viewer cache; mail li.wei@contoso.cn if it returns." });
        Assert.Contains("Draft an article", resolved.GetProperty("value").GetRawText());
        request = await _desk.WaitForRequestAsync(request.Id, r => r.Status == RequestStatus.Resolved);

        var stranger = await _desk.InvokeAsync("draftArticle", request, userId: "29:stranger", teamId: "19:another-team@thread.skype");
        Assert.Equal("Only agents of the partner helpdesk can act on this request.", stranger.GetProperty("value").GetString());
        Assert.False(File.Exists(draftPath));

        var drafted = await _desk.InvokeAsync("draftArticle", request);
        Assert.Equal("application/vnd.microsoft.activity.message", drafted.GetProperty("type").GetString());
        Assert.Equal($"Draft article written for a writer to review: {Path.Combine("drafts", "en", Path.GetFileName(draftPath))}", drafted.GetProperty("value").GetString());

        var text = await File.ReadAllTextAsync(draftPath);
        Assert.Contains($"id: draft-{request.Id.ToLowerInvariant()}", text);
        Assert.Contains("audience: [customer]", text);
        Assert.Contains("Cleared the PDF viewer cache", text);
        Assert.DoesNotContain("li.wei@contoso.cn", text);
        Assert.Contains(request.Id, text);

        // Not served as a draft; moved into en/ unchanged it is refused until the writer names its source.
        var knowledge = _fixture.Load();
        Assert.Null(knowledge.Find($"draft-{request.Id.ToLowerInvariant()}", "en"));
        File.Move(draftPath, _fixture.PathOf("en", Path.GetFileNameWithoutExtension(draftPath)));
        var problem = Assert.Single(knowledge.Reload().Problems);
        Assert.Contains("'source' is required", problem.Message);
    }
}
