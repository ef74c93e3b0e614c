using PiranhaNet.Core.Model;
using PiranhaNet.Core.Validation;

namespace PiranhaNet.Core.Serialization;

/// <summary>
/// Reads Piranha's lvs.cf into an <see cref="LvsConfig"/>. Reports every syntax and type error with
/// file, line and column and returns no configuration when there is any; semantic checks (addresses,
/// duplicates, ranges) are left to <see cref="ConfigValidator"/>, located through the source map.
/// Never throws for bad input (only <see cref="Read"/> throws, with <see cref="LvsParseException"/>).
/// </summary>
public static class LvsConfigReader
{
    /// <summary>The comment prefix of PiranhaNet's extension keys: <c># piranhanet: key = value</c>.</summary>
    public const string ExtensionPrefix = "piranhanet:";

    /// <summary>Reads <paramref name="text"/>; errors name <paramref name="fileName"/>.</summary>
    public static LvsReadResult TryRead(string text, string fileName = "lvs.cf")
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Reader(fileName).Run(text);
    }

    /// <summary>Reads <paramref name="text"/> or throws <see cref="LvsParseException"/> with every error.</summary>
    public static LvsConfig Read(string text, string fileName = "lvs.cf")
    {
        var result = TryRead(text, fileName);
        return result.Config ?? throw new LvsParseException(result.Errors);
    }

    private sealed class Reader(string fileName)
    {
        private static readonly Dictionary<string, LvsKey<LvsConfig>> s_globalKeys = GlobalKeys.All.ToDictionary(k => k.Name);
        private static readonly Dictionary<string, LvsKey<VirtualServerConfig>> s_virtualKeys = VirtualServerKeys.All.ToDictionary(k => k.Name);
        private static readonly Dictionary<string, LvsKey<RealServerConfig>> s_serverKeys = RealServerKeys.All.ToDictionary(k => k.Name);
        private static readonly Dictionary<string, LvsKey<FailoverServiceConfig>> s_failoverKeys = FailoverServiceKeys.All.ToDictionary(k => k.Name);
        private static readonly Dictionary<string, LvsKey<ClusterDirectorConfig>> s_directorKeys = ClusterKeys.Director.ToDictionary(k => k.Name);
        private static readonly Dictionary<string, LvsKey<FailoverGroupConfig>> s_groupKeys = ClusterKeys.Group.ToDictionary(k => k.Name);

        private readonly List<LvsParseError> _errors = [];
        private readonly List<LvsToken> _tokens = [];
        private readonly LvsSourceMap _map = new();
        private readonly List<VirtualServerConfig> _virtuals = [];
        private readonly List<FailoverServiceConfig> _failovers = [];
        private readonly Dictionary<string, int> _virtualNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _failoverNames = new(StringComparer.Ordinal);
        private readonly List<ClusterDirectorConfig> _directors = [];
        private readonly List<FailoverGroupConfig> _groups = [];
        private readonly Dictionary<string, int> _directorNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _groupNames = new(StringComparer.Ordinal);
        // The sections the reader is inside of, innermost last; the global section is always at the bottom.
        private readonly List<LvsOpenBlock> _open = [];
        private LvsOpenBlock<LvsConfig> _global = null!;
        private int _line;
        private bool _sawStatement;

        public LvsReadResult Run(string text)
        {
            _global = new LvsOpenBlock<LvsConfig>(LvsBlockKind.Global, new LvsConfig(), "the global section", new SourcePosition(1, 1), _map.Global);
            _open.Add(_global);
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                _line = i + 1;
                ReadLine(lines[i].TrimEnd('\r'));
            }
            ReportUnclosed();
            if (!_sawStatement && _errors.Count == 0)
            {
                Error(1, 1, "empty configuration: no keys or blocks found");
            }
            if (_errors.Count > 0)
            {
                // Unclosed blocks are found at the end of the file but located at their headers: keep file order.
                return new LvsReadResult(null, [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)], _map);
            }
            var config = _global.Model with
            {
                Redundancy = _global.Model.Redundancy with { Directors = _directors.ToEquatableArray(), Groups = _groups.ToEquatableArray() },
                VirtualServers = _virtuals.ToEquatableArray(),
                FailoverServices = _failovers.ToEquatableArray(),
            };
            return new LvsReadResult(config, _errors, _map);
        }

        private void ReadLine(string line)
        {
            var body = line;
            var offset = 0;
            var extension = false;
            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed.StartsWith('#'))
            {
                var afterHash = trimmed[1..].TrimStart(' ', '\t');
                if (!afterHash.StartsWith(ExtensionPrefix, StringComparison.Ordinal))
                {
                    return;
                }
                extension = true;
                offset = line.Length - afterHash.Length + ExtensionPrefix.Length;
                body = afterHash[ExtensionPrefix.Length..];
            }
            var tokens = _tokens;
            tokens.Clear();
            if (LvsLexer.Tokenize(body, offset, tokens) is { } lexError)
            {
                Error(_line, lexError.Column, lexError.Message);
                return;
            }
            if (tokens.Count == 0)
            {
                return;
            }
            _sawStatement = true;
            var first = tokens[0];
            var opensBlock = !(tokens.Count > 1 && tokens[1].Is("="));
            if (first.Is("}"))
            {
                CloseBlock(tokens, extension);
            }
            else if (opensBlock && (extension ? first.Is("director") || first.Is("group") : first.Is("virtual") || first.Is("server") || first.Is("failover")))
            {
                OpenBlock(tokens);
            }
            else
            {
                Statement(tokens, extension);
            }
        }

        private void Statement(List<LvsToken> tokens, bool extension)
        {
            var key = tokens[0];
            if (key.Quoted || key.Is("=") || key.Is("{"))
            {
                Error(_line, key.Column, $"expected a key, a block or '}}' but found '{key.Text}'");
                return;
            }
            if (tokens.Count < 2 || !tokens[1].Is("="))
            {
                var column = tokens.Count < 2 ? key.Column + key.Text.Length : tokens[1].Column;
                Error(_line, column, $"equal (=) expected after '{key.Text}'");
                return;
            }
            if (tokens.Count < 3)
            {
                Error(_line, tokens[1].Column + 1, $"missing value after '{key.Text} ='");
                return;
            }
            var value = new LvsValue(key.Text, tokens, 2);
            var valuePosition = new SourcePosition(_line, tokens[2].Column);
            if (Innermost.IsExtension && !extension)
            {
                // Piranha would read a plain line here as a global key.
                Error(_line, key.Column, $"keys of {Innermost.Description} go on '# {ExtensionPrefix}' lines, as its header does");
                return;
            }
            switch (Innermost)
            {
                case LvsOpenBlock<ClusterDirectorConfig> director:
                    director.Model = Apply(director.Model, s_directorKeys, director, key, value, valuePosition, extension);
                    break;
                case LvsOpenBlock<FailoverGroupConfig> group:
                    group.Model = Apply(group.Model, s_groupKeys, group, key, value, valuePosition, extension);
                    break;
                case LvsOpenBlock<RealServerConfig> server:
                    server.Model = Apply(server.Model, s_serverKeys, server, key, value, valuePosition, extension);
                    break;
                case LvsOpenBlock<VirtualServerConfig> virtualServer:
                    virtualServer.Model = Apply(virtualServer.Model, s_virtualKeys, virtualServer, key, value, valuePosition, extension);
                    break;
                case LvsOpenBlock<FailoverServiceConfig> failover:
                    failover.Model = Apply(failover.Model, s_failoverKeys, failover, key, value, valuePosition, extension);
                    break;
                default:
                    _global.Model = Apply(_global.Model, s_globalKeys, _global, key, value, valuePosition, extension);
                    break;
            }
        }

        private LvsOpenBlock Innermost => _open[^1];

        // The innermost open block of a kind (the virtual block around a server), or null.
        private LvsOpenBlock<T>? Open<T>() => _open.OfType<LvsOpenBlock<T>>().LastOrDefault();

        private T Apply<T>(T target, Dictionary<string, LvsKey<T>> keys, LvsOpenBlock block, LvsToken keyToken, LvsValue value, SourcePosition valuePosition,
            bool extension)
        {
            var (seen, positions, scope) = (block.Seen, block.Positions, block.Description);
            if (!keys.TryGetValue(keyToken.Text, out var key))
            {
                Error(_line, keyToken.Column, UnknownKeyMessage(keyToken.Text, keys.Keys, block));
                return target;
            }
            if (extension && !key.Extension)
            {
                Error(_line, keyToken.Column, $"'{key.Name}' is a Piranha key: write it without '# {ExtensionPrefix}'");
                return target;
            }
            if (!seen.TryAdd(key.Name, _line))
            {
                Error(_line, keyToken.Column, $"duplicate key '{key.Name}' in {scope} (first set at line {seen[key.Name]})");
                return target;
            }
            positions.Set(key.Path, valuePosition);
            if (key.SecondPath is not null)
            {
                positions.Set(key.SecondPath, valuePosition);
            }
            try
            {
                return key.Read(target, value);
            }
            catch (LvsValueException e)
            {
                Error(_line, e.Column, e.Message);
                return target;
            }
        }

        private static string UnknownKeyMessage(string key, IEnumerable<string> known, LvsOpenBlock block)
        {
            var (scope, kind) = (block.Description, block.Kind);
            var home = HomeOf(key, kind);
            if (home is not null)
            {
                return $"key '{key}' is not allowed in {scope}; it belongs in {home}";
            }
            // A typo of a key from another block ("wieght" in a virtual block) is best answered with that key.
            var here = ClosestMatch.Find(key, known)!;
            var anywhere = ClosestMatch.Find(key, s_globalKeys.Keys.Concat(s_virtualKeys.Keys).Concat(s_serverKeys.Keys).Concat(s_failoverKeys.Keys))!;
            return anywhere != here && ClosestMatch.Distance(key, anywhere) < ClosestMatch.Distance(key, here)
                ? $"unknown key '{key}' in {scope}; did you mean '{anywhere}' (which belongs in {HomeOf(anywhere, kind)})?"
                : $"unknown key '{key}' in {scope}; did you mean '{here}'?";
        }

        // Where a known key belongs when it is not valid in a section of this kind, or null.
        private static string? HomeOf(string key, LvsBlockKind kind) => kind switch
        {
            not LvsBlockKind.Global when s_globalKeys.ContainsKey(key) => "the global section, before the blocks",
            not LvsBlockKind.Server when s_serverKeys.ContainsKey(key) => "a server block",
            LvsBlockKind.Global when s_virtualKeys.ContainsKey(key) || s_failoverKeys.ContainsKey(key) => "a virtual or failover block",
            LvsBlockKind.Server when s_virtualKeys.ContainsKey(key) || s_failoverKeys.ContainsKey(key) => "the virtual block around this server",
            LvsBlockKind.Failover when s_virtualKeys.ContainsKey(key) => "a virtual block",
            LvsBlockKind.Virtual when s_failoverKeys.ContainsKey(key) => "a failover block",
            _ => null,
        };

        private void OpenBlock(List<LvsToken> tokens)
        {
            var keyword = tokens[0];
            var rest = tokens.Skip(1).ToList();
            // "virtual web{" is one word: split the brace off so it reads like "virtual web {".
            if (rest.Count > 0 && !rest[0].Quoted && rest[0].Text.Length > 1 && rest[0].Text.EndsWith('{'))
            {
                var glued = rest[0];
                rest[0] = glued with { Text = glued.Text[..^1] };
                rest.Insert(1, new LvsToken("{", glued.Column + glued.Text.Length - 1, false));
            }
            if (rest.Count == 0 || rest[0].Is("{"))
            {
                Error(_line, keyword.Column + keyword.Text.Length + 1, $"expected a name after '{keyword.Text}', e.g. '{keyword.Text} web {{'");
            }
            var nameToken = rest.Count > 0 && !rest[0].Is("{") ? rest[0] : new LvsToken("", keyword.Column, false);
            var afterName = rest.Count > 0 && !rest[0].Is("{") ? rest.Skip(1).ToList() : rest;
            if (nameToken.Text.Length > 0 && ConfigNames.Problem(nameToken.Text) is { } problem)
            {
                Error(_line, nameToken.Column, problem);
            }
            if (afterName.Count == 0 || !afterName[0].Is("{"))
            {
                var column = afterName.Count > 0 ? afterName[0].Column : nameToken.Column + nameToken.Text.Length + 1;
                Error(_line, column, $"expected '{{' after '{keyword.Text} {nameToken.Text}'");
            }
            else if (afterName.Count > 1)
            {
                Error(_line, afterName[1].Column, $"unexpected '{afterName[1].Text}' after '{{'; put keys on their own lines");
            }
            var header = new SourcePosition(_line, nameToken.Column);
            switch (keyword.Text)
            {
                case "server": OpenServer(nameToken.Text, header); break;
                case "virtual": OpenVirtual(nameToken.Text, header); break;
                case "director": OpenClusterBlock(LvsBlockKind.Director, nameToken.Text, header, new ClusterDirectorConfig { Name = nameToken.Text }); break;
                case "group": OpenClusterBlock(LvsBlockKind.Group, nameToken.Text, header, new FailoverGroupConfig { Name = nameToken.Text }); break;
                default: OpenFailover(nameToken.Text, header); break;
            }
        }

        private void OpenServer(string name, SourcePosition header)
        {
            var virtualServer = Open<VirtualServerConfig>();
            if (virtualServer is null)
            {
                Error(header.Line, header.Column, "a 'server' block is only allowed inside a 'virtual' block");
            }
            else if (Innermost.Kind == LvsBlockKind.Server)
            {
                Error(header.Line, header.Column, $"a 'server' block cannot be inside {Innermost.Description} (opened at line {Innermost.Header.Line}); is a '}}' missing?");
                FinishInnermostBlock();
            }
            else if (!virtualServer.ServerNames.TryAdd(name, header.Line) && name.Length > 0)
            {
                Error(header.Line, header.Column, $"duplicate real server name '{name}' in {virtualServer.Description} (first defined at line {virtualServer.ServerNames[name]})");
            }
            var path = ConfigPaths.RealServer(virtualServer?.Model.Name ?? "", name);
            _open.Add(new LvsOpenBlock<RealServerConfig>(LvsBlockKind.Server, new RealServerConfig { Name = name }, $"real server '{name}'", header,
                _map.AddBlock(path, header)));
        }

        private void OpenVirtual(string name, SourcePosition header) =>
            OpenService(LvsBlockKind.Virtual, name, header, new VirtualServerConfig { Name = name }, ConfigPaths.VirtualServer(name));

        private void OpenFailover(string name, SourcePosition header) =>
            OpenService(LvsBlockKind.Failover, name, header, new FailoverServiceConfig { Name = name }, ConfigPaths.FailoverService(name));

        // Virtual servers and failover services open alike: a file holds one kind or the other, each name once.
        private void OpenService<T>(LvsBlockKind kind, string name, SourcePosition header, T model, string path)
        {
            var (keyword, what, names, otherWhat, otherNames) = kind == LvsBlockKind.Virtual
                ? ("virtual", "virtual server", _virtualNames, "failover service", _failoverNames)
                : ("failover", "failover service", _failoverNames, "virtual server", _virtualNames);
            CloseMisplacedBlocks(keyword, header);
            if (otherNames.Count > 0)
            {
                Error(header.Line, header.Column, $"cannot use both virtual AND failover services ({otherWhat} '{otherNames.First().Key}' is at line {otherNames.First().Value})");
            }
            if (!names.TryAdd(name, header.Line) && name.Length > 0)
            {
                Error(header.Line, header.Column, $"duplicate {what} name '{name}' (first defined at line {names[name]})");
            }
            _open.Add(new LvsOpenBlock<T>(kind, model, $"{what} '{name}'", header, _map.AddBlock(path, header)));
        }

        // The cluster's blocks are top-level, each name once per kind.
        private void OpenClusterBlock<T>(LvsBlockKind kind, string name, SourcePosition header, T model)
        {
            var (keyword, what, names, path) = kind == LvsBlockKind.Director
                ? ("director", "director", _directorNames, ConfigPaths.ClusterDirector(name))
                : ("group", "failover group", _groupNames, ConfigPaths.FailoverGroup(name));
            CloseMisplacedBlocks(keyword, header);
            if (!names.TryAdd(name, header.Line) && name.Length > 0)
            {
                Error(header.Line, header.Column, $"duplicate {what} name '{name}' (first defined at line {names[name]})");
            }
            _open.Add(new LvsOpenBlock<T>(kind, model, $"{what} '{name}'", header, _map.AddBlock(path, header)));
        }

        // A top-level block opened inside another one almost always means a missing '}': report it, close the
        // open blocks as if it were there, and go on so the rest of the file is still checked.
        private void CloseMisplacedBlocks(string keyword, SourcePosition header)
        {
            if (Innermost.Kind == LvsBlockKind.Global)
            {
                return;
            }
            Error(header.Line, header.Column, $"a '{keyword}' block cannot be inside {Innermost.Description} (opened at line {Innermost.Header.Line}); is a '}}' missing?");
            while (Innermost.Kind != LvsBlockKind.Global)
            {
                FinishInnermostBlock();
            }
        }

        private void CloseBlock(List<LvsToken> tokens, bool extension)
        {
            if (tokens.Count > 1)
            {
                Error(_line, tokens[1].Column, $"unexpected '{tokens[1].Text}' after '}}'; '}}' stands alone on its line");
            }
            if (Innermost.Kind == LvsBlockKind.Global)
            {
                Error(_line, tokens[0].Column, "unexpected '}' with no open block");
                return;
            }
            // Piranha sees only the plain lines: a block and its '}' are both plain or both '# piranhanet:' lines.
            if (extension != Innermost.IsExtension)
            {
                Error(_line, tokens[0].Column, extension
                    ? $"{Innermost.Description} (opened at line {Innermost.Header.Line}) is closed with a plain '}}', not '# {ExtensionPrefix} }}'"
                    : $"{Innermost.Description} (opened at line {Innermost.Header.Line}) is closed with '# {ExtensionPrefix} }}', as it was opened");
            }
            FinishInnermostBlock();
        }

        // Closes the innermost block and hands what it read to the block around it (or to the configuration).
        private void FinishInnermostBlock()
        {
            var block = Innermost;
            _open.RemoveAt(_open.Count - 1);
            switch (block)
            {
                case LvsOpenBlock<RealServerConfig> server:
                    Open<VirtualServerConfig>()?.Servers.Add(server.Model);
                    break;
                case LvsOpenBlock<VirtualServerConfig> virtualServer:
                    _virtuals.Add(virtualServer.Model with
                    {
                        HealthCheck = WithImpliedKind(virtualServer.Model.HealthCheck, virtualServer.Seen),
                        RealServers = virtualServer.Servers.ToEquatableArray(),
                    });
                    break;
                case LvsOpenBlock<FailoverServiceConfig> failover:
                    _failovers.Add(failover.Model with { HealthCheck = WithImpliedKind(failover.Model.HealthCheck, failover.Seen) });
                    break;
                case LvsOpenBlock<ClusterDirectorConfig> director:
                    _directors.Add(director.Model);
                    break;
                case LvsOpenBlock<FailoverGroupConfig> group:
                    _groups.Add(group.Model);
                    break;
            }
        }

        private static HealthCheckConfig WithImpliedKind(HealthCheckConfig check, Dictionary<string, int> seen) =>
            seen.ContainsKey(HealthCheckKeys.KindKey)
                ? check
                : check with { Kind = HealthCheckConfig.KindImpliedBy(check.Send, check.Expect, check.SendProgram) };

        private void ReportUnclosed()
        {
            foreach (var block in _open.Where(b => b.Kind != LvsBlockKind.Global))
            {
                Error(block.Header.Line, block.Header.Column, $"{block.Description} is not closed: '}}' expected before the end of the file");
            }
        }

        private void Error(int line, int column, string message) => _errors.Add(new LvsParseError(fileName, line, column, message));
    }
}
