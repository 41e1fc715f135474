using CsvHelper;

namespace RepaymentScoring.Contract.Csv;

/// <summary>Typed, validating access to the fields of the current row; each failure becomes a <see cref="ContractError"/>.</summary>
internal sealed class RowReader(string file, Dictionary<string, int> columns, List<ContractError> errors, int width)
{
    private readonly HashSet<string> _seenKeys = new(StringComparer.Ordinal);
    private readonly string?[] _fields = new string?[width];

    public long Line { get; private set; }
    public int ErrorCount => errors.Count;
    public bool IsBlank { get; private set; }

    public void Begin(CsvReader csv, long line)
    {
        Line = line;
        var blank = true;
        for (var i = 0; i < _fields.Length; i++)
        {
            _fields[i] = csv.TryGetField<string>(i, out var v) ? v?.Trim() : null;
            if (!string.IsNullOrEmpty(_fields[i])) blank = false;
        }
        IsBlank = blank;
        foreach (var (name, index) in columns)
        {
            if (_fields[index] is not { } text) continue;
            if (text.Length > ContractFormat.MaxTextLength)
            {
                Error(name, $"longer than {ContractFormat.MaxTextLength} characters");
                _fields[index] = null;
            }
            else if (ContractFormat.ControlCharacter(text) is { } c)
            {
                Error(name, $"holds the control character U+{(int)c:X4}; text fields hold printable characters only");
                _fields[index] = null;
            }
        }
    }

    public void Error(string column, string reason) => errors.Add(new ContractError(file, Line, column, reason));

    public string? Raw(int index) => index < _fields.Length ? _fields[index] : null;

    public string? Optional(string column) =>
        columns.TryGetValue(column, out var i) && _fields[i] is { Length: > 0 } v ? v : null;

    public string? Required(string column)
    {
        var v = Optional(column);
        if (v is null) Error(column, "required value is empty");
        return v;
    }

    public string? Id(string column)
    {
        var v = Required(column);
        if (v is { Length: > ContractCsvReader.MaxIdLength })
        {
            Error(column, $"longer than {ContractCsvReader.MaxIdLength} characters");
            return null;
        }
        return v;
    }

    public string? Reference(string column, Func<string, bool> exists)
    {
        var v = Id(column);
        if (v is not null && !exists(v))
        {
            Error(column, $"unknown account '{v}'");
            return null;
        }
        return v;
    }

    /// <summary>Records a key and reports a repeat; a null key (already reported) is skipped.</summary>
    public void CheckUnique(string column, string? key, string? reason = null)
    {
        if (key is not null && !_seenKeys.Add(key))
            Error(column, reason ?? $"'{key}' appears more than once");
    }

    public DateOnly? Date(string column, bool required)
    {
        var v = required ? Required(column) : Optional(column);
        if (v is null) return null;
        if (ContractFormat.TryParseDate(v, out var d, out var why)) return d;
        Error(column, why!);
        return null;
    }

    public DateTimeOffset? Timestamp(string column)
    {
        var v = Required(column);
        if (v is null) return null;
        if (ContractFormat.TryParseTimestamp(v, out var t, out var why)) return t;
        Error(column, why!);
        return null;
    }

    public decimal? Decimal(string column, decimal min, bool required = false)
    {
        var v = required ? Required(column) : Optional(column);
        if (v is null) return null;
        if (!ContractFormat.TryParseDecimal(v, out var d, out var why))
        {
            Error(column, why!);
            return null;
        }
        if (d < min)
        {
            Error(column, $"{v} is below {min}");
            return null;
        }
        return d;
    }

    public int? Int(string column, int min, int max, bool required = false)
    {
        var v = required ? Required(column) : Optional(column);
        if (v is null) return null;
        if (!ContractFormat.TryParseInt(v, out var n, out var why))
        {
            Error(column, why!);
            return null;
        }
        if (n < min || n > max)
        {
            Error(column, $"{n} is outside {min}..{max}");
            return null;
        }
        return n;
    }

    public bool Bool(string column)
    {
        if (ContractFormat.TryParseBool(Optional(column), out var b, out var why)) return b;
        Error(column, why!);
        return false;
    }
}
