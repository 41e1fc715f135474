using System.Buffers;
using System.Text.Unicode;

namespace RepaymentScoring.Contract.Csv;

/// <summary>Finds where a file stops being UTF-8, so the error names the line to fix.</summary>
internal static class Utf8Check
{
    /// <summary>The 1-based line of the first byte that is not UTF-8, or 0 when every byte is.</summary>
    public static long LineOfFirstInvalidByte(string path)
    {
        using var file = File.OpenRead(path);
        var bytes = new byte[1 << 16];
        var chars = new char[bytes.Length];
        long line = 1;
        var carried = 0; // bytes of a character split across two reads
        int read;
        while ((read = file.Read(bytes, carried, bytes.Length - carried)) > 0 || carried > 0)
        {
            var length = carried + read;
            var final = read == 0;
            var status = Utf8.ToUtf16(bytes.AsSpan(0, length), chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
            line += bytes.AsSpan(0, consumed).Count((byte)'\n');
            if (status == OperationStatus.InvalidData) return line;
            if (final) break;
            carried = length - consumed;
            bytes.AsSpan(consumed, carried).CopyTo(bytes);
        }
        return 0;
    }
}
