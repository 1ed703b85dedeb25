using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Build.Engine.Tests;

/// <summary>
/// An assembly's public surface, one line per type, base type, interface and member, in a form that can be compared
/// across assemblies: what a caller compiles against (namespace, type, member name, parameter names and types, defaults,
/// <c>params</c>, <c>this</c>, generic constraints, return type, static-ness, accessibility and virtual-ness), and not
/// what it cannot see (nullability annotations, attributes, bodies). Hand-written: the served API-diff tools compare two
/// versions of one assembly, not a subset of one assembly's types against another's.
/// </summary>
internal static class PublicApi
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static IEnumerable<string> Describe(IEnumerable<Type> types) =>
        types.Where(IsVisible).SelectMany(Describe).Order(StringComparer.Ordinal);

    public static bool IsVisible(Type type) => type.IsPublic || type.IsNestedPublic && IsVisible(type.DeclaringType!);

    private static IEnumerable<string> Describe(Type type)
    {
        var name = TypeName(type);
        yield return $"{name} type: {TypeModifiers(type)}";
        for (var baseType = type.BaseType; baseType is not null && baseType != typeof(object); baseType = baseType.BaseType)
        {
            yield return $"{name} base: {TypeName(baseType)}";
        }

        foreach (var implemented in type.GetInterfaces().Where(IsVisible))
        {
            yield return $"{name} implements: {TypeName(implemented)}";
        }

        if (type.IsSubclassOf(typeof(Delegate)))
        {
            yield return $"{name} public delegate: {Signature(type.GetMethod("Invoke")!)}";
            yield break;
        }

        foreach (var member in type.GetMembers(Declared))
        {
            var line = member switch
            {
                ConstructorInfo constructor when IsVisible(constructor) => $"{Access(constructor)} ctor: {Parameters(constructor)}",
                MethodInfo method when IsVisible(method) && !method.IsSpecialName || method is { IsSpecialName: true } && method.Name.StartsWith("op_", StringComparison.Ordinal) && IsVisible(method)
                    => $"{Access(method)}{Modifiers(method)} method: {Signature(method)}",
                PropertyInfo property when Accessors(property).Any(IsVisible) => $"{PropertyLine(property)}",
                FieldInfo field when IsVisible(field) && !field.IsSpecialName => $"{FieldLine(field)}",
                EventInfo @event when @event.AddMethod is { } add && IsVisible(add) => $"{Access(add)}{Modifiers(add)} event: {@event.Name} -> {TypeName(@event.EventHandlerType!)}",
                _ => null,
            };
            if (line is not null)
            {
                yield return $"{name} {line}";
            }
        }
    }

    private static bool IsVisible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool IsVisible(FieldInfo field) => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly;

    private static string Access(MethodBase method) =>
        method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string Access(FieldInfo field) =>
        field.IsPublic ? "public" : field.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string TypeModifiers(Type type) =>
        type.IsInterface ? "interface"
        : type.IsEnum ? "enum"
        : type.IsValueType ? "struct"
        : type.IsSubclassOf(typeof(Delegate)) ? "delegate"
        : type is { IsAbstract: true, IsSealed: true } ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static string Modifiers(MethodInfo method) =>
        method.IsStatic ? " static"
        : method.DeclaringType!.IsInterface ? ""
        : method.IsAbstract ? " abstract"
        : method.IsVirtual && method.GetBaseDefinition() != method ? method.IsFinal ? " sealed override" : " override"
        : method.IsVirtual && !method.IsFinal ? " virtual"
        : "";

    private static IEnumerable<MethodInfo> Accessors(PropertyInfo property) =>
        new[] { property.GetMethod, property.SetMethod }.OfType<MethodInfo>();

    private static string PropertyLine(PropertyInfo property)
    {
        var visible = Accessors(property).Where(IsVisible).ToList();
        var widest = visible.First();
        var accessors = string.Join(" ", visible.Select(accessor =>
            (Access(accessor) == Access(widest) ? "" : Access(accessor) + " ")
            + (accessor == property.GetMethod ? "get;" : IsInitOnly(accessor) ? "init;" : "set;")));
        var indexer = property.GetIndexParameters() is { Length: > 0 } index ? $"[{string.Join(", ", index.Select(Parameter))}]" : "";
        return $"{Access(widest)}{Modifiers(widest)} property: {property.Name}{indexer} -> {TypeName(property.PropertyType)} {{ {accessors} }}";
    }

    private static bool IsInitOnly(MethodInfo setter) =>
        setter.ReturnParameter.GetRequiredCustomModifiers().Any(modifier => modifier.FullName == typeof(IsExternalInit).FullName);

    private static string FieldLine(FieldInfo field)
    {
        var modifier = field.IsLiteral ? " const" : field.IsStatic ? field.IsInitOnly ? " static readonly" : " static" : field.IsInitOnly ? " readonly" : "";
        return $"{Access(field)}{modifier} field: {field.Name} -> {TypeName(field.FieldType)}";
    }

    private static string Signature(MethodInfo method)
    {
        var generic = method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";
        var constraints = method.IsGenericMethodDefinition ? Constraints(method.GetGenericArguments()) : "";
        return $"{method.Name}{generic}{Parameters(method)} -> {TypeName(method.ReturnType)}{constraints}";
    }

    private static string Parameters(MethodBase method)
    {
        var extension = method.IsDefined(typeof(ExtensionAttribute), inherit: false);
        return "(" + string.Join(", ", method.GetParameters().Select((p, i) => (extension && i == 0 ? "this " : "") + Parameter(p))) + ")";
    }

    private static string Parameter(ParameterInfo parameter)
    {
        var text = new StringBuilder();
        if (parameter.IsDefined(typeof(ParamArrayAttribute), inherit: false))
        {
            text.Append("params ");
        }

        var type = parameter.ParameterType;
        if (type.IsByRef)
        {
            text.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ");
            type = type.GetElementType()!;
        }

        text.Append(TypeName(type)).Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue)
        {
            text.Append(" = ").Append(parameter.RawDefaultValue switch
            {
                null => "null",
                string s => $"\"{s}\"",
                bool b => b ? "true" : "false",
                var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        return text.ToString();
    }

    private static string Constraints(Type[] parameters) =>
        string.Concat(parameters.Select(parameter =>
        {
            var attributes = parameter.GenericParameterAttributes;
            var constraints = new List<string>();
            if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("struct");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(TypeName).Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint) && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("new()");
            }

            return constraints.Count > 0 ? $" where {parameter.Name} : {string.Join(", ", constraints)}" : "";
        }));

    /// <summary>C#-like full names: <c>System.Func&lt;T, Nuke.Common.Target&gt;[]</c>, <c>Outer+Inner</c>.</summary>
    public static string TypeName(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return $"{TypeName(type.GetElementType()!)}[{new string(',', type.GetArrayRank() - 1)}]";
        }

        if (type.IsByRef || type.IsPointer)
        {
            return TypeName(type.GetElementType()!) + (type.IsPointer ? "*" : "&");
        }

        var name = type.IsNested ? $"{TypeName(type.DeclaringType!)}+{type.Name}" : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType)
        {
            return name;
        }

        var tick = name.IndexOf('`');
        return $"{(tick >= 0 ? name[..tick] : name)}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
    }
}
