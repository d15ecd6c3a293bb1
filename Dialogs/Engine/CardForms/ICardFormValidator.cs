namespace SupportBot.Dialogs.Engine.CardForms;

/// <summary>Checks submitted form values on the server (clients may skip their own checks); no errors means valid.</summary>
public interface ICardFormValidator
{
    /// <returns>Field id → message in <see cref="CardFormValidation.Language"/>; empty when the form is valid.</returns>
    Task<IReadOnlyDictionary<string, string>> ValidateAsync(CardFormValidation form, CancellationToken cancellationToken);
}
