using System.CommandLine.Parsing;

namespace Assay.Cli;

/// <summary>
/// The one place that words a command-line parse error for the user: an option's value that does not convert says the
/// option, the kind it expects in words and what was given (<c>--temperature: expected a number, got 'abc'</c>), never
/// a .NET type name; other errors (an unknown option, a missing value) keep System.CommandLine's own sentence.
/// </summary>
internal static class ParseErrorText
{
    /// <summary>One line for <paramref name="error"/>.</summary>
    public static string Describe(ParseError error)
    {
        var result = error.SymbolResult is ArgumentResult { Parent: OptionResult parent } ? parent : error.SymbolResult;
        if (result is OptionResult option && option.Tokens.Count > 0 && !error.Message.StartsWith("Required", StringComparison.Ordinal))
        {
            // Text options fail only their own validators (AcceptOnlyFromAmong), whose sentence already lists the choices.
            var kind = Kind(option.Option.ValueType);
            var given = string.Join(' ', option.Tokens.Select(t => t.Value));
            return kind is null ? $"{option.Option.Name}: {OneLine(error.Message)}" : $"{option.Option.Name}: expected {kind}, got '{given}'";
        }

        return OneLine(error.Message);
    }

    // System.CommandLine lists choices on lines of their own.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The kind of value a <paramref name="type"/> holds, in words; null for text, which any token is.</summary>
    private static string? Kind(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 => "a whole number",
            TypeCode.UInt32 or TypeCode.UInt64 or TypeCode.UInt16 or TypeCode.Byte => "a whole number, 0 or more",
            TypeCode.Double or TypeCode.Single or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            TypeCode.String => null,
            _ => "a value of another kind",
        };
    }
}
