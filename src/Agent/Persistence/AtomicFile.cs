namespace PiranhaNet.Agent.Persistence;

/// <summary>
/// The one way the state directory's files are written: all or nothing. The content goes to a temporary file next to
/// the target, is flushed to disk and renamed over it, so a crash leaves the old file or the new one, never half of one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Replaces <paramref name="path"/> with what <paramref name="write"/> puts in the stream; with
    /// <paramref name="ownerOnly"/>, the file is readable and writable by this user alone (a secret).
    /// </summary>
    public static void Replace(string path, Action<Stream> write, bool ownerOnly = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.Delete(temporary);   // a leftover may have looser permissions; the mode below applies only to a new file
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
