using Microsoft.Win32.SafeHandles;

namespace RepaymentScoring.Boosting;

internal sealed class DMatrixHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DMatrixHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);
    protected override bool ReleaseHandle() => XGBoostNative.XGDMatrixFree(handle) == 0;
}

internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BoosterHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);
    protected override bool ReleaseHandle() => XGBoostNative.XGBoosterFree(handle) == 0;
}
