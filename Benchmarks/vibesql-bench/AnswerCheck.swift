// Compares two shells' answers to the same query. ORDER BY leaves rows with equal keys in any
// order (and LIMIT may cut a group of equal keys anywhere), so answers are compared group by
// group of equal sort keys, not line by line.
import Results

enum AnswerCheck {
    /// The output column each workplan query sorts by; nil when the order is total (the sort
    /// key is unique, or not in the output but unique per row).
    static let sortColumn: [String: Int?] = [
        "current-status-summary": nil,      // category, unique after GROUP BY
        "progress-over-time": nil,          // completed_at, one per run
        "most-problematic-files": 1,        // failure_count
        "recent-failures": 3,               // tested_at: every file of a run shares it
        "progress-by-branch": 3,            // last_run
        "main-branch-progress": nil,        // completed_at, one per run
        "feature-branch-vs-main": 1,        // pass_rate
    ]

    enum Verdict: String { case identical = "identical", sameUpToTies = "same up to ties", differ = "DIFFER" }

    /// Splits a shell's output of the queries, each preceded by `SELECT '#name';`, by query.
    static func split(_ output: String) -> [String: [String]] {
        var answers: [String: [String]] = [:]
        var current: String?
        for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("#") {
                current = String(line.dropFirst())
                answers[current!] = []
            } else if let current, !line.isEmpty {
                answers[current]?.append(line)
            }
        }
        return answers
    }

    static func compare(_ a: [String], _ b: [String], sortColumn: Int?) -> Verdict {
        if a == b { return .identical }
        guard let column = sortColumn, a.count == b.count else { return .differ }
        func key(_ row: String) -> Substring {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false)
            return cells.indices.contains(column) ? cells[column] : ""
        }
        guard a.map(key) == b.map(key) else { return .differ }
        // Equal key sequences: each group of equal keys must hold the same rows, except the
        // last group, which a LIMIT may have cut at a different row in each engine.
        var start = 0
        while start < a.count {
            var end = start + 1
            while end < a.count && key(a[end]) == key(a[start]) { end += 1 }
            if end < a.count && a[start..<end].sorted() != b[start..<end].sorted() { return .differ }
            start = end
        }
        return .sameUpToTies
    }

    /// The script both shells run: each workplan query after a marker naming it.
    static var script: String {
        WorkplanQueries.all.map { "SELECT '#\($0.name)';\n\($0.sql)" }.joined(separator: "\n")
    }
}
