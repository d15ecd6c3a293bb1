using System.Text.Json.Nodes;
using SupportBot.Bot.Turn;

namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>What a form validator checks: the submitted values of one form, and the language to answer in.</summary>
public sealed record CardFormValidation(TurnContext Context, string Form, JsonObject Values, string Language);
