// The pages' source for a real repository: its conformance history (ConformanceHistory) and
// the baseline branch of its .vibesql/config.
import ConformanceHistory
import Results
import VibeGit

/// A repository's recorded runs, as the pages read them.
public final class HistorySource: ResultsSource {
    public let history: ConformanceHistory
    public let baselineBranch: String

    public init(history: ConformanceHistory) {
        self.history = history
        baselineBranch = (try? VibeConfig.load(from: history.repository))?.baselineBranch ?? "main"
    }

    public func resultsTip() throws -> String? { try history.resultsTip()?.hex }
    public func headCommit() throws -> String? { try history.repository.head().commit?.hex }

    public func results(at revision: String?) throws -> ResultsDatabase {
        try history.results(history.statusPerspective(at: revision).perspective)
    }

    public func latestRunPerBranch() throws -> [RunSummaryLine] { try history.latestRunPerBranch() }
    public func recentRuns(limit: Int) throws -> [RunSummaryLine] { try history.recentRuns(limit: limit) }

    public func passRateLog(of revision: String, limit: Int) throws -> [HistoryLogEntry] {
        try history.passRateLog(of: revision, limit: limit)
    }

    public func compare(base: String, head: String) throws -> RunComparison {
        try history.compare(base: base, head: head).comparison
    }

    public func warnings() -> [String] { history.warnings.map(\.description) }
}
