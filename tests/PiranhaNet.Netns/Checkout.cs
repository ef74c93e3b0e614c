namespace PiranhaNet.Netns;

/// <summary>The PiranhaNet checkout the tests run from, and the build configuration they were built in.</summary>
public static class Checkout
{
    /// <summary>The directory holding PiranhaNet.sln, above the caller's output directory.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The caller's build configuration (Debug, Release): its output is bin/CONFIGURATION/net10.0.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>A path inside the checkout.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "PiranhaNet.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no PiranhaNet checkout above {AppContext.BaseDirectory}");
    }
}
