using System.Reflection;
using System.Runtime.InteropServices;

namespace RepaymentScoring.Boosting;

/// <summary>
/// The XGBoost 1.7 C API, and nothing else. Debian's libxgboost0 ships only <c>libxgboost.so.0</c>,
/// which a plain <c>DllImport("xgboost")</c> does not find, so a resolver maps the name.
/// </summary>
#pragma warning disable CA2101 // every string is marshalled explicitly as UTF-8 (LPUTF8Str)
internal static unsafe class XGBoostNative
{
    private const string Library = "xgboost";
    private static readonly string[] Candidates = ["libxgboost.so.0", "libxgboost.so", "libxgboost.dylib", "xgboost.dll"];

    static XGBoostNative() => NativeLibrary.SetDllImportResolver(typeof(XGBoostNative).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Library) return IntPtr.Zero;
        foreach (var candidate in Candidates)
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var handle))
                return handle;
        throw new XGBoostUnavailableException();
    }

    /// <summary>Throws with XGBoost's own message when a call fails.</summary>
    public static void Check(int status)
    {
        if (status != 0)
            throw new XGBoostException(Marshal.PtrToStringUTF8(XGBGetLastError()) ?? "unknown XGBoost error");
    }

    [DllImport(Library)] public static extern IntPtr XGBGetLastError();
    [DllImport(Library)] public static extern void XGBoostVersion(out int major, out int minor, out int patch);
    [DllImport(Library)] public static extern int XGDMatrixCreateFromMat(float* data, ulong rows, ulong cols, float missing, out IntPtr handle);
    [DllImport(Library)] public static extern int XGDMatrixSetFloatInfo(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string field, float* values, ulong length);
    [DllImport(Library)] public static extern int XGDMatrixNumRow(IntPtr handle, out ulong rows);
    [DllImport(Library)] public static extern int XGDMatrixNumCol(IntPtr handle, out ulong cols);
    [DllImport(Library)] public static extern int XGDMatrixFree(IntPtr handle);
    [DllImport(Library)] public static extern int XGBoosterCreate(IntPtr* matrices, ulong length, out IntPtr handle);
    [DllImport(Library)] public static extern int XGBoosterFree(IntPtr handle);
    [DllImport(Library)] public static extern int XGBoosterSetParam(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Library)] public static extern int XGBoosterUpdateOneIter(IntPtr handle, int iteration, IntPtr train);
    [DllImport(Library)] public static extern int XGBoosterEvalOneIter(IntPtr handle, int iteration, IntPtr* matrices, IntPtr* names, ulong length, out IntPtr result);
    [DllImport(Library)] public static extern int XGBoosterPredictFromDMatrix(IntPtr handle, IntPtr matrix, [MarshalAs(UnmanagedType.LPUTF8Str)] string config, out ulong* shape, out ulong dimensions, out float* result);
    [DllImport(Library)] public static extern int XGBoosterPredictFromDense(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string arrayInterface, [MarshalAs(UnmanagedType.LPUTF8Str)] string config, IntPtr proxy, out ulong* shape, out ulong dimensions, out float* result);
    [DllImport(Library)] public static extern int XGBoosterSaveModelToBuffer(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string config, out ulong length, out byte* buffer);
    [DllImport(Library)] public static extern int XGBoosterLoadModelFromBuffer(IntPtr handle, byte* buffer, ulong length);
    [DllImport(Library)] public static extern int XGBoosterSlice(IntPtr handle, int begin, int end, int step, out IntPtr sliced);
    [DllImport(Library)] public static extern int XGBoosterBoostedRounds(IntPtr handle, out int rounds);
    [DllImport(Library)] public static extern int XGBoosterGetNumFeature(IntPtr handle, out ulong features);
    [DllImport(Library)] public static extern int XGBoosterSetAttr(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, [MarshalAs(UnmanagedType.LPUTF8Str)] string? value);
}

/// <summary>An error XGBoost reported; the message is <c>XGBGetLastError</c>'s text.</summary>
public sealed class XGBoostException(string message) : Exception(message);

/// <summary>The native library is not installed.</summary>
public sealed class XGBoostUnavailableException()
    : DllNotFoundException("XGBoost's native library (libxgboost.so.0) was not found: install it with 'apt-get install libxgboost0' (Debian 12, XGBoost 1.7.4).");
