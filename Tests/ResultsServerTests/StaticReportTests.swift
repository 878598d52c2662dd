// The static report: one self-contained HTML file (no script, no asset or link elsewhere), the
// named queries' results precomputed, summary.json and shields.io's badge.json.
import Foundation
import ResultsServer
import XCTest

final class StaticReportTests: XCTestCase {
    func testReportIsSelfContainedAndAgreesWithTheOverview() throws {
        let service = ResultsService(source: RecordedHistory())
        let files = try service.withStateNow { try StaticReport.make($0, generatedAt: Date(timeIntervalSince1970: 0)) }
        let html = files.indexHTML
        XCTAssertFalse(html.contains("<script"), "no script: it opens from file://")
        XCTAssertFalse(html.contains("<link"), "no linked asset")
        XCTAssertFalse(html.contains("src=\""), "no external source")
        XCTAssertFalse(html.contains("href=\"/"), "no link to a server route")
        XCTAssertTrue(html.contains("<style>"))
        XCTAssertTrue(html.contains("id=\"pass-rate\">33.3%</span>"))
        XCTAssertTrue(html.contains("<svg class=\"chart\""))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the failing record, escaped")
        XCTAssertTrue(html.contains("id=\"query-flaky\""), "named queries precomputed")
        XCTAssertTrue(html.contains("id=\"query-current-status-summary\""))
        let summary = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(files.summaryJSON.utf8)) as? [String: Any])
        XCTAssertEqual(summary["pass_rate"] as? Double, 33.3)
        XCTAssertEqual(summary["runs"] as? Int, 4)
        XCTAssertEqual((summary["comparison"] as? [String: Any])?["regressed_files"] as? Int, 1)
        let badge = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(files.badgeJSON.utf8)) as? [String: Any])
        XCTAssertEqual(badge["schemaVersion"] as? Int, 1)
        XCTAssertEqual(badge["message"] as? String, "33.3%")
        XCTAssertEqual(badge["color"] as? String, "red")
        XCTAssertNotNil(badge["label"] as? String)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try StaticReport.write(files, to: directory)
        for name in ["index.html", "summary.json", "badge.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/" + name), name)
        }
    }

    func testChartAndHTMLEscaping() {
        XCTAssertEqual(HTML.escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        let svg = Chart.svg([Chart.Point(label: "<b>", value: 50), Chart.Point(label: "c2", value: 75)], title: "t<")
        XCTAssertTrue(svg.hasPrefix("<svg"))
        XCTAssertTrue(svg.contains("<polyline"))
        XCTAssertFalse(svg.contains("<b>"))
        XCTAssertTrue(Chart.svg([], title: "none").contains("no recorded run"))
        XCTAssertEqual(QueryString.parse("q=SELECT+1%2B2&b=%3Cx%3E&q=ignored"), ["q": "SELECT 1+2", "b": "<x>"])
    }
}
