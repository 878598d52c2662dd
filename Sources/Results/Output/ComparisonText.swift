// `compare` output: plain text for terminals and Markdown for pull requests.
import Foundation

public enum ComparisonText {
    static func pct(_ d: Double) -> String { String(format: "%.1f%%", d) }
    static func signed(_ d: Double) -> String { (d >= 0 ? "+" : "") + String(format: "%.1f", d) }

    static func describe(_ run: RunInfo, label: String, distance: Int?) -> String {
        var text = "\(label): \(run.shortCommit) on \(run.branch ?? "detached HEAD"), run \(run.runId)"
        if let at = run.completedAt { text += " at \(at.prefix(16))" }
        if let distance, distance > 0 { text += " (nearest recorded run, \(distance) commit\(distance == 1 ? "" : "s") back)" }
        return text + ": \(run.passed)/\(run.total) files passed (\(pct(run.passRate)))"
    }

    static func firstLine(_ s: String?) -> String {
        guard let s else { return "" }
        return String(s.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// Plain text, one section per kind of change.
    public static func plain(_ c: RunComparison, baseDistance: Int? = nil, headDistance: Int? = nil) -> String {
        var out = [describe(c.base, label: "base", distance: baseDistance),
                   describe(c.head, label: "head", distance: headDistance),
                   "pass rate: \(pct(c.base.passRate)) → \(pct(c.head.passRate)) (\(signed(c.passRateChange)))"]
        func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out.append("")
            out.append("\(title) (\(items.count)):")
            out += items.map { "  " + line($0) }
        }
        section("Regressed files", c.regressedFiles) { "\($0.before) → \($0.after)  \($0.path)" + ($0.detail.map { "  (\($0))" } ?? "") }
        section("Regressed records", c.regressedRecords) { r in
            "\(r.file):\(r.after?.line ?? 0)  \(r.after?.message ?? "")" + (r.after?.error.map { ": \(firstLine($0))" } ?? "")
        }
        section("Changed errors", c.changedErrors) { r in
            "\(r.file):\(r.after?.line ?? 0)  \(firstLine(r.before?.error ?? r.before?.message)) → \(firstLine(r.after?.error ?? r.after?.message))"
        }
        section("Changed status", c.changedFiles) { "\($0.before) → \($0.after)  \($0.path)" }
        section("Fixed files", c.fixedFiles) { "\($0.before) → \($0.after)  \($0.path)" }
        section("Fixed records", c.fixedRecords) { "\($0.file):\($0.before?.line ?? 0)  \($0.before?.message ?? "")" }
        section("New files", c.newFiles) { "\($0.status)  \($0.path)" }
        section("Removed files", c.removedFiles) { "\($0.status)  \($0.path)" }
        out.append("")
        out.append(c.hasRegressions
            ? "\(c.regressedFiles.count) file(s) and \(c.regressedRecords.count) record(s) regressed."
            : "No regressions.")
        return out.joined(separator: "\n") + "\n"
    }

    /// Markdown: a summary table and one list per kind of change.
    public static func markdown(_ c: RunComparison) -> String {
        var out = ["### Conformance: \(c.base.shortCommit) → \(c.head.shortCommit)", "",
                   "| | base | head |", "|---|---|---|",
                   "| commit | `\(c.base.shortCommit)` (\(c.base.branch ?? "detached")) | `\(c.head.shortCommit)` (\(c.head.branch ?? "detached")) |",
                   "| files passed | \(c.base.passed)/\(c.base.total) | \(c.head.passed)/\(c.head.total) |",
                   "| pass rate | \(pct(c.base.passRate)) | \(pct(c.head.passRate)) (\(signed(c.passRateChange))) |"]
        func section<T>(_ title: String, _ items: [T], _ line: (T) -> String) {
            guard !items.isEmpty else { return }
            out += ["", "**\(title) (\(items.count))**", ""]
            out += items.map { "- " + line($0) }
        }
        section("Regressed files", c.regressedFiles) { "`\($0.path)`: \($0.before) → \($0.after)" + ($0.detail.map { " (\($0))" } ?? "") }
        section("Regressed records", c.regressedRecords) { "`\($0.file)` line \($0.after?.line ?? 0): \($0.after?.message ?? "")" }
        section("Changed errors", c.changedErrors) { "`\($0.file)` line \($0.after?.line ?? 0)" }
        section("Fixed files", c.fixedFiles) { "`\($0.path)`: \($0.before) → \($0.after)" }
        section("New files", c.newFiles) { "`\($0.path)`: \($0.status)" }
        section("Removed files", c.removedFiles) { "`\($0.path)`" }
        out += ["", c.hasRegressions ? "**\(c.regressedFiles.count) file(s) and \(c.regressedRecords.count) record(s) regressed.**" : "No regressions."]
        return out.joined(separator: "\n") + "\n"
    }
}

/// The Markdown issue for a comparison's regressions.
public struct IssueReport: Equatable, Sendable {
    public var title: String
    public var body: String

