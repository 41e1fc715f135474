using System.Text;

namespace RepaymentScoring.Contract.Csv;

/// <summary>
/// Writes a file aside (<c>path.partial</c>, UTF-8 without BOM) and renames it into place: readers see
/// the previous file or the whole new one, and a failed write leaves no partial file behind.
/// </summary>
public static class AtomicFile
{
    public static T Write<T>(string path, Func<StreamWriter, T> write)
    {
        var temporary = path + ".partial";
        // An output named in a folder that does not exist yet gets its folder, as users expect of --out.
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        try
        {
            T result;
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
                result = write(writer);
            File.Move(temporary, path, overwrite: true);
            return result;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static void Write(string path, Action<StreamWriter> write) => Write(path, writer =>
    {
        write(writer);
        return 0;
    });
}
