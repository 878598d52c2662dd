// The routes: every page as HTML, `.json` and `.csv`; the live tip; the assets. Only GET (and
// HEAD) is answered, only for the Host the server is bound to, with no CORS header, so no other
// site can read a page or make a request that changes anything (nothing changes anything).
import Engine
import Foundation
import Hummingbird

/// How a page is asked for.
public enum PageFormat: String, Sendable, CaseIterable {
    case html, json, csv
}

/// The pages, by name; each is served at `/NAME`, `/NAME.json` and `/NAME.csv`.
public enum PageRoute: String, Sendable, CaseIterable {
    case overview, compare, failures, sql, record

    /// Makes the page for a request's query parameters (on the service's queue).
    func page(_ state: ResultsState, _ query: [String: String]) throws -> Page {
        switch self {
        case .overview:
            return try state.page("overview") { try OverviewPage.make(state) }
        case .compare:
            let base = query["base"], head = query["head"]
            return state.page("compare\u{0}\(base ?? "")\u{0}\(head ?? "")") { ComparePage.make(state, base: base, head: head) }
        case .failures:
            let category = query["category"], status = query["status"], file = query["file"]
            return try state.page("failures\u{0}\(category ?? "")\u{0}\(status ?? "")\u{0}\(file ?? "")") {
                try FailuresPage.make(state, category: category, status: status, file: file)
            }
        case .record:
            return try state.page("record\u{0}\(query["run"] ?? "")\u{0}\(query["key"] ?? "")") {
                try FailuresPage.record(state, run: query["run"], key: query["key"])
            }
        case .sql:
            return SQLPage.make(state, q: query["q"])
        }
    }
}

public enum ResultsRouter {
    /// The router of a server over `service`, answering Host names `hostCheck` accepts; open
    /// pages poll for a new run every `pollMilliseconds`.
    public static func make(service: ResultsService, hostCheck: HostCheck, pollMilliseconds: Int = 2000) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RequestGuard(hostCheck: hostCheck))
        for route in PageRoute.allCases {
            for format in PageFormat.allCases {
                let path = "/" + route.rawValue + (format == .html ? "" : "." + format.rawValue)
                router.get(RouterPath(path)) { request, _ in
                    try await respond(service, route, format, request, pollMilliseconds)
                }
            }
        }
        router.get("/") { request, _ in try await respond(service, .overview, .html, request, pollMilliseconds) }
        router.get("/tip.json") { _, _ in
            let tip = try await service.currentTip()
            return text("{\"results_tip\":\(tip.map(ResultFormatter.jsonString) ?? "null")}\n", type: "application/json")
        }
        router.get("/assets/app.css") { _, _ in text(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in text(Assets.js, type: "text/javascript; charset=utf-8") }
        return router
    }

    static func respond(_ service: ResultsService, _ route: PageRoute, _ format: PageFormat, _ request: Request,
                        _ pollMilliseconds: Int) async throws -> Response {
        let query = QueryString.parse(request.uri.query ?? "")
        let (page, tip): (Page, String?)
        do {
            (page, tip) = try await service.withState { state in (try route.page(state, query), state.tip) }
        } catch {
            let message = "\(error)"
            let failed = Page(path: "/" + route.rawValue, title: "Error",
                              body: "<p class=\"error\" id=\"error\">\(HTML.escape(message))</p>", tables: [], error: message, status: 500)
            return render(failed, format, query, tip: nil, pollMilliseconds)
        }
        return render(page, format, query, tip: tip, pollMilliseconds)
    }

    static func render(_ page: Page, _ format: PageFormat, _ query: [String: String], tip: String?, _ pollMilliseconds: Int) -> Response {
        let status = HTTPResponse.Status(code: page.status)
        switch format {
        case .html:
            let suffixQuery = QueryString.encode(query.filter { $0.key != "table" })
            let path = page.path == "/" ? "/overview" : page.path
            let html = Layout.render(title: page.title, current: page.path == "/overview" ? "/" : page.path, body: page.body,
                                     assets: .served(tip: tip, pollMilliseconds: pollMilliseconds),
                                     dataLinks: (path + ".json" + suffixQuery, path + ".csv" + suffixQuery))
            return text(html, type: "text/html; charset=utf-8", status: status)
        case .json:
            return text(page.json(tip: tip), type: "application/json", status: status)
        case .csv:
            guard let csv = page.csv(table: query["table"]) else {
                let names = page.tables.map(\.name).joined(separator: ", ")
                return text("no table \(query["table"] ?? "") on this page (tables: \(names))\n", type: "text/plain; charset=utf-8", status: .notFound)
            }
            return text(csv, type: "text/csv; charset=utf-8", status: status)
        }
    }

    static func text(_ body: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Refuses what the server never answers: a Host it is not bound to, a method other than GET
/// and HEAD. Adds the headers that keep pages from being framed or scripted from elsewhere.
struct RequestGuard: RouterMiddleware {
    typealias Context = BasicRequestContext
    let hostCheck: HostCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        if !hostCheck.accepts(request.head.authority) {
            response = ResultsRouter.text("refused: the Host header does not name the address this server is bound to\n",
                                          type: "text/plain; charset=utf-8", status: .misdirectedRequest)
        } else if request.method != .get && request.method != .head {
            response = ResultsRouter.text("refused: this server only reads (GET)\n", type: "text/plain; charset=utf-8",
                                          status: .methodNotAllowed)
            response.headers[.allow] = "GET, HEAD"
        } else {
            response = try await next(request, context)
        }
        response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.cacheControl] = "no-store"
        return response
    }
}

/// Query strings as forms and links write them: `+` is a space, `%XX` a byte.
public enum QueryString {
    public static func parse(_ query: String) -> [String: String] {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = decode(parts[0]), value = parts.count > 1 ? decode(parts[1]) : ""
            if values[key] == nil { values[key] = value }
        }
        return values
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// `?a=1&b=2` (sorted), or "" when there is nothing to encode.
    public static func encode(_ values: [String: String]) -> String {
        let parts = values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
            .map { "\(HTML.urlComponent($0.key))=\(HTML.urlComponent($0.value))" }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
