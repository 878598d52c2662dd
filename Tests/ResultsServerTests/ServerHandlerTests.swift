// The server's handlers through Hummingbird's test client: each page as HTML, JSON and CSV,
// typed SQL under the read-only mode, the row cap and the time limit, escaping, refused methods.
import Engine
import Foundation
import Hummingbird
import HummingbirdTesting
import Results
import ResultsServer
import XCTest

final class ServerHandlerTests: XCTestCase {
    func app(_ history: RecordedHistory = RecordedHistory(), limits: QueryLimits = QueryLimits())
        -> some ApplicationProtocol {
        let service = ResultsService(source: history, limits: limits)
        return Application(router: ResultsRouter.make(service: service, hostCheck: HostCheck(boundTo: "127.0.0.1")))
    }

    func testOverviewNumbersAreThoseOfTheStatusQuery() async throws {
        let history = RecordedHistory()
        let expected = try history.results(at: nil).query(NamedQueries.named("status")!.sql)
        try await app(history).test(.router) { client in
            let (status, body, type) = try await Web.get(client, "/overview.json")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(type, "application/json")
            let page = try Web.json(body)
            // HEAD (f1): joins fails, nulls fails, insert passes: 1 of 3.
            XCTAssertEqual(page["pass_rate"] as? Double, 33.3)
            XCTAssertEqual(page["passed_files"] as? Int, 1)
            XCTAssertEqual(page["total_files"] as? Int, 3)
            let categories = try Web.table(page, "status")
            XCTAssertEqual(categories.columns, expected.columns)
            XCTAssertEqual(categories.rows.map { $0[0] as? String }, ["dml", "null", "select"], "categories below the suite's root")
            XCTAssertEqual(categories.rows.count, expected.rows.count)
            let branches = try Web.table(page, "latest_per_branch")
            XCTAssertEqual(Set(branches.rows.compactMap { $0[0] as? String }), ["main", "feature-x"])
            XCTAssertEqual(try Web.table(page, "baseline_history").rows.count, 3, "main's three commits")
            let html = try await Web.get(client, "/")
            XCTAssertEqual(html.type, "text/html; charset=utf-8")
            XCTAssertTrue(html.body.contains("id=\"pass-rate\">33.3%</span>"), html.body)
            XCTAssertTrue(html.body.contains("<svg class=\"chart\""))
        }
    }

    func testSQLAsJSONAndCSV() async throws {
        try await app().test(.router) { client in
            let sql = "SELECT file_path, status FROM test_files ORDER BY file_path"
            let page = try Web.json(try await Web.get(client, Web.sqlURI(".json", sql)).body)
            XCTAssertEqual(page["error"] as? NSNull, NSNull())
            XCTAssertEqual(page["row_count"] as? Int, 3)
            let result = try Web.table(page, "result")
            XCTAssertEqual(result.columns, ["file_path", "status"])
            XCTAssertEqual(result.rows.map { $0[0] as? String }, [RecordedHistory.insert, RecordedHistory.nulls, RecordedHistory.joins])
            XCTAssertFalse(result.truncated)
            let csv = try await Web.get(client, Web.sqlURI(".csv", "SELECT 1 AS n, 'a,\"b\"' AS t, NULL AS z, 2.5 AS r"))
            XCTAssertEqual(csv.type, "text/csv; charset=utf-8")
            XCTAssertEqual(csv.body, "n,t,z,r\n1,\"a,\"\"b\"\"\",,2.5\n")
            // A named query's name runs it, as `vibesql-git query status` does.
            let named = try Web.json(try await Web.get(client, Web.sqlURI(".json", "status")).body)
            XCTAssertEqual(try Web.table(named, "result").rows.count, 3)
            // Forms send spaces as '+'.
            let plus = try Web.json(try await Web.get(client, "/sql.json?q=SELECT+1+AS+one").body)
            XCTAssertEqual(try Web.table(plus, "result").columns, ["one"])
        }
    }

    func testWritesAreRefusedWithSQLitesMessage() async throws {
        try await app().test(.router) { client in
            for sql in ["DELETE FROM test_runs", "DROP TABLE test_files", "WITH x AS (SELECT 1) UPDATE test_files SET status = 'PASS'",
                        "CREATE TABLE t (x)", "BEGIN"] {
                let response = try await Web.get(client, Web.sqlURI(".json", sql))
                XCTAssertEqual(response.status, .badRequest, sql)
                XCTAssertEqual(try Web.json(response.body)["error"] as? String, "attempt to write a readonly database", sql)
            }
            let html = try await Web.get(client, Web.sqlURI("", "DELETE FROM test_runs"))
            XCTAssertTrue(html.body.contains("<p class=\"error\" id=\"error\">attempt to write a readonly database</p>"))
            let count = try Web.json(try await Web.get(client, Web.sqlURI(".json", "SELECT COUNT(*) FROM test_runs")).body)
            XCTAssertEqual(try Web.table(count, "result").rows.first?.first as? Int, 4, "nothing was deleted")
        }
    }

