// Database.interrupt() and Database.timeLimit stop a running statement with SQLite's "interrupted".
import Foundation
import XCTest
@testable import Engine

final class InterruptTests: XCTestCase {
    /// A recursive CTE with no bound: it runs until something stops it.
    private let endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"

    private func assertInterrupted(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        do {
            try body()
            XCTFail("expected the statement to be interrupted", file: file, line: line)
        } catch let error as SQLError {
            XCTAssertEqual(error.kind, .interrupted, file: file, line: line)
            XCTAssertEqual(error.message, "interrupted", file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testInterruptFromAnotherThreadStopsACrossJoin() throws {
        let db = Database()
        try db.execute("CREATE TABLE t (x)")
        try db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 3000) INSERT INTO t SELECT x FROM c")
        // 3000^3 combinations: hours of work unless interrupted.
        // Database.interrupt() itself, called on another thread while this one runs the query.
        nonisolated(unsafe) let shared = db
        let interrupter = Thread {
            Thread.sleep(forTimeInterval: 0.2)
            shared.interrupt()
        }
        interrupter.start()
        assertInterrupted { try db.execute("SELECT count(*) FROM t a, t b, t c WHERE a.x + b.x = c.x + 1") }
        // The database goes on working, and the interrupt was used up.
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(3000)]])
    }

    func testInterruptFromAnotherThreadStopsASortAndAnAggregate() throws {
        for sql in [
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c ORDER BY -x",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x % 7, sum(x) FROM c GROUP BY 1",
        ] {
            let db = Database()
            // The Sendable handle a server or a binding keeps for its other threads.
            let handle = db.interruptHandle
            let interrupter = Thread {
                Thread.sleep(forTimeInterval: 0.2)
                handle.interrupt()
            }
            interrupter.start()
            assertInterrupted { try db.execute(sql) }
        }
    }

    func testTimeLimitStopsARunawayRecursiveCTE() throws {
        let db = Database()
        db.timeLimit = .milliseconds(200)
        let clock = ContinuousClock()
        let start = clock.now
        assertInterrupted { try db.execute(endless) }
        // Stopped by the limit, not by running out of rows (it never does): well before a minute.
        XCTAssertLessThan(clock.now - start, .seconds(60))
        // Each statement gets its own time: a short one runs.
        XCTAssertEqual(try db.execute("SELECT 1 + 1").rows, [[.integer(2)]])
        db.timeLimit = nil
        XCTAssertEqual(try db.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5) SELECT sum(x) FROM c").rows,
                       [[.integer(15)]])
    }

    func testAnInterruptWithNothingRunningStopsTheNextStatementOnly() throws {
        let db = Database()
        db.interrupt()
        assertInterrupted { try db.execute("SELECT 1") }
        XCTAssertEqual(try db.execute("SELECT 1").rows, [[.integer(1)]])
    }

    func testAnInterruptedChangeIsUndone() throws {
        let db = Database()
        db.timeLimit = .milliseconds(100)
        try db.execute("CREATE TABLE t (x)")
        try db.execute("INSERT INTO t VALUES (0)")
        assertInterrupted { try db.execute("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c") }
        XCTAssertEqual(try db.execute("SELECT count(*) FROM t").rows, [[.integer(1)]])
    }

    func testRunReportsTheInterruptInItsOutcome() throws {
        let db = Database()
        db.timeLimit = .milliseconds(100)
        let outcome = try db.run(endless)
        XCTAssertEqual(outcome.error?.kind, .interrupted)
        XCTAssertEqual(outcome.error?.message, "interrupted")
    }
}
