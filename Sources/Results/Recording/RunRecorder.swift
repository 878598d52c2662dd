// Turns a runner report and its metadata into a run dump: the schema it was written with,
// then one `test_runs` row, a `test_results` row per file and a `test_failures` row per
// failing record. Same inputs, same bytes: the dump is stored as a git blob.
import Engine
import Foundation
import SQLLogicTest

/// Writes run dumps.
public enum RunRecorder {
    /// The first line of every run dump written since version 2.
    public static let header = "-- VibeSQL results: one conformance run"

    /// The dump of one run. `records(path)` gives a file's records as (line, sql) so record
    /// keys count occurrences over the whole file; nil falls back to counting failures only.
    public static func dump(report: RunReport, metadata: RunMetadata,
                            records: (String) -> [(line: Int, sql: String)]? = { _ in nil }) -> String {
        var lines: [String] = [
            header,
            "-- schema-version: \(ResultsSchema.currentVersion)",
            "-- run: \(metadata.runId)",
            "PRAGMA foreign_keys=OFF;",
            "BEGIN TRANSACTION;",
        ]
        lines += ResultsSchema.statements
        lines.append(SQLText.insert(into: "test_runs", runRow(report: report, metadata: metadata)))
        let testedAt = Timestamp.format(metadata.completedAt)
        var failureLines: [String] = []
        for file in report.files {
            lines.append(SQLText.insert(into: "test_results", [
                .integer(StableID.of("\(metadata.runId)/\(file.path)")),
                .integer(metadata.runId),
                .text(file.path),
                .text(file.status.rawValue),
                .text(testedAt),
                .int(file.durationMs),
                .text(errorSummary(file).map { String($0.prefix(2000)) }),
                .int(file.records.run), .int(file.records.passed), .int(file.records.failed), .int(file.records.skipped),
            ]))
            let keys = RecordKey.keys(file: file.path, failures: file.failures, records: records(file.path))
            var used = Set<String>()
            for (failure, key) in zip(file.failures, keys) where used.insert(key).inserted {
                let error = failure.error.map { String($0.prefix(2000)) }
                failureLines.append(SQLText.insert(into: "test_failures", [
                    .integer(StableID.of("\(metadata.runId)/\(key)")),
                    .integer(metadata.runId),
                    .text(file.path),
                    .int(failure.line),
                    .text(key),
                    .text(failure.kind),
                    .text(failure.sql),
                    .text(String(failure.message.prefix(500))),
                    .text(failure.expected),
                    .text(failure.actual),
                    .text(error),
                    .text(ErrorPattern.of(error ?? failure.message)),
                ]))
            }
        }
        lines += failureLines
        lines.append("COMMIT;")
        return lines.joined(separator: "\n") + "\n"
    }

    static func runRow(report: RunReport, metadata m: RunMetadata) -> [Value] {
        let files = report.fileCounts, records = report.recordTotals
        return [
            .integer(m.runId),
            .text(Timestamp.format(m.startedAt)),
            .text(Timestamp.format(m.completedAt)),
            .int(files.total), .int(files.passed), .int(files.failed), .integer(0),
            .text(m.sourceCommit), .text(m.branch), .text(m.ciRunId),
            .int(ResultsSchema.currentVersion),
            .text(m.suite), .text(m.suiteFingerprint), .text(report.engine), .text(report.engineName),
            .text(m.host), .integer(m.dirty ? 1 : 0), .int(report.durationMs),
            .int(files.crashed), .int(files.timedOut),
            .int(records.total), .int(records.passed), .int(records.failed), .int(records.skipped),
            .text(m.parents.joined(separator: " ")), .text(m.subject), .text(m.commitTime.map(Timestamp.format)),
            .int(m.shard?.index), .int(m.shard?.count), .text(m.shard?.plan),
        ]
    }

    /// One line on why a file did not pass: its own error, or its first failing record.
    static func errorSummary(_ file: FileReport) -> String? {
        if let error = file.error { return error }
        guard let first = file.failures.first else { return nil }
        var text = "line \(first.line): \(first.message)"
        if let e = first.error { text += ": \(e)" }
        return text
    }

    /// The one-line summary and trailers of the results-ref commit for a run.
    public static func summary(report: RunReport, metadata m: RunMetadata) -> (line: String, trailers: [(String, String)]) {
        let files = report.fileCounts, records = report.recordTotals
        let rate = files.total == 0 ? 0 : 100 * Double(files.passed) / Double(files.total)
        let line = "\(m.suite)" + (m.shard.map { " shard \($0.index)/\($0.count)" } ?? "")
            + ": \(files.passed)/\(files.total) files passed (\(String(format: "%.1f", rate))%) "
            + "on \(m.branch ?? "detached HEAD")" + (m.dirty ? " (dirty)" : "")
        var trailers: [(String, String)] = [
            ("Suite", m.suite),
            ("Branch", m.branch ?? "(detached)"),
            ("Passed", String(files.passed)),
            ("Failed", String(files.failed)),
            ("Total", String(files.total)),
            ("Records-Passed", String(records.passed)),
            ("Records-Failed", String(records.failed)),
            ("Records-Total", String(records.total)),
            ("Engine", report.engine),
            ("Dirty", m.dirty ? "yes" : "no"),
            ("Started-At", Timestamp.format(m.startedAt)),
            ("Completed-At", Timestamp.format(m.completedAt)),
            ("Suite-Fingerprint", m.suiteFingerprint.isEmpty ? "-" : m.suiteFingerprint),
            ("Host", m.host),
            ("Schema-Version", String(ResultsSchema.currentVersion)),
        ]
        if !m.parents.isEmpty { trailers.append(("Parents", m.parents.joined(separator: " "))) }
        if let subject = m.subject, !subject.isEmpty {
            trailers.append(("Subject", subject.replacingOccurrences(of: "\n", with: " ")))
        }
        if let ci = m.ciRunId { trailers.append(("CI-Run-Id", ci)) }
        if let shard = m.shard {
            trailers.append(("Shard", "\(shard.index)/\(shard.count)"))
            trailers.append(("Shard-Plan", shard.plan))
        }
        return (line, trailers)
    }
}
