using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>Name required; email must look like one.</summary>
public sealed class TestFormValidator : ICardFormValidator
{
    public Task<IReadOnlyDictionary<string, string>> ValidateAsync(CardFormValidation form, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(form.Values["name"]?.GetValue<string>())) errors["name"] = "Enter your name.";
        if (form.Values["email"]?.GetValue<string>() is not { } email || !email.Contains('@')) errors["email"] = "Enter a valid email address.";
        return Task.FromResult<IReadOnlyDictionary<string, string>>(errors);
    }
}
