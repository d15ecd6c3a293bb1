using System.Collections.Frozen;
using System.Diagnostics;
using Activity = SupportBot.Bot.Schema.Activity;
using System.Diagnostics.Metrics;
using SupportBot.Bot.Schema;


namespace SupportBot.Bot.Telemetry;

/// <summary>The names the bot host publishes its spans and metrics under (subscribe to them to export them).</summary>
public static class BotTelemetry
{
    public const string ActivitySourceName = "SupportBot.Bot";
    public const string MeterName = "SupportBot.Bot";

    /// <summary>Static, as ActivitySource is meant to be: with no listener, StartActivity returns null at no cost.</summary>
    internal static readonly ActivitySource Source = new(ActivitySourceName);
}

/// <summary>Turns counted and timed by channel, activity type and outcome; instruments are created once.</summary>
public sealed class TurnMetrics
{
    private readonly Counter<long> _turns;
    private readonly Histogram<double> _duration;

    public TurnMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(BotTelemetry.MeterName);
        _turns = meter.CreateCounter<long>("bot.turns", "{turn}", "Inbound turns (activities) the bot processed.");
        _duration = meter.CreateHistogram<double>("bot.turn.duration", "s", "Time from the start of a turn's middleware to its end (bot, state save, replies sent).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    /// <summary>Whether any listener (an exporter's MeterProvider, a test's MeterListener) takes these measurements.</summary>
    public bool Enabled => _turns.Enabled || _duration.Enabled;

    public void Record(string channel, string activityType, string outcome, TimeSpan elapsed)
    {
        // TagList is a struct: no allocation for these three tags.
        var tags = new TagList
        {
            { TurnTags.Channel, channel },
            { TurnTags.ActivityType, activityType },
            { TurnTags.Outcome, outcome },
        };
        _turns.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}

/// <summary>Attribute names and the bounded values they take (a client chooses channelId and type: unknown ones are "other").</summary>
public static class TurnTags
{
    public const string Channel = "bot.channel";
    public const string ActivityType = "bot.activity.type";
    public const string ActivityName = "bot.activity.name";
    public const string ConversationType = "bot.conversation.type";
    public const string Outcome = "bot.turn.outcome";
    public const string Replies = "bot.turn.replies";

    public const string Other = "other";
    public const string Ok = "ok";
    public const string Error = "error";

    private static readonly FrozenSet<string> KnownChannels =
        new[] { Channels.MsTeams, Channels.DirectLine, Channels.WebChat, Channels.Emulator, Channels.Test }.ToFrozenSet(StringComparer.Ordinal);

    // Activity type → span name, built once so a turn allocates no string for either.
    private static readonly FrozenDictionary<string, string> SpanNames = new[]
    {
        ActivityTypes.Message, ActivityTypes.ConversationUpdate, ActivityTypes.ContactRelationUpdate, ActivityTypes.Typing,
        ActivityTypes.EndOfConversation, ActivityTypes.Event, ActivityTypes.Invoke, ActivityTypes.InstallationUpdate,
        ActivityTypes.MessageReaction, ActivityTypes.MessageUpdate, ActivityTypes.MessageDelete, ActivityTypes.DeleteUserData,
        ActivityTypes.Suggestion, ActivityTypes.Trace, ActivityTypes.Handoff, ActivityTypes.Command, ActivityTypes.CommandResult,
    }.ToFrozenDictionary(type => type, type => $"bot.turn {type}", StringComparer.Ordinal);

    private const string OtherSpanName = "bot.turn other";

    public static string ChannelOf(Activity activity) =>
        activity.ChannelId is { } id && KnownChannels.Contains(id) ? id : Other;

    public static string TypeOf(Activity activity) =>
        activity.Type is { } type && SpanNames.ContainsKey(type) ? type : Other;

    public static string SpanNameOf(string activityType) => SpanNames.GetValueOrDefault(activityType, OtherSpanName);
}
