using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Recognition.Clu;

// The analyze-conversations request and response, as PROTOCOL.md §8.1 (clu includes/rest-api/query-model.md, CLU-SPEC 2023-04-01).

internal sealed record CluAnalyzeRequest(string Kind, CluAnalysisInput AnalysisInput, CluParameters Parameters);

internal sealed record CluAnalysisInput(CluConversationItem ConversationItem);

internal sealed record CluConversationItem(string Id, string ParticipantId, string Text, string Language, string Modality);

internal sealed record CluParameters(string ProjectName, string DeploymentName, string StringIndexType, bool Verbose, bool IsLoggingEnabled);

internal sealed record CluAnalyzeResponse(string? Kind, CluResult? Result);

internal sealed record CluResult(string? Query, string? DetectedLanguage, CluPrediction? Prediction);

internal sealed record CluPrediction(string? ProjectKind, string? TopIntent, IReadOnlyList<CluIntentScore>? Intents, IReadOnlyList<CluEntityMatch>? Entities);

internal sealed record CluIntentScore(string Category, double ConfidenceScore);

internal sealed record CluEntityMatch(string Category, string? Text, int Offset, int Length, double ConfidenceScore, IReadOnlyList<CluExtraInformation>? ExtraInformation);

internal sealed record CluExtraInformation(string? ExtraInformationKind, string? Key);

internal sealed record CluErrorResponse(CluError? Error);

internal sealed record CluError(string? Code, string? Message, string? Target);

internal static class CluJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
