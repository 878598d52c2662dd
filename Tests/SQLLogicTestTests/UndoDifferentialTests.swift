// Transactions against SQLite itself: random writes, failing statements, savepoints and
// ROLLBACK leave the same rows, indexes and AUTOINCREMENT counters in both engines.
import XCTest
@testable import Engine
@testable import SQLLogicTest

final class UndoDifferentialTests: XCTestCase {
    func testRandomTransactionsLeaveWhatSQLiteLeaves() throws {
        for seed in UInt64(1)...80 {
            var random = Congruential(seed: seed)
            let script = transactionScript(&random)
            let vibesql = VibeSQLEngine(), sqlite = try SQLiteEngine()
            for (line, statement) in script.enumerated() {
                let (ours, theirs) = (vibesql.executeStatements(statement), sqlite.executeStatements(statement))
                XCTAssertEqual(ours == nil, theirs == nil,
                               "seed \(seed), statement \(line + 1) \(statement): vibesql \(ours ?? "ok"), sqlite \(theirs ?? "ok")")
            }
            for query in ["SELECT a, b, c FROM t ORDER BY a", "SELECT x, y FROM u ORDER BY x", "SELECT name, seq FROM sqlite_sequence",
                          "SELECT a FROM t WHERE b BETWEEN 10 AND 30 ORDER BY b", "SELECT count(*), group_concat(a) FROM t WHERE c = 'x'"] {
                XCTAssertEqual(answer(vibesql.query(query)), answer(sqlite.query(query)), "seed \(seed): \(query)\n\(script.joined(separator: "\n"))")
            }
        }
    }

    /// About 120 statements on t (a rowid, a UNIQUE column and an indexed one) and u
    /// (AUTOINCREMENT): single and multi-row INSERTs (some colliding half way), INSERT ...
    /// SELECT, UPDATE, DELETE with and without WHERE, REPLACE, and BEGIN, SAVEPOINT, RELEASE,
    /// ROLLBACK TO, ROLLBACK and COMMIT.
    private func transactionScript(_ random: inout Congruential) -> [String] {
        var script = ["CREATE TABLE t(a INTEGER PRIMARY KEY, b INTEGER UNIQUE, c TEXT)", "CREATE INDEX t_c ON t(c)",
                      "CREATE TABLE u(x INTEGER PRIMARY KEY AUTOINCREMENT, y)"]
        var savepoints = 0, inTransaction = false, begun = false
        for _ in 0..<120 {
            let a = Int.random(in: 1...60, using: &random), b = Int.random(in: 1...60, using: &random)
            let c = ["x", "y", "z"].randomElement(using: &random) ?? "x"
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<25: script.append("INSERT INTO t VALUES (\(a), \(b), '\(c)')")
            case 25..<35: script.append("INSERT INTO t SELECT a + \(a % 40 + 1), b + \(b % 40 + 1), c FROM t WHERE a < \(a)")
            case 35..<42: script.append("INSERT INTO u(y) VALUES (\(a))")
            case 42..<50: script.append("UPDATE t SET b = b + \(b % 7 - 3) WHERE a % \(a % 5 + 1) = 0")
            case 50..<58: script.append("DELETE FROM t WHERE b < \(b / 2)")
            case 58..<62: script.append("DELETE FROM \(a % 2 == 0 ? "t" : "u")")
            case 62..<68: script.append("REPLACE INTO t VALUES (\(a), \(b), '\(c)')")
            case 68..<74 where !inTransaction:
                script.append("BEGIN")
                inTransaction = true
                begun = true
            case 74..<80:
                script.append("SAVEPOINT s\(savepoints)")
                savepoints += 1
                inTransaction = true
            case 80..<86 where savepoints > 0: script.append("ROLLBACK TO s\(savepoints - 1)")
            case 86..<90 where savepoints > 0:
                savepoints -= 1
                script.append("RELEASE s\(savepoints)")
                // Releasing the savepoint that opened the transaction ends it.
                if savepoints == 0 && !begun { inTransaction = false }
            case 90..<95 where inTransaction:
                script.append(a % 2 == 0 ? "ROLLBACK" : "COMMIT")
                inTransaction = false
                begun = false
                savepoints = 0
            default: script.append("INSERT INTO t VALUES (\(a), \(b), 'w'), (\(a + 100), \(b), 'w')")
            }
        }
        return script
    }

    private func answer(_ outcome: QueryOutcome) -> String {
        switch outcome {
        case .prepareFailed(let message): return "prepare failed: \(message)"
        case let .ran(_, rows, error):
            return rows.map { $0.map { $0.textForm ?? "NULL" }.joined(separator: "|") }.joined(separator: "\n") + (error.map { "\nerror: \($0)" } ?? "")
        }
    }
}

/// A linear congruential generator: deterministic, so a failing seed can be replayed.
private struct Congruential: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state ^ (state >> 29)
    }
}
