// The frame around every page: navigation, the live marker, the links to the page's data.
// The server links its style sheet and script; the static report inlines the style sheet.

public enum Layout {
    /// How the page gets its style and script.
    public enum Mode: Sendable {
        /// Linked from the server (`/assets/app.css`, `/assets/app.js`); the page polls for new runs.
        case served(tip: String?, pollMilliseconds: Int)
        /// Inline style, no script (the static report, opened from anywhere).
        case inline
    }

    public static let navigation: [(title: String, path: String)] = [
        ("Overview", "/"), ("Compare", "/compare"), ("Failures", "/failures"), ("SQL", "/sql"),
    ]

    public static func render(title: String, current: String, body: String, assets: Mode,
                              dataLinks: (json: String, csv: String)? = nil) -> String {
        var html = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        html += "<title>\(HTML.escape(title)) · VibeSQL conformance</title>"
        switch assets {
        case .served: html += "<link rel=\"stylesheet\" href=\"/assets/app.css\">"
        case .inline: html += "<style>\(Assets.css)</style>"
        }
        html += "</head>"
        switch assets {
        case .served(let tip, let poll):
            html += "<body data-live=\"1\" data-tip=\"\(HTML.escape(tip ?? ""))\" data-poll=\"\(poll)\">"
        case .inline:
            html += "<body>"
        }
        html += "<header><span class=\"brand\">VibeSQL conformance</span><nav>"
        if case .served = assets {
            for item in navigation {
                html += "<a href=\"\(item.path)\"\(item.path == current ? " class=\"current\"" : "")>\(item.title)</a>"
            }
        }
        html += "</nav>"
        if case .served = assets { html += "<span class=\"live\" id=\"live\">live</span>" }
        html += "</header><main id=\"main\"><h1>\(HTML.escape(title))</h1>\(body)</main>"
        if let dataLinks {
            html += "<footer>This page's data: <a href=\"\(HTML.escape(dataLinks.json))\">JSON</a> · <a href=\"\(HTML.escape(dataLinks.csv))\">CSV</a></footer>"
        }
        if case .served = assets { html += "<script src=\"/assets/app.js\"></script>" }
        return html + "</body></html>\n"
    }
}
