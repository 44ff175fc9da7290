/// The style sheet of the HTML reports, given to templates as `page.css` (inline, in a
/// `<style>` element: the page loads nothing).
///
/// Light and dark follow `prefers-color-scheme` on screen, with `color-scheme` set so that form
/// controls and scroll bars follow too; print is always light. The print rules fit A4 and
/// Letter (the page size is the printer's; the margins leave 186 mm × 255 mm, which both
/// papers hold): the summary for leadership fills page one, each milestone starts a page,
/// table headers repeat on every page and no row, figure or step is cut in two.
public enum HTMLStyle {
    /// The Content-Security-Policy of every HTML report: nothing may load or run; only the
    /// page's own inline styles apply and only `data:` images show.
    public static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    /// The whole style sheet: the page's, then the charts' (``ChartStyle/css``), their dark
    /// variants for screens only.
    public static let css: String = page + chartCSS

    /// The charts' style sheet with its dark variant limited to screens, so that print stays light.
    static let chartCSS: String = {
        ChartStyle.css.replacingOccurrences(
            of: "@media (prefers-color-scheme: dark)", with: "@media screen and (prefers-color-scheme: dark)")
    }()

    static let page = """
        :root{color-scheme:light dark;--bg:#FFFFFF;--fg:#1F2328;--muted:#57606A;--border:#D0D7DE;\
        --zebra:#F6F8FA;--head:#EEF1F4;--accent:#0072B2;--note-bg:#FFF8C5;--note-border:#9A6700;\
        --done:#007A5A;--progress:#9A6700;--planned:#0072B2}
        @media screen and (prefers-color-scheme: dark){:root{--bg:#0D1117;--fg:#E6EDF3;--muted:#9198A1;\
        --border:#3D444D;--zebra:#151B23;--head:#1C232D;--accent:#56A8E0;--note-bg:#2E2A12;\
        --note-border:#D4A72C;--done:#2FC99A;--progress:#F0B43C;--planned:#56A8E0}}
        *{box-sizing:border-box}
        html{background:var(--bg);color:var(--fg)}
        body{margin:0 auto;max-width:1120px;padding:24px 32px 48px;\
        font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif;\
        overflow-wrap:break-word}
        h1{font-size:1.9em;line-height:1.2;margin:.2em 0 .4em}
        h2{font-size:1.45em;border-bottom:1px solid var(--border);padding-bottom:.25em;margin:1.8em 0 .7em}
        h3{font-size:1.2em;margin:1.4em 0 .5em}
        h4{font-size:1em;margin:1.2em 0 .4em}
        a{color:var(--accent)}
        p,ul,ol{margin:.5em 0 .9em}
        .meta{list-style:none;padding:0;margin:0 0 1em;display:flex;flex-wrap:wrap;gap:.1em 1.6em;color:var(--muted)}
        .meta strong{color:var(--fg);font-weight:600}
        .draft{border:2px solid var(--note-border);background:var(--note-bg);border-radius:6px;padding:.6em 1em;\
        font-weight:600}
        .points li{margin:.2em 0}
        .table-wrap{overflow-x:auto;margin:.8em 0 1.2em}
        table{border-collapse:collapse;width:100%;font-size:.95em}
        th,td{border:1px solid var(--border);padding:.4em .6em;text-align:left;vertical-align:top}
        thead th{background:var(--head);font-weight:600}
        tbody th{font-weight:400}.id{font-weight:600}
        tbody tr:nth-child(2n){background:var(--zebra)}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th.num{white-space:normal}
        .nowrap,.id{white-space:nowrap}
        .id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em}
        .bar{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;letter-spacing:-.05em;\
        white-space:nowrap;color:var(--accent)}
        .muted{color:var(--muted)}
        .url{overflow-wrap:anywhere}
        .status{white-space:nowrap;font-weight:600}
        .status-done{color:var(--done)}.status-in-progress{color:var(--progress)}.status-planned{color:var(--planned)}
        .status-dropped{color:var(--muted)}
        .status-done::before{content:"\\2713\\00A0"}.status-in-progress::before{content:"\\25D0\\00A0"}
        .status-planned::before{content:"\\25CB\\00A0"}
        figure{margin:1em 0 1.4em}
        figcaption{color:var(--muted);font-size:.9em;margin-top:.3em}
        svg.oc-chart{display:block;max-width:100%;height:auto}
        .summary-grid{display:grid;grid-template-columns:minmax(0,1.35fr) minmax(min-content,1fr);gap:1.2em 2em;align-items:start}
        .summary-grid figure{margin:0}
        @media screen and (max-width:820px){.summary-grid{grid-template-columns:minmax(0,1fr)}\
        body{padding:16px}}
        footer{margin-top:3em;color:var(--muted);font-size:.9em;border-top:1px solid var(--border);padding-top:.8em}
        @page{margin:12mm 12mm 14mm}
        @media print{
        :root{color-scheme:light}
        html{background:#FFFFFF;color:#000000}
        body{max-width:none;padding:0;font-size:10pt;line-height:1.4}
        h1{font-size:18pt}h2{font-size:14pt;margin-top:1.2em}h3{font-size:12pt}
        a{color:inherit;text-decoration:none}
        .table-wrap{overflow:visible}
        table{font-size:9pt}
        thead{display:table-header-group}
        tr,figure,li,.keep{break-inside:avoid}
        h2,h3,h4{break-after:avoid}
        .leadership{break-after:page}
        .milestone{break-before:page}
        .summary-grid{grid-template-columns:minmax(0,1.3fr) minmax(min-content,1fr);gap:.6em 1em}
        .leadership{font-size:9.5pt;line-height:1.3}
        .leadership h1{font-size:16pt;margin-top:0}.leadership h2{margin-top:.6em}.leadership h3{margin:.6em 0 .3em}
        .leadership .meta{font-size:8.5pt;margin-bottom:.4em}
        .leadership table{font-size:8pt}
        .leadership th,.leadership td{padding:.25em .45em}
        .leadership .table-wrap{margin:.4em 0}
        .leadership figcaption{display:none}
        .leadership .points{margin:.3em 0 .5em}
        .screen-only{display:none}
        svg.oc-chart{max-height:235mm;width:auto;margin:0 auto}
        .leadership svg.oc-chart{max-height:82mm}
        }

        """
}
