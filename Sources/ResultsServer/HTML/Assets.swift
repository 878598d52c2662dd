// The page's style sheet and its one script, served by the server itself (`/assets/...`) and
// written inline into the static report: no CDN, no asset from anywhere else.

public enum Assets {
    public static let css = """
        :root { --fg: #1d2330; --muted: #6b7385; --line: #dde1e8; --bg: #f6f7f9; --accent: #2f5fd0;
                --pass: #2e8b57; --fail: #c0392b; --crash: #8e44ad; --timeout: #d35400; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
        header { display: flex; align-items: center; gap: 18px; padding: 10px 24px; background: #1d2330; color: #fff; }
        header .brand { font-weight: 600; letter-spacing: .02em; }
        header nav a { color: #cfd6e4; text-decoration: none; margin-right: 14px; }
        header nav a.current { color: #fff; border-bottom: 2px solid #7aa2ff; }
        header .live { margin-left: auto; font-size: 12px; color: #9fb0cc; }
        header .live.updated { color: #7dffb0; }
        main { max-width: 1180px; margin: 0 auto; padding: 18px 24px 40px; }
        h1 { font-size: 22px; margin: 6px 0 14px; }
        h2 { font-size: 16px; margin: 26px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 0 0 6px; }
        h4 { font-size: 11px; text-transform: uppercase; color: var(--muted); margin: 0 0 2px; }
        a { color: var(--accent); }
        code, pre, textarea { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
        pre { margin: 0; padding: 6px 8px; background: #fff; border: 1px solid var(--line); border-radius: 4px; white-space: pre-wrap; word-break: break-word; max-height: 260px; overflow: auto; }
        pre.none { color: var(--muted); }
        .formats { float: right; font-size: 12px; font-weight: normal; }
        .formats a { margin-left: 8px; }
        .muted, .empty { color: var(--muted); }
        .headline { display: flex; justify-content: space-between; align-items: flex-end; gap: 24px; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; }
        .figure .big { font-size: 34px; font-weight: 650; margin-right: 10px; }
        .figure .figure-label { color: var(--muted); }
        .revisions { color: var(--muted); text-align: right; }
        .worse { color: var(--fail); } .better { color: var(--pass); }
        .bars { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
        .bar-row { display: grid; grid-template-columns: 180px 1fr 150px; align-items: center; gap: 10px; padding: 3px 0; }
        .bar { height: 14px; background: #f0d6d3; border-radius: 3px; overflow: hidden; }
        .bar-fill { display: block; height: 100%; background: var(--pass); }
        .bar-figure { font-variant-numeric: tabular-nums; color: var(--muted); }
        svg.chart { background: #fff; border: 1px solid var(--line); border-radius: 6px; max-width: 100%; height: auto; }
        svg.chart .grid { stroke: #e8ebf0; } svg.chart .axis { font-size: 10px; fill: var(--muted); }
        svg.chart .line { stroke: var(--accent); stroke-width: 2; } svg.chart .dot { fill: var(--accent); }
        table.data { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
        table.data th, table.data td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eef0f3; vertical-align: top; max-width: 520px; overflow-wrap: anywhere; }
        table.data th { background: #eef1f6; font-weight: 600; position: sticky; top: 0; white-space: nowrap; }
        .status, .change { white-space: nowrap; }
        table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.data td.null { color: #a0a6b2; font-style: italic; }
        details { margin-top: 8px; }
        .status, .change { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11px; font-weight: 600; color: #fff; background: var(--muted); }
        .status-pass, .change-fixed { background: var(--pass); } .status-fail, .change-regressed { background: var(--fail); }
        .status-crash { background: var(--crash); } .status-timeout { background: var(--timeout); }
        .change-new { background: var(--accent); } .change-changed, .change-removed { background: #7f8c8d; }
        article.file { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
        .file-error { color: var(--fail); margin: 4px 0; }
        .record { border-top: 1px solid #eef0f3; padding: 8px 0; }
        .record-head { margin-bottom: 6px; } .record-head .kind { color: var(--muted); }
        .record-head .engine-error { color: var(--fail); }
        .record-body { display: grid; grid-template-columns: 2fr 1fr 1fr; gap: 8px; }
        form { margin: 6px 0 12px; } input, select, button { font: inherit; padding: 3px 6px; }
        textarea { width: 100%; padding: 8px; border: 1px solid var(--line); border-radius: 4px; }
        button { background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: 5px 14px; cursor: pointer; }
        .error { color: var(--fail); background: #fdf0ee; border: 1px solid #f3c7c1; border-radius: 4px; padding: 8px 10px; white-space: pre-wrap; font-family: ui-monospace, monospace; }
        .truncated { color: var(--timeout); font-weight: 600; }
        ul.examples { columns: 2; padding-left: 18px; } ul.examples li { break-inside: avoid; margin: 2px 0; }
        footer { max-width: 1180px; margin: 0 auto; padding: 0 24px 30px; color: var(--muted); font-size: 12px; }
        """

    /// Live pages: the results ref's tip is polled; when it moves, the page's content is fetched
    /// again and swapped in, so a new run shows without a reload.
    public static let js = """
        (function () {
          var body = document.body, live = document.getElementById('live');
          if (!body || !body.dataset.live) return;
          var tip = body.dataset.tip || '';
          function refresh(newTip) {
            fetch(location.href, { headers: { 'Accept': 'text/html' }, credentials: 'same-origin' })
              .then(function (r) { return r.text(); })
              .then(function (html) {
                var doc = new DOMParser().parseFromString(html, 'text/html');
                var main = doc.getElementById('main');
                if (!main) return;
                document.getElementById('main').innerHTML = main.innerHTML;
                tip = newTip; body.dataset.tip = newTip;
                if (live) { live.textContent = 'updated: new run recorded ' + new Date().toLocaleTimeString(); live.className = 'live updated'; }
              });
          }
          function poll() {
            fetch('/tip.json', { cache: 'no-store', credentials: 'same-origin' })
              .then(function (r) { return r.json(); })
              .then(function (data) { var t = data.results_tip || ''; if (t !== tip) refresh(t); })
              .catch(function () { if (live) live.textContent = 'live: server not answering'; })
              .then(function () { setTimeout(poll, Number(body.dataset.poll || 2000)); });
          }
          setTimeout(poll, Number(body.dataset.poll || 2000));
        })();
        """
}
