using Microsoft.Extensions.Options;

namespace SupportBot.Knowledge;

/// <summary>
/// Reloads the articles when a writer adds, edits, renames or removes a file below the folder, once the folder has
/// been quiet for <see cref="KnowledgeOptions.ReloadDelay"/> (an editor's save is several events). Changes under
/// drafts/ are ignored: drafts are not served.
/// </summary>
public sealed class KnowledgeWatcher(KnowledgeBase knowledge, IOptions<KnowledgeOptions> options, ILogger<KnowledgeWatcher> logger) : IHostedService, IDisposable
{
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Watch) return Task.CompletedTask;
        var directory = knowledge.Directory;
        try
        {
            // A deployment without articles yet: the folder is made, so the first article a writer adds is picked up.
            Directory.CreateDirectory(directory);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(failure, "Knowledge: cannot create {Directory}; not watching it", directory);
            return Task.CompletedTask;
        }
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.Error += (_, error) =>
        {
            // The event buffer overflowed (many files at once): read everything again.
            logger.LogWarning(error.GetException(), "Knowledge: the folder watcher lost events; reloading");
            Schedule();
        };
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    private void OnChange(object sender, FileSystemEventArgs change)
    {
        var relative = Path.GetRelativePath(knowledge.Directory, change.FullPath);
        if (relative.StartsWith(KnowledgeBase.DraftsFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative == KnowledgeBase.DraftsFolder) return;
        Schedule();
    }

    private void Schedule() => _debounce?.Change(options.Value.ReloadDelay, Timeout.InfiniteTimeSpan);

    private void Reload()
    {
        try
        {
            knowledge.Reload();
        }
        catch (Exception failure)
        {
            // Never let a reload take the bot down: what was served stays served.
            logger.LogError(failure, "Knowledge: reload failed; the articles read before are still served");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _debounce?.Dispose();
        _debounce = null;
    }
}
