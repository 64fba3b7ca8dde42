namespace Distilabel.Rendering;

/// <summary>Inline styles (no style sheet, no class names: outputs look the same wherever they are shown).</summary>
internal static class Styles
{
    public const string Root = "font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:13px;line-height:1.4;color:#1f2328;max-width:100%;";
    public const string Title = "font-weight:600;font-size:14px;margin:0 0 6px 0;";
    public const string Muted = "color:#656d76;";
    public const string Code = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:#f6f8fa;padding:1px 4px;border-radius:4px;";
    public const string Section = "margin:10px 0 4px 0;font-weight:600;";
    public const string Table = "border-collapse:collapse;margin:4px 0;font-size:12px;";
    public const string Th = "border:1px solid #d0d7de;background:#f6f8fa;padding:3px 6px;text-align:left;vertical-align:bottom;";
    public const string Td = "border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top;white-space:pre-wrap;word-break:break-word;max-width:420px;";
    public const string TdIndex = "border:1px solid #d0d7de;padding:3px 6px;text-align:right;vertical-align:top;color:#656d76;";
    public const string FailedRow = "background:#ffebe9;";
    public const string Error = "color:#cf222e;";
    public const string Null = "color:#8c959f;font-style:italic;";
    public const string ColumnType = "font-weight:400;color:#656d76;font-size:11px;";
    public const string BarTrack = "display:inline-block;width:60px;height:8px;background:#eaeef2;border-radius:2px;vertical-align:middle;margin-left:6px;overflow:hidden;";
    public const string BarFill = "display:block;height:100%;background:#2da44e;";
    public const string ChartBlock = "display:inline-block;vertical-align:top;margin:4px 18px 4px 0;";
    public const string ChartLabel = "padding:1px 6px 1px 0;text-align:right;color:#656d76;font-size:12px;";
    public const string ChartTrack = "width:160px;padding:1px 0;";
    public const string ChartBar = "display:block;height:10px;background:#0969da;border-radius:2px;";
    public const string ChartCount = "padding:1px 0 1px 6px;font-size:12px;";
    public const string Footer = "margin-top:4px;color:#656d76;font-size:12px;";
    public const string Pre = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:8px;margin:2px 0 8px 0;white-space:pre-wrap;word-break:break-word;";
    public const string Role = "font-size:11px;font-weight:600;text-transform:uppercase;color:#656d76;";
    public const string ProgressTrack = "display:flex;width:100%;max-width:480px;height:12px;background:#eaeef2;border-radius:3px;overflow:hidden;margin:4px 0;";
    public const string ProgressDone = "display:block;height:100%;background:#2da44e;";
    public const string ProgressFailed = "display:block;height:100%;background:#cf222e;";
    public const string Summary = "cursor:pointer;";
}
