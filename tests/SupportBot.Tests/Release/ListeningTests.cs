using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SupportBot.Tests.Release;

/// <summary>
/// The published app listens where the platform says, in each of ASP.NET Core's documented ways, and on
/// http://localhost:3978 only when nothing says anything (appsettings.json has no <c>urls</c> to override them).
/// </summary>
[Collection(ReleaseCollection.Name)]
public sealed class ListeningTests(PublishedApp published)
{
    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("--urls")]
    [InlineData("Kestrel__Endpoints__Web__Url")]
    public async Task The_url_given_in_the_environment_the_arguments_or_a_Kestrel_endpoint_is_where_it_listens(string setting)
    {
        var url = $"http://127.0.0.1:{PublishedApp.FreePort()}";
        await using var app = setting.StartsWith("--", StringComparison.Ordinal)
            ? published.Start(Isolated(new()), setting, url)
            : published.Start(Isolated(new() { [setting] = url }));

        Assert.Equal([url], await app.WaitUntilStartedAsync());
        await AssertLiveAsync(url);
        Assert.DoesNotContain("Overriding", app.Output); // no default was set against it
    }

    [Fact]
    public async Task ASPNETCORE_HTTP_PORTS_listens_on_every_interface_as_in_a_container()
    {
        var port = PublishedApp.FreePort();
        await using var app = published.Start(Isolated(new() { ["ASPNETCORE_HTTP_PORTS"] = port.ToString() }));

        Assert.Equal([$"http://[::]:{port}"], await app.WaitUntilStartedAsync());
        await AssertLiveAsync($"http://127.0.0.1:{port}");
    }

    [Fact]
    public async Task ASPNETCORE_HTTPS_PORTS_listens_with_TLS_using_the_configured_certificate()
    {
        var port = PublishedApp.FreePort();
        var certificate = SelfSignedCertificate();
        await using var app = published.Start(Isolated(new()
        {
            ["ASPNETCORE_HTTPS_PORTS"] = port.ToString(),
            ["Kestrel__Certificates__Default__Path"] = certificate,
            ["Kestrel__Certificates__Default__Password"] = CertificatePassword,
        }));

        Assert.Equal([$"https://[::]:{port}"], await app.WaitUntilStartedAsync());
        await AssertLiveAsync($"https://127.0.0.1:{port}");
        File.Delete(certificate);
    }

    [Fact]
    public async Task With_nothing_set_it_listens_on_localhost_3978()
    {
        await using var app = published.Start(Isolated(new()));

        // Another process on this machine may hold 3978; then the app must have tried 3978 and said so.
        try
        {
            var addresses = await app.WaitUntilStartedAsync();
            Assert.Equal(["http://localhost:3978"], addresses);
            await AssertLiveAsync("http://localhost:3978");
        }
        catch (InvalidOperationException exited) when (app.HasExited)
        {
            Assert.Contains("3978", exited.Message);
            Assert.Contains("address already in use", exited.Message);
        }
    }

    private const string CertificatePassword = "supportbot-test";

    /// <summary>Each process its own SQLite file, so the tests never share state through the publish folder.</summary>
    private static Dictionary<string, string> Isolated(Dictionary<string, string> environment)
    {
        environment["Storage__SqlitePath"] = Path.Combine(Path.GetTempPath(), $"supportbot-listening-{Guid.NewGuid():N}.db");
        return environment;
    }

    private static async Task AssertLiveAsync(string baseUrl)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        using var response = await http.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(Path.GetTempPath(), $"supportbot-test-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return path;
    }
}
