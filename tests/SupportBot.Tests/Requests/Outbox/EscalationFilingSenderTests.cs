using Microsoft.Extensions.Options;
using SupportBot.Bot.Schema;
using SupportBot.Requests;
using SupportBot.Requests.Escalation;
using SupportBot.Requests.Outbox;
using SupportBot.Storage;

namespace SupportBot.Tests.Requests.Outbox;

/// <summary>The escalation-filing outbox message on a real SQLite store: the sink's id is kept, and filing happens once.</summary>
public sealed class EscalationFilingSenderTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 3, 0, 0, TimeSpan.Zero));
    private readonly SqliteRequestStore _store;

    public EscalationFilingSenderTests() =>
        _store = new SqliteRequestStore(new SqliteDatabase(Path.Combine(Path.GetTempPath(), $"filing-{Guid.NewGuid():N}.db")), Options.Create(new RequestOptions()), _clock);

    [Fact]
    public async Task The_sinks_id_is_stored_on_the_request_and_a_repeated_message_files_nothing_more()
    {
        var sink = new CountingSink("2611210010001234");
        var sender = new EscalationFilingSender(_store, sink, _clock);
        var message = await FileAsync();

        await sender.SendAsync(message, CancellationToken.None);
        await sender.SendAsync(message, CancellationToken.None);

        var request = (await _store.GetAsync(message.RequestId!))!;
        Assert.Equal("2611210010001234", request.ExternalId);
        Assert.Equal(1, sink.Calls);
        Assert.Contains(request.History, change => change.Note == "filed with counting: 2611210010001234");
    }

    [Fact]
    public async Task The_built_in_store_sink_leaves_the_request_as_it_is()
    {
        var message = await FileAsync();

        await new EscalationFilingSender(_store, new StoreEscalationSink(), _clock).SendAsync(message, CancellationToken.None);

        var request = (await _store.GetAsync(message.RequestId!))!;
        Assert.Null(request.ExternalId);
        Assert.Equal(1, request.Version);
    }

    private async Task<OutboxMessage> FileAsync()
    {
        OutboxMessage? filing = null;
        await _store.FileAsync(new NewRequest
        {
            SubmissionId = Guid.NewGuid().ToString("N"),
            Kind = RequestKind.PartnerCenterRequest,
            Queue = AgentQueue.VianetDesk,
            Requester = new Requester
            {
                ChannelId = Channels.MsTeams,
                UserId = "29:partner",
                Role = "partner",
                Language = "zh-Hans",
                Conversation = new ConversationReference { ChannelId = Channels.MsTeams, Conversation = new ConversationAccount("a:1") },
            },
            Title = "账单无法下载",
            Severity = "moderate",
            Form = new() { ["category"] = "billing", ["title"] = "账单无法下载" },
        }, request => [filing = OutboxMessage.Create(OutboxKinds.EscalationFiling, request.Id, new EscalationFiling(request.Id), _clock.GetUtcNow())]);
        return filing!;
    }

    private sealed class CountingSink(string externalId) : IEscalationSink
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public Task<ExternalFiling> FileAsync(ServiceRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new ExternalFiling(externalId, "open"));
        }

        public Task<string?> GetStatusAsync(ServiceRequest request, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
    }
}
