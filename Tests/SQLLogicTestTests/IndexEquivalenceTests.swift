// The suite files on indexes on expressions and partial indexes: every query answers the same on
// a copy of the database without its indexes (the planner's choices may never change an answer).
import XCTest
@testable import Engine
@testable import SQLLogicTest

final class IndexEquivalenceTests: XCTestCase {
    private let files = ["suite/ddl/expression_indexes.test", "suite/ddl/partial_indexes.test"]

    func testEveryQueryAnswersTheSameWithoutTheIndexes() throws {
        for file in files {
            let path = TestPaths.packageRoot.appendingPathComponent(file).path
            let records = try TestFileParser.parse(contentsOf: path).records
            let db = Database()
            var compared = 0
            for record in records where !record.isSkipped(engineName: "sqlite") {
                switch record.kind {
                case .statement(let sql, _):
                    _ = try? db.execute(sql)  // `statement error` records fail here as in the file
                case .query(let query):
                    // The catalog and INDEXED BY name the indexes: a copy without them differs.
                    let text = asciiLowercased(query.sql)
                    if text.contains("sqlite_master") || text.contains("pragma") || text.contains("indexed by") { continue }
                    let withIndexes = try rows(db, query.sql)
                    let withoutIndexes = try rows(try copyWithoutIndexes(db), query.sql)
                    let ordered = text.contains("order by")
                    XCTAssertEqual(ordered ? withIndexes : withIndexes.sorted(), ordered ? withoutIndexes : withoutIndexes.sorted(),
                                   "\(file):\(record.line): \(query.sql)")
                    compared += 1
                default:
                    break
                }
            }
            XCTAssertGreaterThan(compared, 20, file)
        }
    }

    /// The database's dump reloaded without its CREATE INDEX statements.
    private func copyWithoutIndexes(_ db: Database) throws -> Database {
        let lines = db.dump().split(separator: "\n", omittingEmptySubsequences: false).filter {
            !$0.hasPrefix("CREATE INDEX ") && !$0.hasPrefix("CREATE UNIQUE INDEX ")
        }
        let copy = Database()
        try copy.execute(lines.joined(separator: "\n"))
        XCTAssertTrue(copy.catalog.tables.values.allSatisfy { $0.indexes.allSatisfy(\.implicit) })
        return copy
    }

    private func rows(_ db: Database, _ sql: String) throws -> [String] {
        ResultFormatter(format: .list).render(try db.execute(sql)).split(separator: "\n").map(String.init)
    }
}
