using System.Text.Json;
using System.Text.Json.Nodes;
using PiranhaNet.Core.Json;
using PiranhaNet.Core.Model;

namespace PiranhaNet.Web.Api;

/// <summary>
/// Example bodies for the OpenAPI document, by the type a request carries or a response returns: real objects of the
/// model, serialized as the API writes them, so an example can never drift from what the API accepts.
/// </summary>
internal static class ApiExamples
{
    private static readonly RealServerConfig s_realServer = new() { Name = "web1", Address = "192.0.2.21", Active = true, Weight = 1 };

    private static readonly VirtualServerConfig s_virtualServer = new()
    {
        Name = "web",
        Active = true,
        Address = "192.0.2.10",
        Device = "eth0:1",
        Port = 80,
        Scheduler = "wlc",
        RealServers = [s_realServer, s_realServer with { Name = "web2", Address = "192.0.2.22" }],
    };

    private static readonly LvsConfig s_config = new()
    {
        Global = new GlobalSettingsConfig { Primary = "192.0.2.1", Network = NetworkType.Direct },
        Redundancy = new RedundancyConfig { Enabled = true, Backup = "192.0.2.2", Heartbeat = true },
        VirtualServers = [s_virtualServer],
    };

    private static readonly Dictionary<Type, object> s_byType = new()
    {
        [typeof(LvsConfig)] = s_config,
        [typeof(GlobalSettingsConfig)] = s_config.Global,
        [typeof(RedundancyConfig)] = s_config.Redundancy,
        [typeof(VirtualServerConfig)] = s_virtualServer,
        [typeof(RealServerConfig)] = s_realServer,
        [typeof(FailoverServiceConfig)] = new FailoverServiceConfig
        {
            Name = "ftp", Active = true, Address = "192.0.2.30", Device = "eth0:2", Port = 21,
            StartCommand = "/etc/init.d/vsftpd start", StopCommand = "/etc/init.d/vsftpd stop",
        },
        [typeof(UserApi.NewUser)] = new UserApi.NewUser("olga", "operator", "a long enough password"),
        [typeof(UserApi.RoleChange)] = new UserApi.RoleChange("viewer"),
        [typeof(UserApi.PasswordChange)] = new UserApi.PasswordChange("a new long password"),
        [typeof(TokenApi.NewToken)] = new TokenApi.NewToken("ansible", "operator", new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero)),
        [typeof(DirectorApi.NewDirector)] = new DirectorApi.NewDirector("lvs1"),
        [typeof(ClusterApi.GroupMoveRequest)] = new ClusterApi.GroupMoveRequest("lvs3"),
    };

    /// <summary>An lvs.cf, the example of the endpoints that read one as text/plain.</summary>
    public const string LvsCf = "serial_no = 1\nprimary = 192.0.2.1\nservice = lvs\nnetwork = direct\nvirtual web {\n     active = 1\n     address = 192.0.2.10 eth0:1\n" +
        "     port = 80\n     scheduler = wlc\n     server web1 {\n         address = 192.0.2.21\n         active = 1\n         weight = 1\n     }\n}\n";

    /// <summary>The example of <paramref name="type"/> (or a list of one of its elements) as JSON, or null when there is none.</summary>
    public static JsonNode? For(Type type, JsonSerializerOptions options)
    {
        if (s_byType.TryGetValue(type, out var example))
        {
            return JsonSerializer.SerializeToNode(example, type, options);
        }
        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericArguments() is [var only] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? only
            : null;
        return element is not null && For(element, options) is { } one ? new JsonArray(one) : null;
    }

    /// <summary>The options the API writes JSON with, for the examples.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        PiranhaJson.Configure(options);
        return options;
    }
}
