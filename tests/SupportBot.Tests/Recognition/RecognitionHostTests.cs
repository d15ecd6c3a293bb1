using Microsoft.Extensions.DependencyInjection;
using SupportBot.Recognition;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Recognition;

/// <summary>The app as Program.cs wires it: AddIntentRecognition with appsettings.json (CLU not configured there).</summary>
public sealed class RecognitionHostTests
{
    [Fact]
    public async Task The_app_resolves_the_composite_recognizer_and_answers_offline()
    {
        await using var app = new BotAppFactory();
        _ = app.Server; // starts the host, which trains the embedded model

        var recognizer = app.Services.GetRequiredService<IIntentRecognizer>();
        var result = await recognizer.RecognizeAsync("SR-20240512-0031 のステータスを教えて", "ja", CancellationToken.None);

        Assert.IsType<CompositeRecognizer>(recognizer);
        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.Equal(Intents.RequestStatus, result.TopIntent);
        Assert.Equal("SR-20240512-0031", result.Entity(EntityCategories.SrId)?.Value);
    }
}
