namespace SupportBot.Bot.Schema;

// Names from PROTOCOL.md §1.3 (botbuilder-dotnet Microsoft.Bot.Schema/ActivityTypes.cs).
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string ContactRelationUpdate = "contactRelationUpdate";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string InstallationUpdate = "installationUpdate";
    public const string MessageReaction = "messageReaction";
    public const string MessageUpdate = "messageUpdate";
    public const string MessageDelete = "messageDelete";
    public const string DeleteUserData = "deleteUserData";
    public const string Suggestion = "suggestion";
    public const string Trace = "trace";
    public const string Handoff = "handoff";
    public const string Command = "command";
    public const string CommandResult = "commandResult";
}

// PROTOCOL.md §1.2: the wire values end in "Input".
public static class InputHints
{
    public const string AcceptingInput = "acceptingInput";
    public const string ExpectingInput = "expectingInput";
    public const string IgnoringInput = "ignoringInput";
}

public static class TextFormatTypes
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";
}

public static class AttachmentLayoutTypes
{
    public const string List = "list";
    public const string Carousel = "carousel";
}

public static class DeliveryModes
{
    public const string Normal = "normal";
    public const string Notification = "notification";
    public const string ExpectReplies = "expectReplies";
    public const string Ephemeral = "ephemeral";
}

// CardAction types (PROTOCOL.md §1.4).
public static class ActionTypes
{
    public const string OpenUrl = "openUrl";
    public const string ImBack = "imBack";
    public const string PostBack = "postBack";
    public const string MessageBack = "messageBack";
    public const string PlayAudio = "playAudio";
    public const string PlayVideo = "playVideo";
    public const string ShowImage = "showImage";
    public const string DownloadFile = "downloadFile";
    public const string Signin = "signin";
    public const string Call = "call";
}

public static class RoleTypes
{
    public const string User = "user";
    public const string Bot = "bot";
}

public static class EndOfConversationCodes
{
    public const string Unknown = "unknown";
    public const string CompletedSuccessfully = "completedSuccessfully";
    public const string UserCancelled = "userCancelled";
    public const string BotTimedOut = "botTimedOut";
    public const string BotIssuedInvalidMessage = "botIssuedInvalidMessage";
    public const string ChannelFailed = "channelFailed";
}

public static class InstallationUpdateActions
{
    public const string Add = "add";
    public const string Remove = "remove";
}

// Channel ids (PROTOCOL.md §1.2).
public static class Channels
{
    public const string MsTeams = "msteams";
    public const string DirectLine = "directline";
    public const string WebChat = "webchat";
    public const string Emulator = "emulator";
    public const string Test = "test";

    /// <summary>
    /// Channels where a bot can replace a message it sent (PUT …/activities/{id}, PROTOCOL.md §2, §4.4): Teams and the
    /// Emulator. Direct Line and Web Chat cannot (PROTOCOL.md §5), so there a changed card is sent anew.
    /// </summary>
    public static bool CanUpdateMessages(string? channelId) => channelId is MsTeams or Emulator;
}

// Attachment content types (PROTOCOL.md §1.4, §4.3).
public static class ContentTypes
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string HeroCard = "application/vnd.microsoft.card.hero";
    public const string ThumbnailCard = "application/vnd.microsoft.card.thumbnail";
    public const string ActivityMessage = "application/vnd.microsoft.activity.message";
    public const string Error = "application/vnd.microsoft.error";
    public const string Json = "application/json";
}

// Invoke and event names this host knows (PROTOCOL.md §4.3, §7.1).
public static class InvokeNames
{
    public const string AdaptiveCardAction = "adaptiveCard/action";
}

public static class EventNames
{
    public const string HandoffInitiate = "handoff.initiate";
    public const string HandoffStatus = "handoff.status";
}
