using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Sponsorship.Core.Data;

/// <summary>What the model says differently to PostgreSQL.</summary>
public static partial class PostgreSqlModel
{
    /// <summary>
    /// Index filters are raw SQL written once with square brackets around column names (<c>[Status] IN (0, 1)</c>),
    /// which SQL Server and SQLite both read; PostgreSQL quotes names with double quotes and is case-sensitive inside them.
    /// </summary>
    public static void QuoteIndexFilters(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var index in builder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredIndexes()))
        {
            if (index.GetFilter() is { } filter)
            {
                index.SetFilter(ToPostgreSql(filter));
            }
        }
    }

    /// <summary><c>[Status] IN (0, 1)</c> → <c>"Status" IN (0, 1)</c>.</summary>
    public static string ToPostgreSql(string sql) => BracketedName().Replace(sql, "\"$1\"");

    [GeneratedRegex(@"\[(\w+)\]")]
    private static partial Regex BracketedName();

    /// <summary>Writes every instant as UTC (Npgsql refuses a non-zero offset for <c>timestamp with time zone</c>).</summary>
    public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);
}
