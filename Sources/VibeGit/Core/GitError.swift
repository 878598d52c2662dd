// Errors: every failing libgit2 call becomes a `GitError` carrying git's own message, and the
// situations VibeGit itself detects become `VibeGitError` cases with an actionable message.
import CGit2
import Foundation

/// A libgit2 call failed. `message` is libgit2's text; `context` says what VibeGit was doing.
public struct GitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The libgit2 return code (`git_error_code`, e.g. -3 for GIT_ENOTFOUND).
    public let code: Int32
    /// The libgit2 error class (`git_error_t`, e.g. GIT_ERROR_REFERENCE), 0 when unknown.
    public let errorClass: Int32
    /// libgit2's message, e.g. "revspec 'nope' not found".
    public let message: String
    /// What VibeGit was doing, e.g. "cannot resolve revision 'nope'".
    public let context: String

    public var description: String { context.isEmpty ? message : "\(context): \(message)" }

    /// The object, reference or path does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// Builds an error from libgit2's thread-local last error.
    static func last(code: Int32, context: String) -> GitError {
        if let error = git_error_last(), let text = error.pointee.message {
            return GitError(code: code, errorClass: error.pointee.klass, message: String(cString: text),
                            context: context)
        }
        return GitError(code: code, errorClass: 0, message: "libgit2 error \(code)", context: context)
    }
}

/// Problems VibeGit detects itself (not reported by a libgit2 call).
public enum VibeGitError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No repository at or above the path.
    case notARepository(path: String)
    /// The operation needs a work tree and the repository is bare.
    case bareRepository(operation: String)
    /// A caller-supplied value is unusable (bad run id, trailer with a newline, ...).
    case invalidArgument(String)
    /// Another writer holds the results lock and it is not stale.
    case resultsLocked(lockPath: String, holder: String)
    /// The compare-and-swap on the results ref kept losing races.
    case tooManyRetries(ref: String, attempts: Int)
    /// The results ref holds something VibeGit cannot read (missing or damaged object, ...).
    case corruptResults(String)
    /// A run with the same path but different content is already recorded (runs are append-only).
    case runAlreadyRecorded(path: String)
    /// No remote with that name is configured.
    case remoteNotFound(String)
    /// The remote refused the update; `reason` is the remote's or libgit2's text.
    case pushRejected(remote: String, ref: String, reason: String)
    /// The remote's results no longer contain what was fetched from it before (someone forced
    /// a push there); following it would hide runs, so the fetch is refused.
    case remoteHistoryRewritten(remote: String, ref: String)
    /// There are no local results to push.
    case nothingToPush(ref: String)
    /// Installing or removing a hook would destroy someone else's hook.
    case hookConflict(String)
    /// A `git` subprocess (fallback transport) failed.
    case gitCommandFailed(arguments: [String], status: Int32, output: String)

    public var description: String {
        switch self {
        case .notARepository(let path):
            return "not a git repository (or any of the parent directories): \(path)"
        case .bareRepository(let operation):
            return "\(operation) needs a work tree, but the repository is bare"
        case .invalidArgument(let text):
            return text
        case .resultsLocked(let lockPath, let holder):
            return "the results ref is being written by another process (\(holder)); "
                + "if no vibesql-git is running, delete \(lockPath)"
        case .tooManyRetries(let ref, let attempts):
            return "\(ref) kept changing while writing (gave up after \(attempts) attempts)"
        case .corruptResults(let text):
            return text
        case .runAlreadyRecorded(let path):
            return "a different run is already recorded at \(path); runs are never overwritten"
        case .remoteNotFound(let name):
            return "no remote named '\(name)' (see `git remote -v`)"
        case .pushRejected(let remote, let ref, let reason):
            return "\(remote) rejected \(ref) (\(reason)); run `vibesql-git pull \(remote)` to merge "
                + "its runs, then push again"
        case .remoteHistoryRewritten(let remote, let ref):
            return "\(remote)'s results history was rewritten (not a fast-forward of \(ref)); refusing to "
                + "follow it. Local runs are intact; ask whoever forced the push to restore the runs"
        case .nothingToPush(let ref):
            return "nothing to push: \(ref) does not exist yet (record a run first)"
        case .hookConflict(let text):
            return text
        case .gitCommandFailed(let arguments, let status, let output):
            let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`git \(arguments.joined(separator: " "))` failed with status \(status)"
                + (trimmed.isEmpty ? "" : ": \(trimmed)")
        }
    }
}

/// Throws a `GitError` when a libgit2 call returned a negative code.
@inline(__always)
func check(_ code: Int32, _ context: @autoclosure () -> String) throws {
    if code < 0 { throw GitError.last(code: code, context: context()) }
}
