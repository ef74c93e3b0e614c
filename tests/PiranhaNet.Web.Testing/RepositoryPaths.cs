namespace PiranhaNet.Web.Testing;

/// <summary>Paths inside the checkout, found from the test binaries' location.</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding PiranhaNet.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where tests leave screenshots and other artifacts (ignored by git).</summary>
    public static string Artifacts(params string[] parts) => Path.Combine([Root, "artifacts", .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PiranhaNet.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("PiranhaNet.sln not found above " + AppContext.BaseDirectory);
    }
}
