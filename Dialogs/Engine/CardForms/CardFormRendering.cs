using System.Text.Json.Nodes;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>What a form renderer is given: the values to show, the errors to mark and the id to put in the submit data.</summary>
/// <param name="Errors">Field id → message, empty on the first showing.</param>
public sealed record CardFormRendering(string Form, JsonObject Values, IReadOnlyDictionary<string, string> Errors, string SubmissionId, string Language);