    func testRowCapTruncatesAndSaysSo() async throws {
        try await app(limits: QueryLimits(timeLimit: .seconds(5), maxRows: 7)).test(.router) { client in
            let sql = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50) SELECT x FROM n"
            let page = try Web.json(try await Web.get(client, Web.sqlURI(".json", sql)).body)
            let result = try Web.table(page, "result")
            XCTAssertEqual(result.rows.count, 7)
            XCTAssertTrue(result.truncated)
            XCTAssertEqual(page["truncated"] as? Bool, true)
            let html = try await Web.get(client, Web.sqlURI("", sql)).body
            XCTAssertTrue(html.contains("id=\"truncated\""), html)
            let lines = try await Web.get(client, Web.sqlURI(".csv", sql)).body.split(separator: "\n").count
            XCTAssertEqual(lines, 8, "header and 7 rows")
        }
    }

    func testASlowQueryStopsAtTheTimeLimit() async throws {
        try await app(limits: QueryLimits(timeLimit: .milliseconds(300), maxRows: 10)).test(.router) { client in
            let sql = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT COUNT(*) FROM n"
            let started = ContinuousClock.now
            let response = try await Web.get(client, Web.sqlURI(".json", sql))
            let elapsed = ContinuousClock.now - started
            XCTAssertEqual(response.status, .badRequest)
            let error = try XCTUnwrap(try Web.json(response.body)["error"] as? String)
            XCTAssertTrue(error.hasPrefix("interrupted"), error)
            XCTAssertTrue(error.contains("300 ms"), error)
            XCTAssertLessThan(elapsed, .seconds(10), "stopped near the limit, not run to the end")
            // The server answers the next query as usual.
            let next = try await Web.get(client, Web.sqlURI(".json", "SELECT 1")).status
            XCTAssertEqual(next, .ok)
        }
    }

    func testTheOverviewNamesTheRunsLeftOut() async throws {
        try await app().test(.router) { client in
            let plain = try await Web.get(client, "/").body
            XCTAssertFalse(plain.contains("runs-left-out"), "no section when nothing is left out")
        }
        let history = RecordedHistory()
        history.refusedRuns = ["skipped runs/ab/abc/r1.sql: refused: <b>DROP TABLE</b> is not a recorded row"]
        try await app(history).test(.router) { client in
            let html = try await Web.get(client, "/").body
            XCTAssertTrue(html.contains("Runs left out (1)"), html)
            XCTAssertTrue(html.contains("refused: &lt;b&gt;DROP TABLE&lt;/b&gt; is not a recorded row"), html)
            let json = try await Web.get(client, "/overview.json").body
            let table = try Web.table(try Web.json(json), "runs_left_out")
            XCTAssertEqual(table.rows.compactMap { $0.first as? String }, history.refusedRuns)
        }
    }

    func testRecordedValuesAreEscapedOnEveryPage() async throws {
        try await app().test(.router) { client in
            for uri in ["/failures", "/failures?file=suite%2Fselect%2Fjoins.test", "/compare", "/overview",
                        Web.sqlURI("", "SELECT sql_text, expected, actual, message FROM test_failures")] {
                let body = try await Web.get(client, uri).body
                XCTAssertFalse(body.contains("<script>alert"), "\(uri) let a recorded <script> through")
                XCTAssertFalse(body.contains("<b>bold</b>") || body.contains("<i>"), "\(uri) let recorded markup through")
                XCTAssertEqual(body.components(separatedBy: "<script").count - 1, 1, "\(uri): only the page's own script")
            }
            let failures = try await Web.get(client, "/failures").body
            XCTAssertTrue(failures.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), failures)
            XCTAssertTrue(failures.contains("&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
            // A typed query whose text holds markup is escaped in the box and the permalink too.
            let typed = try await Web.get(client, Web.sqlURI("", "SELECT '<img src=x onerror=alert(3)>' AS \"<th>\"")).body
            XCTAssertFalse(typed.contains("<img"))
            XCTAssertTrue(typed.contains("&lt;img src=x onerror=alert(3)&gt;"))
        }
    }

    func testCompareShowsTheRegressionAndLinksItsRecord() async throws {
        try await app().test(.router) { client in
            let page = try Web.json(try await Web.get(client, "/compare.json").body)
            XCTAssertEqual(page["base"] as? String, "main")
            XCTAssertEqual(page["head"] as? String, "HEAD")
            XCTAssertEqual(page["has_regressions"] as? Bool, true)
            let files = try Web.table(page, "files")
            XCTAssertEqual(files.rows.first?[0] as? String, "regressed")
            XCTAssertEqual(files.rows.first?[1] as? String, RecordedHistory.joins)
            let records = try Web.table(page, "records")
            XCTAssertEqual(records.rows.count, 1)
            let key = try XCTUnwrap(records.rows.first?[3] as? String)
            let run = try XCTUnwrap(records.rows.first?[7] as? Int)
            let html = try await Web.get(client, "/compare").body
            let link = "/record?run=\(run)&amp;key=\(HTML.urlComponent(key))"
            XCTAssertTrue(html.contains(link), html)
            let record = try await Web.get(client, "/record?run=\(run)&key=\(HTML.urlComponent(key))")
            XCTAssertEqual(record.status, .ok)
            XCTAssertTrue(record.body.contains("\(RecordedHistory.joins):12"))
            let unknown = try await Web.get(client, "/compare.json?base=nosuch")
            XCTAssertEqual(unknown.status, .badRequest)
        }
    }

    func testFailuresFilterByCategoryAndStatus() async throws {
        try await app().test(.router) { client in
            let all = try Web.json(try await Web.get(client, "/failures.json").body)
            XCTAssertEqual(try Web.table(all, "files").rows.count, 2)
            let select = try Web.json(try await Web.get(client, "/failures.json?category=select").body)
            XCTAssertEqual(try Web.table(select, "files").rows.map { $0[0] as? String }, [RecordedHistory.joins])
            XCTAssertEqual(try Web.table(select, "records").rows.first?[1] as? Int, 12)
            let crashes = try Web.json(try await Web.get(client, "/failures.json?status=CRASH").body)
            XCTAssertEqual(try Web.table(crashes, "files").rows.count, 0)
            let missing = try await Web.get(client, "/failures.csv?table=nosuch").status
            XCTAssertEqual(missing, .notFound)
            let recordsCSV = try await Web.get(client, "/failures.csv?table=records").body.hasPrefix("file_path,line,record_key,")
            XCTAssertTrue(recordsCSV)
        }
    }

    func testOnlyGETIsAnsweredAndNoCORS() async throws {
        try await app().test(.router) { client in
            for method: HTTPRequest.Method in [.post, .put, .delete, .patch] {
                try await client.execute(uri: Web.sqlURI("", "SELECT 1"), method: method) { response in
                    XCTAssertEqual(response.status, .methodNotAllowed, "\(method)")
                }
            }
            try await client.execute(uri: "/", method: .get, headers: [.origin: "https://evil.example"]) { response in
                XCTAssertNil(response.headers[.accessControlAllowOrigin])
                XCTAssertEqual(response.headers[.xContentTypeOptions], "nosniff")
                XCTAssertTrue(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
        }
    }

    func testANewRunChangesTheTipAndThePages() async throws {
        let history = RecordedHistory()
        try await app(history).test(.router) { client in
            let before = try Web.json(try await Web.get(client, "/tip.json").body)["results_tip"] as? String
            let overviewBefore = try await Web.get(client, "/overview.json").body
            XCTAssertEqual(try Web.json(overviewBefore)["pass_rate"] as? Double, 33.3)
            history.record(commit: "f1", branch: "feature-x", day: 4, files: RecordedHistory.mainFiles(insertPasses: true))
            let after = try Web.json(try await Web.get(client, "/tip.json").body)["results_tip"] as? String
            XCTAssertNotEqual(before, after)
            let overviewAfter = try await Web.get(client, "/overview.json").body
            XCTAssertEqual(try Web.json(overviewAfter)["pass_rate"] as? Double, 66.7)
        }
    }
}

/// Requests and the shapes of their answers.
enum Web {
    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (status: HTTPResponse.Status, body: String, type: String?) {
        try await client.execute(uri: uri, method: .get) { response in
            (response.status, String(buffer: response.body), response.headers[.contentType])
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    static func table(_ page: [String: Any], _ name: String) throws -> (columns: [String], rows: [[Any]], truncated: Bool) {
        let tables = try XCTUnwrap(page["tables"] as? [[String: Any]])
        let table = try XCTUnwrap(tables.first { $0["name"] as? String == name }, "no table \(name)")
        return (try XCTUnwrap(table["columns"] as? [String]), try XCTUnwrap(table["rows"] as? [[Any]]),
                try XCTUnwrap(table["truncated"] as? Bool))
    }

    static func sqlURI(_ suffix: String, _ sql: String) -> String {
        "/sql\(suffix)?q=" + HTML.urlComponent(sql)
    }
}
