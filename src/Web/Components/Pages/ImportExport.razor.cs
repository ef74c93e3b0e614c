using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Components.Feedback;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>Upload or paste an lvs.cf (errors with line and column, all or nothing), download the current one.</summary>
public partial class ImportExport
{
    // An lvs.cf of 10,000 virtual servers is about 8 MiB.
    private const long MaxFileBytes = 32 * 1024 * 1024;

    private string _text = "";
    private string _fileName = "lvs.cf";
    private IReadOnlyList<LvsParseError> _errors = [];

    /// <summary>Imports.</summary>
    [Inject] public required ConfigService Configs { get; init; }


    private async Task ReadFileAsync(InputFileChangeEventArgs e)
    {
        try
        {
            using var reader = new StreamReader(e.File.OpenReadStream(MaxFileBytes));
            _text = await reader.ReadToEndAsync();
            _fileName = e.File.Name;
            _errors = [];
        }
        catch (IOException error)
        {
            Notices.Error("Could not read the file", error.Message);
        }
    }

    private async Task ImportAsync()
    {
        try
        {
            var author = await AuthorAsync();
            var saved = await Configs.ImportAsync(_text, _fileName, basedOn: null, author, CancellationToken.None);
            _errors = [];
            Notices.Success($"Imported as version {saved.Serial}", saved.Summary);
        }
        catch (LvsParseException e)
        {
            _errors = e.Errors;
            Notices.Error("Not imported", $"{e.Errors.Count} error(s); the first is on line {e.Errors[0].Line}");
        }
    }
}
