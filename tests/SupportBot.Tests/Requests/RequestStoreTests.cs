using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Storage;

namespace SupportBot.Tests.Requests;

/// <summary>
/// The <see cref="IRequestStore"/> contract, run against every store. Each test gets a database of its own;
/// <see cref="CreateStore"/> opens another instance on it (another process, or the same one after a restart).
/// </summary>
public abstract class RequestStoreContractTests
{
    protected ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero));

    /// <summary>A new store instance on this test's database.</summary>
    protected abstract IRequestStore CreateStore();

    protected static NewRequest Sample(string submissionId, string userId = "29:user") => new()
    {
        SubmissionId = submissionId,
        Kind = RequestKind.ServiceRequest,
        Queue = AgentQueue.PartnerHelpdesk,
        Requester = new Requester
        {
            ChannelId = Channels.WebChat,
            UserId = userId,
            Name = "Li Wei",
            Role = "customer",
            Language = "zh-Hans",
            Conversation = new ConversationReference { ChannelId = Channels.WebChat, ServiceUrl = "http://127.0.0.1/", Conversation = new ConversationAccount("c1") },
        },
        Title = "Outlook 无法连接",
        Area = "connectivity",
        Severity = "moderate",
        Form = new() { ["title"] = "Outlook 无法连接", ["description"] = "从今天早上开始无法收发邮件" },
        SelfHelp = new SelfHelpRecord { GuideId = "connectivity", StepsShown = ["check-network", "restart-outlook"], Answer = "notSolved" },
    };

    [Fact]
    public async Task Filing_gives_a_readable_id_dated_in_China_time_and_counting_up()
    {
        var store = CreateStore();
        Clock.Now = new DateTimeOffset(2026, 11, 21, 17, 30, 0, TimeSpan.Zero); // 01:30 on the 22nd in Shanghai

        var first = await store.FileAsync(Sample("s1"), _ => []);
        var second = await store.FileAsync(Sample("s2"), _ => []);

        Assert.Equal("SR-20261122-0001", first.Request.Id);
        Assert.Equal("SR-20261122-0002", second.Request.Id);
        Assert.Equal(RequestStatus.Submitted, first.Request.Status);
        Assert.Equal(["check-network", "restart-outlook"], first.Request.SelfHelp!.StepsShown);
    }

    [Fact]
    public async Task A_live_chat_is_found_by_its_agents_thread_and_keeps_its_session_and_rating()
    {
        var store = CreateStore();
        var other = (await store.FileAsync(Sample("other"), _ => [])).Request;
        var chat = (await store.FileAsync(Sample("chat") with { LiveChat = new LiveChatSession { RequestedAt = Clock.Now } }, _ => [])).Request;
        var thread = new ConversationReference
        {
            ChannelId = Channels.MsTeams,
            ServiceUrl = "http://127.0.0.1/",
            Conversation = new ConversationAccount("19:agents@thread.tacv2;messageid=1700000000001", conversationType: "channel"),
        };
        Assert.Null(await store.FindByAgentThreadAsync(thread.Conversation.Id!));

        await store.UpdateAsync(chat.Id, r => r with { AgentThread = thread, AssignedTo = "Alex Chen", Satisfaction = 4 });
        await store.UpdateAsync(other.Id, r => r with { AgentThread = new ConversationReference { Conversation = new ConversationAccount("19:agents@thread.tacv2;messageid=2") } });

        var found = await CreateStore().FindByAgentThreadAsync("19:agents@thread.tacv2;messageid=1700000000001");
        Assert.Equal(chat.Id, found!.Id);
        Assert.Equal(Clock.Now, found.LiveChat!.RequestedAt);
        Assert.True(found.IsRelaying);
        Assert.Equal(4, found.Satisfaction);
        Assert.Null(await store.FindByAgentThreadAsync("19:agents@thread.tacv2"));
    }

    [Fact]
    public async Task The_same_submission_twice_files_one_request()
    {
        var store = CreateStore();
        var first = await store.FileAsync(Sample("same"), r => [OutboxMessage.Create("agent-notification", r.Id, new { r.Id }, Clock.Now)]);
        Clock.Now += TimeSpan.FromMinutes(1);

        var again = await store.FileAsync(Sample("same"), r => [OutboxMessage.Create("agent-notification", r.Id, new { r.Id }, Clock.Now)]);

        Assert.True(first.Created);
        Assert.False(again.Created);
        Assert.Equal(first.Request.Id, again.Request.Id);
        Assert.Single(await store.ListByRequesterAsync(Channels.WebChat, "29:user"));
        Assert.Single(await store.DueOutboxAsync(Clock.Now, 10));
    }

    [Fact]
    public async Task Twenty_concurrent_submits_of_one_card_file_one_request()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => CreateStore()).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => stores[i % stores.Length].FileAsync(Sample("double-click"), r => [OutboxMessage.Create("agent-notification", r.Id, new { r.Id }, Clock.Now)]))));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.Request.Id).Distinct());
        Assert.Single(await stores[0].ListByRequesterAsync(Channels.WebChat, "29:user"));
        Assert.Single(await stores[0].DueOutboxAsync(Clock.Now, 100));
    }

    [Fact]
    public async Task Updates_record_history_and_their_outbox_together_and_survive_a_restart()
    {
        var store = CreateStore();
        var filed = (await store.FileAsync(Sample("s"), _ => [])).Request;

        await store.UpdateAsync(filed.Id, r => new RequestUpdate(
            RequestLifecycle.Move(r, RequestStatus.Acknowledged, "agent@partner", Clock.Now),
            [OutboxMessage.Create("requester-update", r.Id, new { status = "Acknowledged" }, Clock.Now)]));

        var restarted = CreateStore();
        var reloaded = await restarted.GetAsync(filed.Id);
        Assert.Equal(RequestStatus.Acknowledged, reloaded!.Status);
        Assert.Equal([RequestStatus.Submitted, RequestStatus.Acknowledged], reloaded.History.Select(h => h.To));
        Assert.Equal("agent@partner", reloaded.History[^1].By);
        Assert.Equal(2, reloaded.Version);
        Assert.Equal("requester-update", Assert.Single(await restarted.DueOutboxAsync(Clock.Now, 10)).Kind);
    }

    [Fact]
    public async Task A_refused_change_writes_nothing()
    {
        var store = CreateStore();
        var filed = (await store.FileAsync(Sample("s"), _ => [])).Request;
        await store.UpdateAsync(filed.Id, r => RequestLifecycle.Move(r, RequestStatus.Withdrawn, "requester", Clock.Now));

        await Assert.ThrowsAsync<InvalidRequestTransitionException>(() =>
            store.UpdateAsync(filed.Id, r => new RequestUpdate(RequestLifecycle.Move(r, RequestStatus.InProgress, "agent", Clock.Now),
                [OutboxMessage.Create("requester-update", r.Id, new { }, Clock.Now)])));

        Assert.Equal(RequestStatus.Withdrawn, (await store.GetAsync(filed.Id))!.Status);
        Assert.Empty(await store.DueOutboxAsync(Clock.Now, 10));
    }

    [Fact]
    public async Task Outbox_messages_come_due_in_order_and_failures_are_kept()
    {
        var store = CreateStore();
        var filed = (await store.FileAsync(Sample("s"), r =>
        [
            OutboxMessage.Create("a", r.Id, new { n = 1 }, Clock.Now),
            OutboxMessage.Create("b", r.Id, new { n = 2 }, Clock.Now + TimeSpan.FromSeconds(1)),
        ])).Request;
        var due = await store.DueOutboxAsync(Clock.Now + TimeSpan.FromSeconds(5), 10);
        Assert.Equal(["a", "b"], due.Select(m => m.Kind));

        await store.SaveOutboxAsync(due[0] with { Status = OutboxStatus.Sent });
        await store.SaveOutboxAsync(due[1] with { Status = OutboxStatus.Failed, LastError = "403 BotNotInConversationRoster" });

        Assert.Empty(await store.DueOutboxAsync(Clock.Now + TimeSpan.FromHours(1), 10));
        Assert.Equal("403 BotNotInConversationRoster", Assert.Single(await store.FailedOutboxAsync()).LastError);
        Assert.Equal(filed.Id, due[0].RequestId);
    }

    [Fact]
    public async Task The_outbox_counts_what_is_pending_and_what_failed()
    {
        var store = CreateStore();
        Assert.Equal(new OutboxCounts(0, 0), await store.CountOutboxAsync());
        await store.FileAsync(Sample("s"), r =>
        [
            OutboxMessage.Create("a", r.Id, new { n = 1 }, Clock.Now),
            OutboxMessage.Create("b", r.Id, new { n = 2 }, Clock.Now),
            OutboxMessage.Create("c", r.Id, new { n = 3 }, Clock.Now + TimeSpan.FromHours(1)),
        ]);
        var due = await store.DueOutboxAsync(Clock.Now, 10);

        await store.SaveOutboxAsync(due[0] with { Status = OutboxStatus.Sent });
        await store.SaveOutboxAsync(due[1] with { Status = OutboxStatus.Failed, LastError = "404 ConversationNotFound" });

        // Pending counts messages not due yet too: they still have to go out; the oldest of them is "c", created an hour on.
        Assert.Equal(new OutboxCounts(Pending: 1, Failed: 1, OldestPendingAt: Clock.Now + TimeSpan.FromHours(1)), await CreateStore().CountOutboxAsync());
    }

    [Fact]
    public async Task The_oldest_pending_outbox_message_is_found_and_sent_or_failed_ones_do_not_count()
    {
        var store = CreateStore();
        Assert.Null((await store.CountOutboxAsync()).OldestPendingAt);
        await store.FileAsync(Sample("s"), r =>
        [
            OutboxMessage.Create("a", r.Id, new { n = 1 }, Clock.Now - TimeSpan.FromMinutes(30)),
            OutboxMessage.Create("b", r.Id, new { n = 2 }, Clock.Now - TimeSpan.FromMinutes(20)),
            OutboxMessage.Create("c", r.Id, new { n = 3 }, Clock.Now - TimeSpan.FromMinutes(10)),
        ]);
        Assert.Equal(Clock.Now - TimeSpan.FromMinutes(30), (await CreateStore().CountOutboxAsync()).OldestPendingAt);

        var due = await store.DueOutboxAsync(Clock.Now, 10);
        await store.SaveOutboxAsync(due.Single(m => m.Kind == "a") with { Status = OutboxStatus.Sent });
        await store.SaveOutboxAsync(due.Single(m => m.Kind == "b") with { Status = OutboxStatus.Failed, LastError = "404 ConversationNotFound" });

        Assert.Equal(Clock.Now - TimeSpan.FromMinutes(10), (await CreateStore().CountOutboxAsync()).OldestPendingAt);
    }

    [Fact]
    public async Task Concurrent_updates_each_apply_to_the_latest_version()
    {
        var stores = Enumerable.Range(0, 2).Select(_ => CreateStore()).ToArray();
        var filed = (await stores[0].FileAsync(Sample("s"), _ => [])).Request;

        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => stores[i % stores.Length].UpdateAsync(filed.Id, r => new RequestUpdate(
            r with { Notes = [.. r.Notes, new RequestNote("agent", Clock.Now, $"note {i}")] },
            [OutboxMessage.Create("requester-update", r.Id, new { note = i }, Clock.Now)])))));

        var latest = (await stores[1].GetAsync(filed.Id))!;
        Assert.Equal(11, latest.Version);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"note {i}").Order(), latest.Notes.Select(n => n.Text).Order());
        Assert.Equal(10, (await stores[0].DueOutboxAsync(Clock.Now, 100)).Count);
    }

    [Fact]
    public async Task One_persons_requests_and_their_outbox_are_listed_and_deleted_alone()
    {
        var store = CreateStore();
        var mine = (await store.FileAsync(Sample("a", "dl_me"), r => [OutboxMessage.Create("agent-notification", r.Id, new { r.Id }, Clock.Now)])).Request;
        var other = (await store.FileAsync(Sample("b", "dl_other"), r => [OutboxMessage.Create("agent-notification", r.Id, new { r.Id }, Clock.Now)])).Request;

        Assert.Equal([mine.Id], (await store.ListByUserAsync("dl_me")).Select(r => r.Id));
        Assert.Single(await store.OutboxOfRequestAsync(mine.Id));
        Assert.True(await store.DeleteAsync(mine.Id));
        Assert.False(await store.DeleteAsync(mine.Id));

        var again = CreateStore();
        Assert.Null(await again.GetAsync(mine.Id));
        Assert.Empty(await again.ListByUserAsync("dl_me"));
        Assert.Empty(await again.OutboxOfRequestAsync(mine.Id));
        Assert.Single(await again.OutboxOfRequestAsync(other.Id));
        Assert.Equal(other.Id, (await again.GetAsync(other.Id))!.Id);
        Assert.Equal(other.Id, Assert.Single(await again.DueOutboxAsync(Clock.Now, 10)).RequestId);
    }

    [Fact]
    public async Task Updating_an_unknown_request_says_so()
    {
        var store = CreateStore();

        await Assert.ThrowsAsync<RequestNotFoundException>(() => store.UpdateAsync("SR-20261121-9999", r => r));
        Assert.Null(await store.GetAsync("SR-20261121-9999"));
        Assert.Null(await store.FindBySubmissionAsync("never"));
    }
}

public sealed class SqliteRequestStoreTests : RequestStoreContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"requests-{Guid.NewGuid():N}.db");

    protected override IRequestStore CreateStore() => new SqliteRequestStore(new SqliteDatabase(_path), Options.Create(new RequestOptions()), Clock);
}

public sealed class RequestLifecycleTests
{
    [Theory]
    [InlineData(RequestStatus.Submitted, RequestStatus.Acknowledged, true)]
    [InlineData(RequestStatus.Resolved, RequestStatus.InProgress, true)]
    [InlineData(RequestStatus.Resolved, RequestStatus.Closed, true)]
    [InlineData(RequestStatus.Closed, RequestStatus.InProgress, false)]
    [InlineData(RequestStatus.Withdrawn, RequestStatus.Resolved, false)]
    [InlineData(RequestStatus.Submitted, RequestStatus.Closed, false)]
    public void The_lifecycle_allows_only_real_moves(RequestStatus from, RequestStatus to, bool allowed) =>
        Assert.Equal(allowed, RequestLifecycle.CanMove(from, to));
}

/// <summary>A clock the test sets.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
