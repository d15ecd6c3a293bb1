using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using SupportBot.Insights;
using SupportBot.Requests;

namespace SupportBot.Storage;

/// <summary>
/// <see cref="IInsightsStore"/> in SQL both SQLite and PostgreSQL run as written (upsert by ON CONFLICT, CASE, GROUP
/// BY); the subclasses open connections, run writes and create the tables. Times are Unix seconds (BIGINT), days UTC
/// text (yyyy-MM-dd), so ranges and differences are plain integer comparisons on both.
/// </summary>
public abstract class SqlInsightsStore : IInsightsStore
{
    private const string WithdrawnStatus = nameof(RequestStatus.Withdrawn);

    /// <summary>The table's name with its schema, if any.</summary>
    protected abstract string Table(string name);

    /// <summary>The requests table's document as text (PostgreSQL keeps it as jsonb).</summary>
    protected abstract string DocumentText { get; }

    /// <summary>A query giving 1 when the request store's table exists (it may not have been created yet).</summary>
    protected abstract string RequestsTableExists { get; }

    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    protected abstract Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken);

    protected static string Schema(string events, string requests, string integer, string identity) => $"""
        CREATE TABLE IF NOT EXISTS {events} (
            id         {identity},
            kind       TEXT NOT NULL,
            day        TEXT NOT NULL,
            at_s       {integer} NOT NULL,
            channel    TEXT NOT NULL,
            role       TEXT NOT NULL,
            language   TEXT NOT NULL,
            guide_id   TEXT,
            rated      TEXT,
            subject    TEXT,
            helpful    {integer},
            comment    TEXT
        );
        CREATE INDEX IF NOT EXISTS insight_events_by_kind ON {events} (kind, day, guide_id, channel, role, language);
        CREATE TABLE IF NOT EXISTS {requests} (
            id                 TEXT PRIMARY KEY,
            version            {integer} NOT NULL,
            created_s          {integer} NOT NULL,
            created_day        TEXT NOT NULL,
            kind               TEXT NOT NULL,
            queue              TEXT NOT NULL,
            severity           TEXT NOT NULL,
            status             TEXT NOT NULL,
            guide_id           TEXT,
            first_action_s     {integer},
            resolved_s         {integer},
            ended_s            {integer},
            ended_day          TEXT,
            escalated          {integer} NOT NULL,
            remediation_asked  {integer} NOT NULL,
            remediation_agreed {integer} NOT NULL,
            satisfaction       {integer}
        );
        CREATE INDEX IF NOT EXISTS insight_requests_by_day ON {requests} (created_day, queue);
        CREATE INDEX IF NOT EXISTS insight_requests_by_end ON {requests} (ended_day, queue);
        CREATE INDEX IF NOT EXISTS insight_requests_by_guide ON {requests} (guide_id, created_day);
        """;

    public Task AppendAsync(IReadOnlyList<InsightEvent> events, CancellationToken cancellationToken = default) =>
        events.Count == 0 ? Task.CompletedTask : WriteAsync(async (connection, transaction) =>
        {
            foreach (var item in events)
            {
                await using var command = Command(connection, transaction, $"""
                    INSERT INTO {Table("insight_events")} (kind, day, at_s, channel, role, language, guide_id, rated, subject, helpful, comment)
                    VALUES (@kind, @day, @at, @channel, @role, @language, @guide, @rated, @subject, @helpful, @comment)
                    """);
                Add(command, "kind", item.Kind.ToString());
                Add(command, "day", InsightsRange.Day(item.At));
                Add(command, "at", item.At.ToUnixTimeSeconds());
                Add(command, "channel", item.Channel);
                Add(command, "role", item.Role.ToString());
                Add(command, "language", item.Language);
                Add(command, "guide", item.GuideId);
                Add(command, "rated", item.Rated?.ToString());
                Add(command, "subject", item.Subject);
                Add(command, "helpful", item.Helpful is { } helpful ? helpful ? 1L : 0L : null);
                Add(command, "comment", item.Comment);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);

    public Task UpsertRequestsAsync(IReadOnlyList<RequestFacts> facts, CancellationToken cancellationToken = default) =>
        facts.Count == 0 ? Task.CompletedTask : WriteAsync(async (connection, transaction) =>
        {
            foreach (var fact in facts) await UpsertAsync(connection, transaction, fact, cancellationToken);
        }, cancellationToken);

    private async Task UpsertAsync(DbConnection connection, DbTransaction transaction, RequestFacts fact, CancellationToken cancellationToken)
    {
        // A slower writer with an older version must not undo a newer one.
        await using var command = Command(connection, transaction, $"""
            INSERT INTO {Table("insight_requests")} (id, version, created_s, created_day, kind, queue, severity, status, guide_id,
                first_action_s, resolved_s, ended_s, ended_day, escalated, remediation_asked, remediation_agreed, satisfaction)
            VALUES (@id, @version, @created, @createdDay, @kind, @queue, @severity, @status, @guide,
                @firstAction, @resolved, @ended, @endedDay, @escalated, @remediationAsked, @remediationAgreed, @satisfaction)
            ON CONFLICT (id) DO UPDATE SET version = excluded.version, created_s = excluded.created_s, created_day = excluded.created_day,
                kind = excluded.kind, queue = excluded.queue, severity = excluded.severity, status = excluded.status, guide_id = excluded.guide_id,
                first_action_s = excluded.first_action_s, resolved_s = excluded.resolved_s, ended_s = excluded.ended_s, ended_day = excluded.ended_day,
                escalated = excluded.escalated, remediation_asked = excluded.remediation_asked, remediation_agreed = excluded.remediation_agreed,
                satisfaction = excluded.satisfaction
            WHERE {Table("insight_requests")}.version <= excluded.version
            """);
        Add(command, "id", fact.Id);
        Add(command, "version", (long)fact.Version);
        Add(command, "created", fact.CreatedAt.ToUnixTimeSeconds());
        Add(command, "createdDay", InsightsRange.Day(fact.CreatedAt));
        Add(command, "kind", fact.Kind.ToString());
        Add(command, "queue", fact.Queue.ToString());
        Add(command, "severity", fact.Severity);
        Add(command, "status", fact.Status.ToString());
        Add(command, "guide", fact.GuideId);
        Add(command, "firstAction", fact.FirstActionAt?.ToUnixTimeSeconds());
        Add(command, "resolved", fact.ResolvedAt?.ToUnixTimeSeconds());
        Add(command, "ended", fact.EndedAt?.ToUnixTimeSeconds());
        Add(command, "endedDay", fact.EndedAt is { } ended ? InsightsRange.Day(ended) : null);
        Add(command, "escalated", fact.Escalated ? 1L : 0L);
        Add(command, "remediationAsked", fact.RemediationAsked ? 1L : 0L);
        Add(command, "remediationAgreed", fact.RemediationAgreed ? 1L : 0L);
        Add(command, "satisfaction", fact.Satisfaction is { } rating ? (long)rating : null);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task DeleteRequestAsync(string requestId, CancellationToken cancellationToken = default) => WriteAsync(async (connection, transaction) =>
    {
        await using var command = Command(connection, transaction, $"DELETE FROM {Table("insight_requests")} WHERE id = @id");
        Add(command, "id", requestId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    public async Task<int> BackfillRequestsAsync(CancellationToken cancellationToken = default)
    {
        var exists = await QueryAsync(RequestsTableExists, _ => { }, row => Int(row, 0), cancellationToken);
        if (exists.Single() == 0) return 0;
        var total = 0;
        while (true)
        {
            var stale = new List<RequestFacts>();
            await using (var connection = await OpenAsync(cancellationToken))
            await using (var command = Command(connection, null, $"""
                SELECT {DocumentText} FROM {Table("requests")} r LEFT JOIN {Table("insight_requests")} f ON f.id = r.id
                WHERE f.id IS NULL OR f.version < r.version LIMIT 1000
                """))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    if (JsonSerializer.Deserialize<ServiceRequest>(reader.GetString(0), ServiceRequest.Json) is { } request)
                        stale.Add(RequestFacts.From(request));
            if (stale.Count == 0) return total;
            await UpsertRequestsAsync(stale, cancellationToken);
            total += stale.Count;
        }
    }

    public Task<IReadOnlyList<ConversationCount>> ConversationsAsync(InsightsRange range, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT day, channel, role, language, COUNT(*) FROM {Table("insight_events")}
            WHERE kind = @kind AND day >= @from AND day <= @to
            GROUP BY day, channel, role, language ORDER BY day, channel, role, language
            """, command => { Range(command, range); Add(command, "kind", nameof(InsightEventKind.ConversationStarted)); },
            row => new ConversationCount(row.GetString(0), row.GetString(1), Enum.Parse<InsightRole>(row.GetString(2)), row.GetString(3), Int(row, 4)), cancellationToken);

    public async Task<IReadOnlyList<GuideOutcome>> GuidesAsync(InsightsRange range, CancellationToken cancellationToken = default)
    {
        var answers = await QueryAsync($"""
            SELECT guide_id,
                   SUM(CASE WHEN kind = @shown THEN 1 ELSE 0 END),
                   SUM(CASE WHEN kind = @solved THEN 1 ELSE 0 END),
                   SUM(CASE WHEN kind = @notSolved THEN 1 ELSE 0 END)
            FROM {Table("insight_events")}
            WHERE kind IN (@shown, @solved, @notSolved) AND day >= @from AND day <= @to AND guide_id IS NOT NULL
            GROUP BY guide_id
            """, command =>
            {
                Range(command, range);
                Add(command, "shown", nameof(InsightEventKind.GuideShown));
                Add(command, "solved", nameof(InsightEventKind.GuideSolved));
                Add(command, "notSolved", nameof(InsightEventKind.GuideNotSolved));
            }, row => (Guide: row.GetString(0), Shown: Int(row, 1), Solved: Int(row, 2), NotSolved: Int(row, 3)), cancellationToken);
        var followed = (await QueryAsync($"""
            SELECT guide_id, COUNT(*) FROM {Table("insight_requests")}
            WHERE guide_id IS NOT NULL AND created_day >= @from AND created_day <= @to GROUP BY guide_id
            """, command => Range(command, range), row => (Guide: row.GetString(0), Count: Int(row, 1)), cancellationToken))
            .ToDictionary(pair => pair.Guide, pair => pair.Count, StringComparer.Ordinal);
        return answers
            .Select(a => new GuideOutcome(a.Guide, a.Shown, a.Solved, a.NotSolved, followed.GetValueOrDefault(a.Guide)))
            .Concat(followed.Keys.Except(answers.Select(a => a.Guide)).Select(guide => new GuideOutcome(guide, 0, 0, 0, followed[guide])))
            .OrderByDescending(outcome => outcome.Shown).ThenBy(outcome => outcome.GuideId, StringComparer.Ordinal)
            .ToList();
    }

    public Task<IReadOnlyList<RatingCount>> RatingsAsync(InsightsRange range, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT rated, subject, SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END)
            FROM {Table("insight_events")}
            WHERE kind = @kind AND day >= @from AND day <= @to
            GROUP BY rated, subject ORDER BY COUNT(*) DESC, rated, subject
            """, command => { Range(command, range); Add(command, "kind", nameof(InsightEventKind.AnswerRated)); },
            row => new RatingCount(Enum.Parse<RatedAnswer>(row.GetString(0)), row.GetString(1), Int(row, 2), Int(row, 3)), cancellationToken);

    public Task<IReadOnlyList<RatingComment>> RatingCommentsAsync(InsightsRange range, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT at_s, rated, subject, helpful, language, comment FROM {Table("insight_events")}
            WHERE kind = @kind AND day >= @from AND day <= @to AND comment IS NOT NULL
            ORDER BY at_s DESC, id DESC LIMIT @limit
            """, command => { Range(command, range); Add(command, "kind", nameof(InsightEventKind.AnswerRated)); Add(command, "limit", (long)limit); },
            row => new RatingComment(DateTimeOffset.FromUnixTimeSeconds(Long(row, 0)), Enum.Parse<RatedAnswer>(row.GetString(1)), row.GetString(2), Long(row, 3) == 1,
                row.GetString(4), row.GetString(5)), cancellationToken);

    public Task<IReadOnlyList<RequestCount>> RequestsAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT kind, status, queue, severity, COUNT(*) FROM {Table("insight_requests")}
            WHERE created_day >= @from AND created_day <= @to{QueueFilter(scope)}
            GROUP BY kind, status, queue, severity ORDER BY kind, status, queue, severity
            """, command => { Range(command, range); Scope(command, scope); },
            row => new RequestCount(Enum.Parse<RequestKind>(row.GetString(0)), Enum.Parse<RequestStatus>(row.GetString(1)), Enum.Parse<AgentQueue>(row.GetString(2)),
                row.GetString(3), Int(row, 4)), cancellationToken);

    public async Task<IReadOnlyList<BacklogDay>> BacklogAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default)
    {
        var before = await QueryAsync($"""
            SELECT COUNT(*) FROM {Table("insight_requests")}
            WHERE created_day < @from AND (ended_day IS NULL OR ended_day >= @from){QueueFilter(scope)}
            """, command => { Range(command, range); Scope(command, scope); }, row => Int(row, 0), cancellationToken);
        var opened = await PerDayAsync("created_day", range, scope, cancellationToken);
        var ended = await PerDayAsync("ended_day", range, scope, cancellationToken);
        var open = before.Single();
        var days = new List<BacklogDay>();
        foreach (var day in range.Days().Select(InsightsRange.Day))
        {
            var o = opened.GetValueOrDefault(day);
            var e = ended.GetValueOrDefault(day);
            open += o - e;
            days.Add(new BacklogDay(day, o, e, open));
        }
        return days;
    }

    private async Task<Dictionary<string, int>> PerDayAsync(string column, InsightsRange range, InsightsScope scope, CancellationToken cancellationToken) =>
        (await QueryAsync($"""
            SELECT {column}, COUNT(*) FROM {Table("insight_requests")}
            WHERE {column} >= @from AND {column} <= @to{QueueFilter(scope)} GROUP BY {column}
            """, command => { Range(command, range); Scope(command, scope); }, row => (Day: row.GetString(0), Count: Int(row, 1)), cancellationToken))
        .ToDictionary(pair => pair.Day, pair => pair.Count, StringComparer.Ordinal);

    public Task<IReadOnlyList<SeverityTiming>> TimingsAsync(InsightsRange range, InsightsScope scope, ServiceTargets targets, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT severity, COUNT(*), COUNT(first_action_s), AVG(first_action_s - created_s), COUNT(resolved_s), AVG(resolved_s - created_s),
                   SUM(CASE WHEN {FirstActionLate} THEN 1 ELSE 0 END), SUM(CASE WHEN {ResolutionLate} THEN 1 ELSE 0 END)
            FROM {Table("insight_requests")}
            WHERE created_day >= @from AND created_day <= @to AND status <> @withdrawn{QueueFilter(scope)}
            GROUP BY severity ORDER BY severity
            """, command => { Range(command, range); Scope(command, scope); Targets(command, targets, now); },
            row => new SeverityTiming(row.GetString(0), Int(row, 1), Int(row, 2), Double(row, 3), Int(row, 4), Double(row, 5), Int(row, 6), Int(row, 7)), cancellationToken);

    public Task<IReadOnlyList<Breach>> BreachesAsync(InsightsRange range, InsightsScope scope, ServiceTargets targets, DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT id, queue, severity, status, created_s, COALESCE(ended_s, @now) - created_s,
                   CASE WHEN {FirstActionLate} THEN 1 ELSE 0 END, CASE WHEN {ResolutionLate} THEN 1 ELSE 0 END
            FROM {Table("insight_requests")}
            WHERE created_day >= @from AND created_day <= @to AND status <> @withdrawn{QueueFilter(scope)} AND ({FirstActionLate} OR {ResolutionLate})
            ORDER BY created_s, id LIMIT @limit
            """, command => { Range(command, range); Scope(command, scope); Targets(command, targets, now); Add(command, "limit", (long)limit); },
            row => new Breach(row.GetString(0), Enum.Parse<AgentQueue>(row.GetString(1)), row.GetString(2), Enum.Parse<RequestStatus>(row.GetString(3)),
                DateTimeOffset.FromUnixTimeSeconds(Long(row, 4)), TimeSpan.FromSeconds(Long(row, 5)),
                [.. Long(row, 6) == 1 ? [ServiceTarget.FirstAction] : Array.Empty<ServiceTarget>(), .. Long(row, 7) == 1 ? [ServiceTarget.Resolution] : Array.Empty<ServiceTarget>()]),
            cancellationToken);

    // Not acted on (or not resolved) yet counts up to now; ended without it, up to when it ended.
    private const string FirstActionLate = "COALESCE(first_action_s, ended_s, @now) - created_s > CASE severity WHEN @s0 THEN @f0 WHEN @s1 THEN @f1 WHEN @s2 THEN @f2 ELSE @fMax END";
    private const string ResolutionLate = "COALESCE(resolved_s, ended_s, @now) - created_s > CASE severity WHEN @s0 THEN @r0 WHEN @s1 THEN @r1 WHEN @s2 THEN @r2 ELSE @rMax END";

    private static void Targets(DbCommand command, ServiceTargets targets, DateTimeOffset now)
    {
        var severities = Requests.Forms.RequestForms.Severities;
        if (severities.Length != 3) throw new InvalidOperationException("The breach SQL names three severities; update it with RequestForms.Severities.");
        for (var i = 0; i < severities.Length; i++)
        {
            var target = targets.For(severities[i]);
            Add(command, $"s{i}", severities[i]);
            Add(command, $"f{i}", (long)target.FirstAction.TotalSeconds);
            Add(command, $"r{i}", (long)target.Resolution.TotalSeconds);
        }
        // A severity from before the list changed: held to the loosest target rather than none.
        Add(command, "fMax", severities.Max(severity => (long)targets.For(severity).FirstAction.TotalSeconds));
        Add(command, "rMax", severities.Max(severity => (long)targets.For(severity).Resolution.TotalSeconds));
        Add(command, "now", now.ToUnixTimeSeconds());
        Add(command, "withdrawn", WithdrawnStatus);
    }

    public async Task<EscalationCounts> EscalationsAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"""
            SELECT COALESCE(SUM(escalated), 0), COALESCE(SUM(remediation_asked), 0), COALESCE(SUM(remediation_agreed), 0) FROM {Table("insight_requests")}
            WHERE created_day >= @from AND created_day <= @to{QueueFilter(scope)}
            """, command => { Range(command, range); Scope(command, scope); }, row => new EscalationCounts(Int(row, 0), Int(row, 1), Int(row, 2)), cancellationToken)).Single();

    public Task<IReadOnlyList<SatisfactionCount>> SatisfactionAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT satisfaction, COUNT(*) FROM {Table("insight_requests")}
            WHERE satisfaction IS NOT NULL AND created_day >= @from AND created_day <= @to{QueueFilter(scope)}
            GROUP BY satisfaction ORDER BY satisfaction
            """, command => { Range(command, range); Scope(command, scope); }, row => new SatisfactionCount(Int(row, 0), Int(row, 1)), cancellationToken);

    public Task<IReadOnlyList<SatisfactionDay>> SatisfactionTrendAsync(InsightsRange range, InsightsScope scope, CancellationToken cancellationToken = default) =>
        QueryAsync($"""
            SELECT created_day, AVG(satisfaction), COUNT(*) FROM {Table("insight_requests")}
            WHERE satisfaction IS NOT NULL AND created_day >= @from AND created_day <= @to{QueueFilter(scope)}
            GROUP BY created_day ORDER BY created_day
            """, command => { Range(command, range); Scope(command, scope); }, row => new SatisfactionDay(row.GetString(0), Double(row, 1) ?? 0, Int(row, 2)), cancellationToken);

    private static string QueueFilter(InsightsScope scope) => scope.Queue is null ? "" : " AND queue = @queue";

    private static void Scope(DbCommand command, InsightsScope scope)
    {
        if (scope.Queue is { } queue) Add(command, "queue", queue.ToString());
    }

    private static void Range(DbCommand command, InsightsRange range)
    {
        Add(command, "from", range.FromDay);
        Add(command, "to", range.ToDay);
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<DbCommand> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, sql);
        parameters(command);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        // PostgreSQL must know a NULL's type; all nullable parameters here are text or bigint.
        if (value is null) parameter.DbType = name is "helpful" or "firstAction" or "resolved" or "ended" or "satisfaction" ? System.Data.DbType.Int64 : System.Data.DbType.String;
        command.Parameters.Add(parameter);
    }

    private static long Long(DbDataReader row, int column) => Convert.ToInt64(row.GetValue(column), CultureInfo.InvariantCulture);
    private static int Int(DbDataReader row, int column) => row.IsDBNull(column) ? 0 : Convert.ToInt32(row.GetValue(column), CultureInfo.InvariantCulture);
    private static double? Double(DbDataReader row, int column) => row.IsDBNull(column) ? null : Convert.ToDouble(row.GetValue(column), CultureInfo.InvariantCulture);
}
