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

        private const string GlobalScope = "the global section";

        private readonly List<LvsParseError> _errors = [];
        private readonly List<LvsToken> _tokens = [];
        private readonly LvsSourceMap _map = new();
        private readonly Dictionary<string, int> _globalSeen = new(StringComparer.Ordinal);
        private readonly List<VirtualServerConfig> _virtuals = [];
        private readonly List<FailoverServiceConfig> _failovers = [];
        private readonly Dictionary<string, int> _virtualNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _failoverNames = new(StringComparer.Ordinal);
        private LvsConfig _config = new();
        private LvsOpenBlock<VirtualServerConfig>? _virtual;
        private LvsOpenBlock<RealServerConfig>? _server;
        private LvsOpenBlock<FailoverServiceConfig>? _failover;
        private int _line;
        private bool _sawStatement;

        public LvsReadResult Run(string text)
        {
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
            var config = _config with { VirtualServers = _virtuals.ToEquatableArray(), FailoverServices = _failovers.ToEquatableArray() };
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
            if (!extension && first.Is("}"))
            {
                CloseBlock(tokens);
            }
            else if (!extension && (first.Is("virtual") || first.Is("server") || first.Is("failover")) && !(tokens.Count > 1 && tokens[1].Is("=")))
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
            if (_server is not null)
            {
                _server.Model = Apply(_server.Model, s_serverKeys, _server.Seen, _server.Positions, _server.Description, key, value, valuePosition, extension);
            }
            else if (_virtual is not null)
            {
                _virtual.Model = Apply(_virtual.Model, s_virtualKeys, _virtual.Seen, _virtual.Positions, _virtual.Description, key, value, valuePosition, extension);
            }
            else if (_failover is not null)
            {
                _failover.Model = Apply(_failover.Model, s_failoverKeys, _failover.Seen, _failover.Positions, _failover.Description, key, value, valuePosition, extension);
            }
            else
            {
                _config = Apply(_config, s_globalKeys, _globalSeen, _map.Global, GlobalScope, key, value, valuePosition, extension);
            }
        }

        private T Apply<T>(T target, Dictionary<string, LvsKey<T>> keys, Dictionary<string, int> seen, LvsSourceMap.Block positions, string scope,
            LvsToken keyToken, LvsValue value, SourcePosition valuePosition, bool extension)
        {
            if (!keys.TryGetValue(keyToken.Text, out var key))
            {
                Error(_line, keyToken.Column, UnknownKeyMessage(keyToken.Text, keys.Keys, scope));
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

        private static string UnknownKeyMessage(string key, IEnumerable<string> known, string scope)
        {
            var home = HomeOf(key, scope);
            if (home is not null)
            {
                return $"key '{key}' is not allowed in {scope}; it belongs in {home}";
            }
            // A typo of a key from another block ("wieght" in a virtual block) is best answered with that key.
            var here = ClosestMatch.Find(key, known)!;
            var anywhere = ClosestMatch.Find(key, s_globalKeys.Keys.Concat(s_virtualKeys.Keys).Concat(s_serverKeys.Keys).Concat(s_failoverKeys.Keys))!;
            return anywhere != here && ClosestMatch.Distance(key, anywhere) < ClosestMatch.Distance(key, here)
                ? $"unknown key '{key}' in {scope}; did you mean '{anywhere}' (which belongs in {HomeOf(anywhere, scope)})?"
                : $"unknown key '{key}' in {scope}; did you mean '{here}'?";
        }

        // Where a known key belongs when it is not valid in this scope, or null.
        private static string? HomeOf(string key, string scope)
        {
            var isGlobal = scope == GlobalScope;
            return !isGlobal && s_globalKeys.ContainsKey(key) ? "the global section, before the blocks"
                : !scope.StartsWith("real", StringComparison.Ordinal) && s_serverKeys.ContainsKey(key) ? "a server block"
                : isGlobal && (s_virtualKeys.ContainsKey(key) || s_failoverKeys.ContainsKey(key)) ? "a virtual or failover block"
                : scope.StartsWith("real", StringComparison.Ordinal) && (s_virtualKeys.ContainsKey(key) || s_failoverKeys.ContainsKey(key)) ? "the virtual block around this server"
                : scope.StartsWith("failover", StringComparison.Ordinal) && s_virtualKeys.ContainsKey(key) ? "a virtual block"
                : scope.StartsWith("virtual", StringComparison.Ordinal) && s_failoverKeys.ContainsKey(key) ? "a failover block"
                : null;
        }

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
                default: OpenFailover(nameToken.Text, header); break;
            }
        }

        private void OpenServer(string name, SourcePosition header)
        {
            if (_virtual is null)
            {
                Error(header.Line, header.Column, "a 'server' block is only allowed inside a 'virtual' block");
            }
            else if (_server is not null)
            {
                Error(header.Line, header.Column, $"a 'server' block cannot be inside {_server.Description} (opened at line {_server.Header.Line}); is a '}}' missing?");
                FinishInnermostBlock();
            }
            else if (!_virtual.ServerNames.TryAdd(name, header.Line) && name.Length > 0)
            {
                Error(header.Line, header.Column, $"duplicate real server name '{name}' in {_virtual.Description} (first defined at line {_virtual.ServerNames[name]})");
            }
            var path = ConfigPaths.RealServer(_virtual?.Model.Name ?? "", name);
            _server = new LvsOpenBlock<RealServerConfig>(new RealServerConfig { Name = name }, path, $"real server '{name}'", header, _map.AddBlock(path, header));
        }

        private void OpenVirtual(string name, SourcePosition header)
        {
            CloseMisplacedBlocks("virtual", header);
            if (_failoverNames.Count > 0)
            {
                Error(header.Line, header.Column, $"cannot use both virtual AND failover services (failover service '{_failoverNames.First().Key}' is at line {_failoverNames.First().Value})");
            }
            if (!_virtualNames.TryAdd(name, header.Line) && name.Length > 0)
            {
                Error(header.Line, header.Column, $"duplicate virtual server name '{name}' (first defined at line {_virtualNames[name]})");
            }
            var path = ConfigPaths.VirtualServer(name);
            _virtual = new LvsOpenBlock<VirtualServerConfig>(new VirtualServerConfig { Name = name }, path, $"virtual server '{name}'", header, _map.AddBlock(path, header));
        }

        private void OpenFailover(string name, SourcePosition header)
        {
            CloseMisplacedBlocks("failover", header);
            if (_virtualNames.Count > 0)
            {
                Error(header.Line, header.Column, $"cannot use both virtual AND failover services (virtual server '{_virtualNames.First().Key}' is at line {_virtualNames.First().Value})");
            }
            if (!_failoverNames.TryAdd(name, header.Line) && name.Length > 0)
            {
                Error(header.Line, header.Column, $"duplicate failover service name '{name}' (first defined at line {_failoverNames[name]})");
            }
            var path = ConfigPaths.FailoverService(name);
            _failover = new LvsOpenBlock<FailoverServiceConfig>(new FailoverServiceConfig { Name = name }, path, $"failover service '{name}'", header, _map.AddBlock(path, header));
        }

        // A top-level block opened inside another one almost always means a missing '}': report it, close the
        // open blocks as if it were there, and go on so the rest of the file is still checked.
        private void CloseMisplacedBlocks(string keyword, SourcePosition header)
        {
            if (InnermostOpenBlock() is not { } open)
            {
                return;
            }
            Error(header.Line, header.Column, $"a '{keyword}' block cannot be inside {open.Description} (opened at line {open.Line}); is a '}}' missing?");
            while (InnermostOpenBlock() is not null)
            {
                FinishInnermostBlock();
            }
        }

        private (string Description, int Line)? InnermostOpenBlock() =>
            _server is not null ? (_server.Description, _server.Header.Line)
            : _virtual is not null ? (_virtual.Description, _virtual.Header.Line)
            : _failover is not null ? (_failover.Description, _failover.Header.Line)
            : null;

        private void CloseBlock(List<LvsToken> tokens)
        {
            if (tokens.Count > 1)
            {
                Error(_line, tokens[1].Column, $"unexpected '{tokens[1].Text}' after '}}'; '}}' stands alone on its line");
            }
            if (InnermostOpenBlock() is null)
            {
                Error(_line, tokens[0].Column, "unexpected '}' with no open block");
                return;
            }
            FinishInnermostBlock();
        }

        private void FinishInnermostBlock()
        {
            if (_server is not null)
            {
                _virtual?.Servers.Add(_server.Model);
                _server = null;
            }
            else if (_virtual is not null)
            {
                var vs = _virtual.Model;
                _virtuals.Add(vs with
                {
                    HealthCheck = WithImpliedKind(vs.HealthCheck, _virtual.Seen),
                    RealServers = _virtual.Servers.ToEquatableArray(),
                });
                _virtual = null;
            }
            else if (_failover is not null)
            {
                _failovers.Add(_failover.Model with { HealthCheck = WithImpliedKind(_failover.Model.HealthCheck, _failover.Seen) });
                _failover = null;
            }
        }

        private static HealthCheckConfig WithImpliedKind(HealthCheckConfig check, Dictionary<string, int> seen) =>
            seen.ContainsKey(HealthCheckKeys.KindKey)
                ? check
                : check with { Kind = HealthCheckConfig.KindImpliedBy(check.Send, check.Expect, check.SendProgram) };

        private void ReportUnclosed()
        {
            foreach (var (description, header) in new[]
                     {
                         (_server?.Description, _server?.Header),
                         (_virtual?.Description, _virtual?.Header),
                         (_failover?.Description, _failover?.Header),
                     })
            {
                if (header is { } position)
                {
                    Error(position.Line, position.Column, $"{description} is not closed: '}}' expected before the end of the file");
                }
            }
        }

        private void Error(int line, int column, string message) => _errors.Add(new LvsParseError(fileName, line, column, message));
    }
}
