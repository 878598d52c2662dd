// Runs one .test file against a fresh engine and judges every record.
import Foundation

/// Runs files record by record. It never stops at the first failure: every record is judged,
/// and a record the parser could not read fails at its line while the rest of the file goes on.
public struct FileRunner {
    /// The name `skipif`/`onlyif` conditions are compared with (case-insensitively).
    public var engineName: String
    /// Builds the fresh database each file gets.
    public var makeEngine: () throws -> SQLEngine
    /// Test-only faults (crash, hang) to prove worker isolation; nil in normal runs.
    public var fault: FaultInjection?
    /// Called with a record's line just before it runs, so a supervisor can tell where a crash was.
    public var onRecord: ((Int) -> Void)?
    /// The longest expected/actual output kept in a failure, in lines.
    public var maxOutputLines = 200
    /// Seconds the whole file may run (nil: no limit). Each record gets what is left as the
    /// engine's statement time limit, so a runaway query stops itself and the file ends as
    /// TIMEOUT at that record, without a supervisor having to kill the process.
    public var timeLimit: Double?

    public init(engineName: String = "sqlite", makeEngine: @escaping () throws -> SQLEngine) {
        self.engineName = engineName
        self.makeEngine = makeEngine
    }

    public init(engine: EngineKind, engineName: String = "sqlite") {
        self.init(engineName: engineName, makeEngine: { try engine.makeEngine() })
    }

    /// Reads, parses and runs the file at `path`. An unreadable file is a FAIL with its message.
    public func run(path: String) -> FileReport {
        let start = ContinuousClock.now
        let file: TestFile
        do {
            file = try TestFileParser.parse(contentsOf: path)
        } catch {
            return FileReport(path: path, status: .fail, durationMs: start.elapsedMs, error: "\(error)")
        }
        var report = run(file: file)
        report.durationMs = start.elapsedMs
        return report
    }

    /// Runs a parsed file.
    public func run(file: TestFile) -> FileReport {
        let start = ContinuousClock.now
        var counts = RecordCounts()
        var failures: [RecordFailure] = []
        let engine: SQLEngine
        do {
            engine = try makeEngine()
        } catch {
            return FileReport(path: file.path, status: .fail, durationMs: start.elapsedMs,
                              error: "cannot start the engine: \(error)")
        }
        var hashThreshold = 8
        var labels: [String: String] = [:]
        let deadline = timeLimit.map { start.advanced(by: .milliseconds(Int64(($0 * 1000).rounded()))) }
        /// Before a record: gives the engine the time left; false when none is.
        func startRecord() -> Bool {
            guard let deadline else { return true }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return false }
            engine.limitStatementTime(to: left)
            return true
        }
        /// The file ran out of time at `record`.
        func timedOut(at record: Record) -> FileReport {
            let limit = timeLimit.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? ""
            return FileReport(path: file.path, status: .timeout, records: counts, durationMs: start.elapsedMs,
                              failures: failures,
                              error: "timed out after \(limit) s while running the record at line \(record.line)",
                              line: record.line)
        }
        /// True when the record just run was stopped by the file's time limit.
        func ranOutOfTime() -> Bool {
            deadline.map { ContinuousClock.now >= $0 } ?? false
        }

        func fail(_ record: Record, _ kind: String, _ message: String, expected: [String]? = nil,
                  actual: [String]? = nil, error: String? = nil) {
            counts.failed += 1
            failures.append(RecordFailure(line: record.line, kind: kind, sql: record.sql ?? "", message: message,
                                          expected: expected.map(clip), actual: actual.map(clip), error: error))
        }

        entries: for entry in file.entries {
            let record: Record
            switch entry {
            case .malformed(let issue):
                if issue.conditions.contains(where: { $0.skips(engineName: engineName) }) {
                    counts.skipped += 1
                    continue
                }
                counts.run += 1
                counts.failed += 1
                failures.append(RecordFailure(line: issue.line, kind: "malformed", sql: issue.sql ?? "",
                                              message: "malformed record: \(issue.message)"))
                continue
            case .record(let r):
                record = r
            }
            if record.isSkipped(engineName: engineName) {
                // Like the reference runner, a skipped directive (`onlyif mssql` + `halt`) counts too.
                counts.skipped += 1
                continue
            }
            switch record.kind {
            case .hashThreshold(let n):
                hashThreshold = n
            case .halt:
                break entries
            case .statement(let sql, let expectSuccess):
                onRecord?(record.line)
                fault?.trigger(path: file.path, line: record.line)
                guard startRecord() else { return timedOut(at: record) }
                let error = engine.executeStatements(sql)
                if error != nil && ranOutOfTime() { return timedOut(at: record) }
                counts.run += 1
                if expectSuccess, let error {
                    fail(record, "statement", "statement failed", error: error)
                } else if !expectSuccess && error == nil {
                    fail(record, "statement", "statement succeeded but an error was expected")
                } else {
                    counts.passed += 1
                }
            case .query(let query):
                onRecord?(record.line)
                fault?.trigger(path: file.path, line: record.line)
                guard startRecord() else { return timedOut(at: record) }
                let outcome = engine.query(query.sql)
                switch outcome {
                case .prepareFailed, .ran(_, _, .some): if ranOutOfTime() { return timedOut(at: record) }
                default: break
                }
                counts.run += 1
                switch outcome {
                case .prepareFailed(let error):
                    fail(record, "query", "query failed", expected: query.expected, error: error)
                case .ran(let columnCount, let rows, let error):
                    let verdict = QueryJudge.judge(query, columnCount: columnCount, rows: rows,
                                                   hashThreshold: hashThreshold, labels: &labels)
                    if verdict.passed {
                        counts.passed += 1
                    } else {
                        fail(record, "query", verdict.reason ?? "wrong result", expected: query.expected,
                             actual: verdict.actual, error: error)
                    }
                }
            }
        }
        return FileReport(path: file.path, status: counts.failed == 0 ? .pass : .fail, records: counts,
                          durationMs: start.elapsedMs, failures: failures)
    }

    private func clip(_ lines: [String]) -> String {
        if lines.count <= maxOutputLines { return lines.joined(separator: "\n") }
        return (lines.prefix(maxOutputLines) + ["... (\(lines.count - maxOutputLines) more lines)"])
            .joined(separator: "\n")
    }
}

extension ContinuousClock.Instant {
    /// Milliseconds since this instant.
    var elapsedMs: Int {
        let d = ContinuousClock.now - self
        return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}
