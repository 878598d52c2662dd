// The conformance history of a repository: the runs recorded in its results ref
// (`refs/vibesql/results`), read and written for any caller — the `vibesql-git` commands, a web
// server, the Python module. It returns values and warnings and prints nothing. The ref is read
// through two caches under the git directory (see `ResultsCache` and `RunSummariesCache`).
import Engine
import Foundation
import Results
import VibeGit

/// The recorded conformance runs of one git repository, and what is computed from them.
///
/// Open it with `open(at:)` or `openFromEnvironment()`. Values are read from the results ref
/// when asked for; `resultsTip()` says whether the ref moved, so a long-lived caller (a server)
/// can keep what it read until then. Not thread-safe (libgit2 objects are not shared across
/// threads): use one `ConformanceHistory` per thread, or serialise calls.
public final class ConformanceHistory {
    /// The repository whose runs these are.
    public let repository: Repository
    /// The results ref of `repository`.
    public let store: ResultsStore
    /// Problems met while reading (runs refused or unreadable), each named once, oldest first.
    /// Callers show them and may `takeWarnings()` to clear them.
    public private(set) var warnings: [HistoryWarning] = []
    private var warned = Set<HistoryWarning>()
    /// `runSummaries()` at the tip it was read at: a comparison needs it for both sides.
    var summariesMemo: (tip: ObjectID, value: RunSummaries)?
    /// `trailerCounts()` at the results tip it was read at.
    var trailersMemo: (tip: String, value: [String: [RunTrailerCounts]])?
    /// Whether each run dump read so far (by blob) is readable: blobs never change.
    var verdicts: [ObjectID: Bool] = [:]
    /// `readableRuns`, opened on first use.
    private var readableRunsFile: ReadableRunsFile?
    /// The largest run dump read; larger ones are refused without being read.
    public var runSizeLimit = RunDumpReader.defaultSizeLimit

    /// The history of an open repository.
    public init(repository: Repository) {
        self.repository = repository
        self.store = ResultsStore(repository)
    }

    /// Opens the repository containing `path` (a work tree, a linked worktree, a git directory
    /// or a bare repository), searching parent directories as git does.
    public static func open(at path: String) throws -> ConformanceHistory {
        do {
            return ConformanceHistory(repository: try Repository.discover(from: path))
        } catch let error as VibeGitError {
            throw HistoryError(.repository, error.description)
        }
    }

    /// Opens the repository as git would from this process: `GIT_DIR`, `GIT_WORK_TREE` and
    /// `GIT_COMMON_DIR` when set (git sets `GIT_DIR` for hooks), else discovery upward from the
    /// current directory.
    public static func openFromEnvironment() throws -> ConformanceHistory {
        do {
            return ConformanceHistory(repository: try Repository.openFromEnvironment())
        } catch let error as VibeGitError {
            throw HistoryError(.repository, error.description)
        }
    }

    /// The results ref's current tip, nil before the first run. A caller that keeps a results
    /// database polls this: the database is current as long as the tip is the same.
    /// Throws when the ref points at a commit that is not a results commit.
    public func resultsTip() throws -> ObjectID? {
        try store.checkedTip()
    }

    /// The results ref's name (`refs/vibesql/results`).
    public var referenceName: String { store.referenceName }

    /// Returns the warnings gathered so far and forgets them (a warning already returned is not
    /// returned again by this history).
    public func takeWarnings() -> [HistoryWarning] {
        defer { warnings = [] }
        return warnings
    }

    /// Notes a warning once.
    func warn(_ warning: HistoryWarning) {
        if warned.insert(warning).inserted { warnings.append(warning) }
    }

    // MARK: Caches

    /// The results database cache of this clone, shared by its worktrees.
    public var resultsCache: ResultsCache {
        ResultsCache(path: repository.commonDirectory + "/vibesql/results-cache.sql")
    }

    /// The run summaries file of this clone, shared by its worktrees.
    public var summariesCache: RunSummariesCache {
        RunSummariesCache(path: repository.commonDirectory + "/vibesql/run-summaries.json")
    }

    /// The runs of this clone whose dumps were found readable, shared by its worktrees.
    var readableRuns: ReadableRunsFile {
        if let file = readableRunsFile { return file }
        let file = ReadableRunsFile(path: repository.commonDirectory + "/vibesql/readable-runs.txt")
        readableRunsFile = file
        return file
    }
}

/// A problem with one recorded run (or with the ref) that did not stop the answer: the run is
/// left out and the rest answer.
public struct HistoryWarning: Hashable, Sendable, CustomStringConvertible {
    /// The run's path in the results ref ("" when the message names it).
    public var source: String
    /// What is wrong, e.g. "refused: DROP TABLE is not a recorded row".
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { source.isEmpty ? message : "\(source): \(message)" }
}

/// Why the history could not answer. `kind` says whose problem it is (a command's exit code).
public struct HistoryError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        /// The request is wrong: an unknown revision, suite or option value.
        case usage
        /// The repository or its results ref cannot be used as it is.
        case repository
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}
