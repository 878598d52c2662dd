// Two revisions compared through their nearest recorded runs, and what the Markdown issue for
// the regressions needs (first bad commit along the head's history, the reproducing command).
import Foundation
import Results
import VibeGit

/// The nearest runs of two revisions and their comparison.
public struct RevisionComparison {
    public var comparison: RunComparison
    /// First-parent steps from each revision back to the run used.
    public var baseDistance: Int
    public var headDistance: Int
    /// The head revision's first-parent history (commit ids, newest first).
    public var headHistory: [String]
}

/// What the issue text for a comparison's regressions is made of.
public struct IssueData {
    public var comparison: RunComparison
    /// Where the regressions first appeared along the head's history, when runs tell.
    public var firstBad: FirstBadCommit?
    /// The regressed files, sorted.
    public var files: [String]
    /// The shell commands that reproduce the regressions.
    public var reproduce: String

    /// The Markdown issue (title and body).
    public func report(recordsPerFile: Int = 3) -> IssueReport {
        IssueReport(comparison, firstBad: firstBad, reproduce: reproduce, recordsPerFile: recordsPerFile)
    }
}

extension ConformanceHistory {
    /// Compares the nearest recorded runs (of `suite`, when given) of two revisions. Only the
    /// runs at the two commits are read. No run on either side is a usage error saying so.
    public func compare(base: String, head: String, suite: String? = nil) throws -> RevisionComparison {
        let baseHistory = try historyIds(of: base)
        let headHistory = try historyIds(of: head)
        func nearest(_ history: [String], _ name: String) throws -> NearestRun {
            guard let found = try nearestRun(history: history, suite: suite) else {
                throw HistoryError(.usage, "no recorded run\(suite.map { " of suite \($0)" } ?? "") on \(name)'s first-parent history "
                    + "(\(history.count) commits searched); record one with `vibesql-git run` at \(name)")
            }
            return found
        }
        let b = try nearest(baseHistory, base), h = try nearest(headHistory, head)
        return RevisionComparison(comparison: RunComparison(base: try b.snapshot(), head: try h.snapshot()),
                                  baseDistance: b.distance, headDistance: h.distance, headHistory: headHistory)
    }

    /// What the issue for the regressions between two revisions needs (check
    /// `comparison.hasRegressions`: without any there is nothing to file). The first bad commit
    /// is looked for among the runs between the head and the base's run.
    public func issue(base: String, head: String, suite: String? = nil) throws -> IssueData {
        let result = try compare(base: base, head: head, suite: suite)
        let c = result.comparison
        guard c.hasRegressions else { return IssueData(comparison: c, firstBad: nil, files: [], reproduce: "") }
        var history = result.headHistory
        if let baseCommit = c.base.sourceCommit, let index = history.firstIndex(of: baseCommit) {
            history = Array(history[...index])
        }
        let firstBad = try results(.latest).firstBadCommit(for: c, history: history)
        let files = Set(c.regressedFiles.map(\.path) + c.regressedRecords.map(\.file)).sorted()
        let at = firstBad?.commit ?? c.head.sourceCommit ?? head
        let reproduce = "git checkout \(at.prefix(12))\nvibesql-git run --no-record "
            + files.map(ShellQuote.quote).joined(separator: " ")
        return IssueData(comparison: c, firstBad: firstBad, files: files, reproduce: reproduce)
    }
}

/// Quoting for text pasted into a POSIX shell.
public enum ShellQuote {
    /// `text` as one shell word: bare when it is plainly safe, else in single quotes.
    public static func quote(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+=:,@".unicodeScalars.contains($0))
        }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
