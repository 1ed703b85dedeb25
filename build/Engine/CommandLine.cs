using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Nuke.Common.IO;

namespace Nuke.Common.Execution;

// Command-line parsing is hand-written: System.CommandLine is served, but it wants every option declared up front,
// while a build's options are the [Parameter] members found by reflection on whichever partial files exist, plus
// Nuke's loose grammar (bare target names, `--skip` with or without values, parameters from the environment).

/// <summary>A usage error (unknown target or parameter, bad value, cycle): printed as one line, exit code 1.</summary>
internal sealed class BuildUsageException(string message) : Exception(message);

/// <summary>The command line split into Nuke's parts.</summary>
internal sealed class CommandLine
{
    internal const string HelpOption = "help";
    internal const string TargetOption = "target";
    internal const string SkipOption = "skip";
    internal const string RootOption = "root";

    /// <summary>Target names given bare (<c>./build.sh Clean Test</c>) or after <c>--target</c>.</summary>
    public List<string> Targets { get; } = [];

    /// <summary>Null when <c>--skip</c> is absent; empty when it is given without names.</summary>
    public List<string>? Skip { get; private set; }

    public bool Help { get; private set; }

    public string? Root { get; private set; }

    /// <summary>Every other <c>--name value...</c>, keyed by the name as typed (without dashes).</summary>
    public List<(string Name, List<string> Values)> Options { get; } = [];

    public static CommandLine Parse(IReadOnlyList<string> arguments)
    {
        var result = new CommandLine();
        List<string> current = result.Targets;
        foreach (var argument in arguments)
        {
            if (IsOptionName(argument))
            {
                var name = argument.TrimStart('-');
                switch (Names.Normalize(name))
                {
                    case HelpOption or "h" or "?":
                        result.Help = true;
                        current = [];
                        break;
                    case TargetOption:
                        current = result.Targets;
                        break;
                    case SkipOption:
                        result.Skip ??= [];
                        current = result.Skip;
                        break;
                    case RootOption:
                        current = [];
                        result.Options.Add((RootOption, current));
                        break;
                    default:
                        current = [];
                        result.Options.Add((name, current));
                        break;
                }
            }
            else
            {
                current.Add(argument);
            }
        }

        var root = result.Options.FindIndex(o => o.Name == RootOption);
        if (root >= 0)
        {
            result.Root = result.Options[root].Values.SingleOrDefault()
                ?? throw new BuildUsageException("--root takes exactly one directory.");
            result.Options.RemoveAt(root);
        }

        return result;
    }

    // "-1" is a value, not an option; "-h" and "-?" are the usual help spellings.
    private static bool IsOptionName(string argument) =>
        argument.StartsWith("--", StringComparison.Ordinal) && argument.Length > 2
        || argument is "-h" or "-?";
}

/// <summary>A [Parameter] field or property of the build.</summary>
internal sealed class BuildParameter
{
    private readonly MemberInfo _member;

    private BuildParameter(MemberInfo member, ParameterAttribute attribute)
    {
        _member = member;
        Name = member.Name;
        Description = attribute.Description ?? "";
    }

    public string Name { get; }

    public string Description { get; }

    public string OptionName => "--" + Names.ToKebabCase(Name);

    private Type ValueType => _member is FieldInfo fieldInfo ? fieldInfo.FieldType : ((PropertyInfo)_member).PropertyType;