    /// - Parameters:
    ///   - firstBad: where the regressions first appeared along the head's history.
    ///   - reproduce: the shell command that reproduces them.
    ///   - recordsPerFile: how many failing records to show per regressed file.
    public init(_ c: RunComparison, firstBad: FirstBadCommit?, reproduce: String, recordsPerFile: Int = 3) {
        let files = c.regressedFiles.count, records = c.regressedRecords.count
        let on = c.head.branch ?? c.head.shortCommit
        title = files > 0
            ? "Conformance regression on \(on): \(files) file\(files == 1 ? "" : "s") no longer pass\(files == 1 ? "es" : "")"
            : "Conformance regression on \(on): \(records) record\(records == 1 ? "" : "s") newly fail\(records == 1 ? "s" : "")"
        var out: [String] = ["## Summary", ""]
        out.append("Comparing \(c.head.branch ?? "head") at `\(c.head.shortCommit)` with \(c.base.branch ?? "base") at "
            + "`\(c.base.shortCommit)`: files passed \(c.base.passed)/\(c.base.total) → \(c.head.passed)/\(c.head.total) "
            + "(\(ComparisonText.pct(c.base.passRate)) → \(ComparisonText.pct(c.head.passRate)), "
            + "\(ComparisonText.signed(c.passRateChange)) points); \(files) file(s) and \(records) record(s) regressed.")
        out += ["", "## Regressions"]
        var byFile: [String: [RecordChange]] = [:]
        for r in c.regressedRecords { byFile[r.file, default: []].append(r) }
        let paths = (c.regressedFiles.map(\.path) + byFile.keys).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for path in paths.sorted() {
            let change = c.regressedFiles.first { $0.path == path }
            out += ["", "### `\(path)`", ""]
            if let change { out.append("\(change.before) → \(change.after)" + (change.detail.map { " (\($0))" } ?? "")) }
            let failures = (byFile[path] ?? []).compactMap(\.after).sorted { $0.line < $1.line }
            if failures.isEmpty, let change, change.after != "FAIL" {
                out.append("The file did not finish (\(change.after)); no record-level results.")
            }
            for f in failures.prefix(recordsPerFile) {
                out += ["", "Line \(f.line) (\(f.kind)): \(f.message)", "", "```sql", f.sql, "```"]
                if let e = f.expected { out += ["Expected:", "```", e, "```"] }
                if let a = f.actual { out += ["Actual:", "```", a, "```"] }
                if let e = f.error { out += ["Error: `\(e.replacingOccurrences(of: "`", with: "'"))`"] }
            }
            if failures.count > recordsPerFile { out += ["", "… and \(failures.count - recordsPerFile) more failing record(s)."] }
        }
        out += ["", "## First bad commit", ""]
        if let firstBad {
            var line = "`\(firstBad.commit.prefix(12))`"
            if let subject = firstBad.run.subject, !subject.isEmpty { line += " (\(subject))" }
            line += " is the oldest recorded run showing these regressions"
            if let good = firstBad.lastGood {
                line += "; the run before it, `\(good.shortCommit)`, did not show them"
                if firstBad.unrecordedBetween > 0 {
                    line += " (\(firstBad.unrecordedBetween) unrecorded commit(s) between: the regression came in one of them or in `\(firstBad.commit.prefix(7))`)"
                }
            } else {
                line += "; no earlier run along this history is free of them"
            }
            out.append(line + ".")
        } else {
            out.append("Not found: no recorded run along the head's history shows these regressions.")
        }
        out += ["", "## Reproduce", "", "```sh", reproduce, "```", "",
                "Fingerprint: `\(c.fingerprint)`", "", "<!-- vibesql-git fingerprint: \(c.fingerprint) -->"]
        body = out.joined(separator: "\n") + "\n"
    }

    public var markdown: String { "# \(title)\n\n\(body)" }
}
