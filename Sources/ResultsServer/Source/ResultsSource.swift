// What the pages read from a repository's conformance history. `ConformanceHistory` answers it
// for a real repository (HistorySource.swift); tests answer it from runs made in memory.
import Results

/// The recorded runs of one repository, as the pages need them.
public protocol ResultsSource: AnyObject {
    /// The results ref's tip (a commit id), nil before the first run. The server reloads
    /// everything it keeps when this changes.
    func resultsTip() throws -> String?
    /// The commit HEAD names, nil in a repository without commits: pages "as of HEAD" are
    /// made again when it moves.
    func headCommit() throws -> String?
    /// The branch runs are compared with (`[baseline] branch` of .vibesql/config, else main).
    var baselineBranch: String { get }
    /// The results database with `test_files` as of `revision`, as `vibesql-git status --at`
    /// derives it; nil: as of HEAD (as `vibesql-git status`).
    func results(at revision: String?) throws -> ResultsDatabase
    /// Each branch's latest run.
    func latestRunPerBranch() throws -> [RunSummaryLine]
    /// The latest runs, newest first.
    func recentRuns(limit: Int) throws -> [RunSummaryLine]
    /// The pass rate along `revision`'s first-parent history, newest first (`vibesql-git log`).
    func passRateLog(of revision: String, limit: Int) throws -> [HistoryLogEntry]
    /// The nearest recorded runs of two revisions compared (`vibesql-git compare`).
    func compare(base: String, head: String) throws -> RunComparison
    /// The recorded runs left out because they could not be read or were refused (each named
    /// once, with why), so the page says what its figures do not include.
    func warnings() -> [String]
}

extension ResultsSource {
    public func warnings() -> [String] { [] }
}
