using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Tests.TestKit;
using SupportBot.Tests.WebChat;

namespace SupportBot.Tests.Release;

/// <summary>The release tests share one publish (it takes a while) and one browser.</summary>
[CollectionDefinition(Name)]
public sealed class ReleaseCollection : ICollectionFixture<PublishedApp>, ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "Release";
}

/// <summary>
/// <c>dotnet publish -c Release</c> of the app into a fresh temporary folder, once per test run: what an operator
/// deploys. Its obj/bin are redirected under artifacts/release-build (kept, so a second run is incremental), so it
/// never touches the Debug build the tests run from; a lock file serialises two test runs of one checkout.
/// </summary>
public sealed partial class PublishedApp : IAsyncLifetime
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(9);

    /// <summary>The publish folder (the product).</summary>
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("supportbot-published-").FullName;

    public async Task InitializeAsync()
    {
        var buildRoot = Path.Combine(RepositoryRoot.Path, "artifacts", "release-build");
        System.IO.Directory.CreateDirectory(buildRoot);
        await using var gate = await LockAsync(Path.Combine(buildRoot, ".lock"));
        var (exitCode, output) = await RunAsync("dotnet", RepositoryRoot.Path, PublishTimeout,
            "publish", Path.Combine(RepositoryRoot.Path, "SupportBot.csproj"), "-c", "Release", "-o", Directory, "--nologo", "-nodeReuse:false",
            $"-p:BaseOutputPath={buildRoot}/bin/", $"-p:BaseIntermediateOutputPath={buildRoot}/obj/");
        if (exitCode != 0) throw new InvalidOperationException($"dotnet publish failed ({exitCode}):\n{output}");
    }

    public Task DisposeAsync()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    /// <summary>Starts <c>dotnet SupportBot.dll</c> in the publish folder with only the given listening settings (the
    /// test run's own ASPNETCORE_*/DOTNET_* listening and environment variables are removed).</summary>
    public AppProcess Start(IDictionary<string, string>? environment = null, params string[] args) =>
        AppProcess.Start(Directory, environment ?? new Dictionary<string, string>(), args);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow + PublishTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Runs a command to its end; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // A nested build must not inherit the test host's MSBuild settings.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList()) start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} took longer than {timeout}:\n{output}");
        }
        lock (output) return (process.ExitCode, output.ToString());
    }
}
