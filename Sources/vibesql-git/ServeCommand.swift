// `serve` and `report`: the results as a live read-only web page, and as a static report.
// Both are thin: the pages, the limits and the report are the ResultsServer library's.
import ArgumentParser
import ConformanceHistory
import Foundation
import ResultsServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the results as a live, read-only web page.",
        discussion: """
            Pages: overview (/), compare (/compare?base=REV&head=REV), failures (/failures), SQL \
            (/sql?q=SQL); each also as .json and .csv (/sql.json?q=..., /failures.csv?table=records). \
            Typed SQL runs read-only, stopped at --time-limit, with at most --max-rows rows. Open \
            pages show a newly recorded run without a reload.
            """)

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(help: "The address to bind (default loopback; any other prints a warning: no authentication).")
    var host: String = "127.0.0.1"

    @Flag(help: "Open the page in the default browser (xdg-open).")
    var open = false

    @Option(name: .customLong("time-limit"), help: "Seconds a typed query may run.")
    var timeLimit: Double = 1

    @Option(name: .customLong("max-rows"), help: "Rows a typed query returns at most (the result is marked truncated).")
    var maxRows: Int = 1000

    @Option(help: "Seconds between an open page's checks for a new run.")
    var poll: Double = 2

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535, not \(port)") }
        guard timeLimit > 0, timeLimit <= 3600 else { throw ValidationError("--time-limit must be > 0 and at most 3600 seconds") }
        guard maxRows > 0 else { throw ValidationError("--max-rows must be at least 1") }
        guard poll >= 0.1 else { throw ValidationError("--poll must be at least 0.1 seconds") }
    }

    func run() async throws {
        let history = try ConformanceHistory.openFromEnvironment()
        let limits = QueryLimits(timeLimit: .milliseconds(Int64(timeLimit * 1000)), maxRows: maxRows)
        let service = ResultsService(source: HistorySource(history: history), limits: limits)
        if let warning = ResultsHTTPServer.exposureWarning(host: host) { printError(warning) }
        let host = self.host, open = self.open, repository = history.repository.commonDirectory
        let app = ResultsHTTPServer.application(service: service, host: host, port: port,
                                                pollMilliseconds: Int(poll * 1000)) { port in
            let address = host.contains(":") ? "[\(host)]" : host
            let url = "http://\(address):\(port)/"
            // Written unbuffered: a script waiting for the address reads it at once.
            FileHandle.standardOutput.write(Data("Serving the results of \(repository) at \(url) (Ctrl-C stops)\n".utf8))
            if open { ServeCommand.openInBrowser(url) }
        }
        try await app.runService()
    }

    static func openInBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        do { try process.run() } catch { printError("vibesql-git: could not open a browser: \(error)") }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a static report: index.html, summary.json and badge.json.",
        discussion: """
            index.html is self-contained (style and chart inline, no script): the overview, HEAD \
            compared with the baseline branch, the failures and the named queries' results as of \
            now. It works opened from disk or published as it is (GitHub Pages). badge.json is a \
            shields.io endpoint badge of the pass rate.
            """)

    @Option(name: .shortAndLong, help: "The folder to write (made when missing).")
    var output: String

    @Option(name: .customLong("max-rows"), help: "Rows of each named query's result at most.")
    var maxRows: Int = 1000

    func run() throws {
        let history = try ConformanceHistory.openFromEnvironment()
        let service = ResultsService(source: HistorySource(history: history),
                                     limits: QueryLimits(timeLimit: .seconds(30), maxRows: maxRows))
        let files = try service.withStateNow { try StaticReport.make($0) }
        try StaticReport.write(files, to: output)
        print("Wrote \(output)/index.html, summary.json and badge.json")
    }
}