    public static List<BuildParameter> Discover(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var parameters = new List<BuildParameter>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var member in type.GetFields(flags).Cast<MemberInfo>().Concat(type.GetProperties(flags)))
            {
                if (member.GetCustomAttribute<ParameterAttribute>() is { } attribute)
                {
                    if (member is PropertyInfo { SetMethod: null })
                    {
                        throw new InvalidOperationException($"Parameter property '{member.Name}' needs a setter (init or private set is enough).");
                    }

                    parameters.Add(new BuildParameter(member, attribute));
                }
            }
        }

        return parameters;
    }

    public object? GetValue(NukeBuild build) => _member switch
    {
        FieldInfo field => field.GetValue(build),
        PropertyInfo property => property.GetValue(build),
        _ => null,
    };

    public string FormatValue(NukeBuild build) => GetValue(build) switch
    {
        null => "<none>",
        string text => text,
        System.Collections.IEnumerable values => string.Join(" ", values.Cast<object>()),
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Sets the value from values given one by one, on the command line or in <c>.nuke/parameters.json</c>
    /// (none is <c>true</c> for a bool); <paramref name="source"/> names where they came from in errors.</summary>
    public void Set(NukeBuild build, IReadOnlyList<string> values, string source) =>
        SetValue(build, ConvertValues(values, source));

    /// <summary>Sets the value from an environment variable; a list parameter splits it on whitespace.</summary>
    public void SetFromEnvironment(NukeBuild build, string variable, string value)
    {
        IReadOnlyList<string> values = ValueType.IsArray
            ? value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : [value];
        Set(build, values, $"environment variable {variable}");
    }

    private void SetValue(NukeBuild build, object? value)
    {
        switch (_member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo property:
                property.SetValue(build, value);
                break;
        }
    }

    private object? ConvertValues(IReadOnlyList<string> values, string source)
    {
        var type = ValueType;
        if (type.IsArray)
        {
            var elementType = type.GetElementType()!;
            var array = Array.CreateInstance(elementType, values.Count);
            for (var i = 0; i < values.Count; i++)
            {
                array.SetValue(ConvertOne(values[i], elementType, source), i);
            }

            return array;
        }

        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(bool) && values.Count == 0)
        {
            return true;
        }

        return values.Count == 1
            ? ConvertOne(values[0], underlying, source)
            : throw new BuildUsageException($"{source} takes exactly one value, got {values.Count}.");
    }

    private static object? ConvertOne(string value, Type type, string source)
    {
        try
        {
            if (type == typeof(string))
            {
                return value;
            }

            if (type == typeof(AbsolutePath))
            {
                return AbsolutePath.Create(value);
            }

            if (type.IsEnum)
            {
                return Enum.Parse(type, value, ignoreCase: true);
            }

            return TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or NotSupportedException)
        {
            throw new BuildUsageException($"{source}: '{value}' is not a valid {type.Name}.");
        }
    }
}

/// <summary>Nuke's <c>.nuke/parameters.json</c>: a JSON object of parameter values, the lowest-priority source.</summary>
internal static class ParametersFile
{
    public const string Name = "parameters.json";

    /// <summary>Its entries (a string, number or boolean is one value, an array several), or none when the file is
    /// absent. <c>$schema</c> and other keys starting with <c>$</c> are not parameters.</summary>
    public static List<KeyValuePair<string, IReadOnlyList<string>>> Read(AbsolutePath file)
    {
        if (!file.FileExists())
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind is not JsonValueKind.Object)
            {
                throw new BuildUsageException($"{file} must hold a JSON object of parameter values.");
            }

            return document.RootElement.EnumerateObject()
                .Where(property => !property.Name.StartsWith('$'))
                .Select(property => KeyValuePair.Create<string, IReadOnlyList<string>>(
                    property.Name,
                    property.Value.ValueKind is JsonValueKind.Array ? property.Value.EnumerateArray().Select(Text).ToList() : [Text(property.Value)]))
                .ToList();
        }
        catch (JsonException exception)
        {
            throw new BuildUsageException($"{file} is not valid JSON: {exception.Message}");
        }
    }

    private static string Text(JsonElement value) => value.ValueKind is JsonValueKind.String ? value.GetString()! : value.GetRawText();
}

/// <summary>Name matching shared by targets and parameters.</summary>
internal static class Names
{
    /// <summary>The form names are compared in: case, dashes and underscores ignored
    /// (<c>--max-distance</c>, <c>MAX_DISTANCE</c> and <c>MaxDistance</c> are one name).</summary>
    public static string Normalize(string name) =>
        new(name.Where(c => c is not ('-' or '_')).Select(char.ToLowerInvariant).ToArray());

    /// <summary><c>MaxDistance</c> → <c>max-distance</c>; <c>CIBuild</c> → <c>ci-build</c>.</summary>
    public static string ToKebabCase(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var startsWord = char.IsUpper(c) && i > 0
                && (!char.IsUpper(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])));
            if (startsWord && name[i - 1] != '_')
            {
                builder.Append('-');
            }

            builder.Append(c == '_' ? '-' : char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>" Did you mean 'X'?" for the closest candidate within a typo's distance, else empty.</summary>
    public static string Suggest(string typed, IEnumerable<string> candidates, Func<string, string>? display = null)
    {
        var wanted = Normalize(typed);
        var best = candidates
            .Select(candidate => (Candidate: candidate, Distance: Distance(wanted, Normalize(candidate))))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, wanted.Length / 3)
            ? $" Did you mean '{(display ?? (s => s))(best.Candidate)}'?"
            : "";
    }

    // A textbook two-row Levenshtein for a handful of short names: the build must not depend on the product it
    // builds, and no served package offers "closest string" on its own.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
