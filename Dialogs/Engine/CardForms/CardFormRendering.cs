using System.Text.Json.Nodes;
using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>What a form renderer is given: the values to show, the errors to mark and the id to put in the submit data.</summary>
/// <param name="Context">The turn, for what the card shows besides the form (e.g. state the app keeps).</param>
/// <param name="Errors">Field id → message, empty on the first showing.</param>
public sealed record CardFormRendering(TurnContext Context, string Form, JsonObject Values, IReadOnlyDictionary<string, string> Errors, string SubmissionId, string Language);
