using System.Reflection;
using System.Reflection.Emit;
using SupportBot.Bot.Turn;

namespace SupportBot.Tests.Architecture;

/// <summary>
/// The arrows of the layout (README "Layout"), read from the compiled assembly: every type a folder's code names —
/// in signatures, base types and method bodies (IL tokens) — and which folder that type lives in.
/// </summary>
public sealed class DependencyTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<(string To, string Because)>>> Graph = new(() => Dependencies.Of(typeof(BotApplication).Assembly));

    public static TheoryData<string, string[]> Forbidden() => new()
    {
        // The protocol layer knows nothing of support.
        { "Bot", ["Dialogs", "Dialogs.Engine", "Requests", "Cards", "Notifications", "Storage", "Recognition", "Localization", "Knowledge", "Insights"] },
        // The dialog engine knows only the protocol layer.
        { "Dialogs.Engine", ["Dialogs", "Requests", "Cards", "Notifications", "Storage", "Recognition", "Localization", "Telemetry", "Knowledge", "Insights"] },
        // The request rules know no conversation and no rendering.
        { "Requests", ["Dialogs", "Dialogs.Engine", "Cards", "Notifications", "Storage", "Recognition"] },
        // Cards are a model and its builders (a form card renders a Requests/Forms definition): no flows, no store.
        { "Cards", ["Dialogs", "Notifications", "Storage", "Recognition"] },
        // Storage implements interfaces; it calls no flow and renders nothing.
        { "Storage", ["Dialogs", "Dialogs.Engine", "Cards", "Notifications", "Localization"] },
        // Notifications render and send what the outbox holds; they run no dialog.
        { "Notifications", ["Dialogs.Engine", "Storage"] },
        // Insights count what the flows record; they run no dialog and read no store directly.
        { "Insights", ["Dialogs", "Dialogs.Engine", "Notifications", "Storage"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void A_folder_does_not_depend_on_the_folders_it_must_not_know(string folder, string[] forbidden)
    {
        Assert.True(Graph.Value.ContainsKey(folder), $"No code in {folder}.");
        var wrong = Graph.Value[folder].Where(edge => forbidden.Contains(edge.To)).Select(edge => $"{edge.To}: {edge.Because}").Order().ToList();
        Assert.True(wrong.Count == 0, $"{folder} depends on:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Storage_implements_interfaces_declared_in_Requests_Bot_Recognition_and_Insights()
    {
        var storage = typeof(BotApplication).Assembly.GetTypes().Where(type => Dependencies.FolderOf(type) == "Storage" && type is { IsClass: true, IsPublic: true });
        var implemented = storage.SelectMany(type => type.GetInterfaces())
            .Where(contract => contract.Assembly == typeof(BotApplication).Assembly).Select(Dependencies.FolderOf).Distinct().Order().ToList();
        Assert.NotEmpty(implemented);
        Assert.All(implemented, folder => Assert.Contains(folder, new[] { "Bot", "Requests", "Recognition", "Insights" }));
    }

    /// <summary>The reader finds real edges (a guard against a test that cannot fail).</summary>
    [Fact]
    public void The_reader_sees_the_arrows_that_are_meant_to_be_there()
    {
        Assert.Contains(Graph.Value["Dialogs"], edge => edge.To == "Requests");
        Assert.Contains(Graph.Value["Dialogs.Engine"], edge => edge.To == "Bot");
        Assert.Contains(Graph.Value["Storage"], edge => edge.To == "Requests");
        Assert.Contains(Graph.Value["Notifications"], edge => edge.To == "Requests");
    }
}

/// <summary>Which folder's types each folder's code uses, with one example of each edge.</summary>
internal static class Dependencies
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(field => (OpCode)field.GetValue(null)!).ToDictionary(code => code.Value);

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The folder of a type of the app: its namespace under SupportBot, with Dialogs.Engine kept apart from the flows.</summary>
    public static string FolderOf(Type type)
    {
        var ns = (type.Namespace ?? "SupportBot").Split('.');
        if (ns.Length < 2) return "(root)";
        return ns[1] == "Dialogs" && ns.Length > 2 && ns[2] == "Engine" ? "Dialogs.Engine" : ns[1];
    }

    public static IReadOnlyDictionary<string, IReadOnlySet<(string To, string Because)>> Of(Assembly assembly)
    {
        var edges = new Dictionary<string, HashSet<(string, string)>>();
        var seen = new Dictionary<(string, string), string>();
        foreach (var type in assembly.GetTypes())
        {
            var from = FolderOf(type);
            if (!edges.ContainsKey(from)) edges[from] = [];
            foreach (var used in Used(type))
                foreach (var target in Flatten(used))
                {
                    if (target.Assembly != assembly) continue;
                    var to = FolderOf(target);
                    if (to == from || seen.ContainsKey((from, to))) continue;
                    seen[(from, to)] = $"{type.FullName} uses {target.FullName}";
                    edges[from].Add((to, seen[(from, to)]));
                }
        }
        return edges.ToDictionary(pair => pair.Key, pair => (IReadOnlySet<(string, string)>)pair.Value);
    }

    private static IEnumerable<Type> Used(Type type)
    {
        if (type.BaseType is { } baseType) yield return baseType;
        foreach (var contract in type.GetInterfaces()) yield return contract;
        foreach (var field in type.GetFields(Everything)) yield return field.FieldType;
        foreach (var property in type.GetProperties(Everything)) yield return property.PropertyType;
        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info) yield return info.ReturnType;
            foreach (var parameter in method.GetParameters()) yield return parameter.ParameterType;
            foreach (var used in InBody(type, method)) yield return used;
        }
    }

    /// <summary>The types a method body names: the IL operands that are type, method or field tokens.</summary>
    private static IEnumerable<Type> InBody(Type type, MethodBase method)
    {
        if (method.GetMethodBody()?.GetILAsByteArray() is not { } il) yield break;
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            OpCode code;
            if (il[at] == 0xFE) { code = OpCodesByValue[unchecked((short)(0xFE00 | il[at + 1]))]; at += 2; }
            else { code = OpCodesByValue[il[at]]; at += 1; }
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    var member = Resolve(method.Module, BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    at += 4;
                    if (member is Type resolvedType) yield return resolvedType;
                    else if (member is not null)
                    {
                        if (member.DeclaringType is { } declaring) yield return declaring;
                        if (member is FieldInfo field) yield return field.FieldType;
                        if (member is MethodInfo called)
                        {
                            yield return called.ReturnType;
                            if (called.IsGenericMethod) foreach (var argument in called.GetGenericArguments()) yield return argument;
                        }
                    }
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: at += 1; break;
                case OperandType.InlineVar: at += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: at += 8; break;
                default: at += 4; break;
            }
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException or MissingMethodException)
        {
            return null;
        }
    }

    /// <summary>A type and every type it is made of (generic arguments, element types).</summary>
    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element) { foreach (var inner in Flatten(element)) yield return inner; yield break; }
        if (type.IsGenericParameter) yield break;
        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType) foreach (var argument in type.GetGenericArguments()) foreach (var inner in Flatten(argument)) yield return inner;
    }
}
