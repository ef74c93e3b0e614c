using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using PiranhaNet.Core.Keepalived;
using PiranhaNet.Core.Serialization;
using PiranhaNet.Web.Configuration;
using PiranhaNet.Web.Components.Feedback;
using PiranhaNet.Web.Security;

namespace PiranhaNet.Web.Components.Pages;

/// <summary>
/// Upload or paste an lvs.cf or a keepalived.conf (told apart by content; errors with line and column, all or
/// nothing), download the current configuration as lvs.cf.
/// </summary>
public partial class ImportExport
{
    // An lvs.cf of 10,000 virtual servers is about 8 MiB.
    private const long MaxFileBytes = 32 * 1024 * 1024;

    private string _text = "";
    private string _fileName = "lvs.cf";
    private IReadOnlyList<LvsParseError> _errors = [];
    private IReadOnlyList<LvsParseError> _notCarried = [];
    private bool _allowUnsupported;
    // The name the last import's findings are reported against.
    private string _reportedName = "lvs.cf";

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
            _notCarried = [];
        }
        catch (IOException error)
        {
            Notices.Error("Could not read the file", error.Message);
        }
    }

    private Task ImportAsync() => ActAsync(Roles.Operator, AuditActions.Import, FileName("pasted text"), async actor =>
    {
        var author = actor.Name;
        try
        {
            _errors = [];
            _notCarried = [];
            var keepalived = ConfigFileFormatDetector.Detect(_text) == ConfigFileFormat.Keepalived;
            _reportedName = FileName(keepalived ? "keepalived.conf" : "lvs.cf");
            if (keepalived)
            {
                var (version, read) = await Configs.ImportKeepalivedAsync(_text, _reportedName, NoKeepalivedFiles.Instance, _allowUnsupported,
                    basedOn: null, author, CancellationToken.None);
                // Shown after the import too: what was dropped or left behind is worth reading once.
                _notCarried = [.. read.Unsupported.Concat(read.Warnings)];
                Notices.Success($"Imported as version {version.Serial}", version.Summary);
                return ActionResult.Done($"version {version.Serial}");
            }
            var saved = await Configs.ImportAsync(_text, _reportedName, basedOn: null, author, CancellationToken.None);
            Notices.Success($"Imported as version {saved.Serial}", saved.Summary);
            return ActionResult.Done($"version {saved.Serial}");
        }
        catch (LvsParseException e)
        {
            _errors = e.Errors;
            Notices.Error("Not imported", $"{e.Errors.Count} error(s); the first is on line {e.Errors[0].Line}");
            return ActionResult.Failed($"{e.Errors.Count} error(s); first: {e.Errors[0]}");
        }
    });

    // A pasted text has no file name; the one chosen last stands for an upload.
    private string FileName(string pasted) => _fileName is "lvs.cf" ? pasted : _fileName;
}
