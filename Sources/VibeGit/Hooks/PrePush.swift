// The pre-push hook's logic, short of running tests: parse git's stdin, decide which commits
// to check, hand each to a `ConformanceChecker` (the seam the runner and results library plug
// into), and turn the reports into a verdict per the `.vibesql/config` policy.
import Foundation

/// One line of git's pre-push input: `<local ref> <local sha> <remote ref> <remote sha>`.
public struct PushUpdate: Equatable, Sendable {
    public let localRef: String
    /// Zero when the push deletes `remoteRef`.
    public let localCommit: ObjectID
    public let remoteRef: String
    /// Zero when `remoteRef` does not exist on the remote yet.
    public let remoteCommit: ObjectID

    public init(localRef: String, localCommit: ObjectID, remoteRef: String, remoteCommit: ObjectID) {
        self.localRef = localRef
        self.localCommit = localCommit
        self.remoteRef = remoteRef
        self.remoteCommit = remoteCommit
    }

    public var isDelete: Bool { localCommit.isZero }
    public var isNewRef: Bool { remoteCommit.isZero }

    /// Parses git's pre-push stdin. Blank lines are ignored; anything else malformed is an
    /// error naming the line.
    public static func parse(_ input: String) throws -> [PushUpdate] {
        var updates: [PushUpdate] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.isEmpty { continue }
            guard fields.count == 4, let local = ObjectID(hex: String(fields[1])),
                  let remote = ObjectID(hex: String(fields[3])) else {
                throw VibeGitError.invalidArgument(
                    "pre-push input line \(index + 1): expected '<local ref> <local sha> <remote ref> <remote sha>', "
                        + "got '\(line)'")
            }
            updates.append(PushUpdate(localRef: String(fields[0]), localCommit: local,
                                      remoteRef: String(fields[2]), remoteCommit: remote))
        }
        return updates
    }
}

/// A commit the hook checks, with everything the checker needs to know.
public struct PrePushTarget: Equatable, Sendable {
    public let commit: ObjectID
    /// The pushed local refs that point at `commit` (one commit may be pushed under several).
    public let localRefs: [String]
    public let remoteRefs: [String]
    /// The configuration carried by `commit` (its own `.vibesql/config`).
    public let config: VibeConfig
    public let suite: VibeConfig.Suite
    /// A run of `suite` for `commit` is already in the results ref: compare, don't re-run.
    public let alreadyRecorded: Bool
}

/// One regression found by comparing a run with the baseline.
public struct Regression: Equatable, Sendable {
    public let file: String
    /// The failing record's stable key, `nil` for a whole-file regression (new CRASH, ...).
    public let recordKey: String?
    /// What changed, e.g. "PASS → FAIL: line 42: expected 3 rows, got 2".
    public let detail: String

    public init(file: String, recordKey: String? = nil, detail: String) {
        self.file = file
        self.recordKey = recordKey
        self.detail = detail
    }
}

/// What a checker reports for one target.
public struct CheckReport: Equatable, Sendable {
    /// One line, e.g. "quick: 620/622 passed (baseline main@1a2b3c4: 621/622)".
    public var summary: String
    public var regressions: [Regression]

    public init(summary: String, regressions: [Regression] = []) {
        self.summary = summary
        self.regressions = regressions
    }
}

/// The seam to the runner and the results library: run `target.suite` on `target.commit`
/// (unless `alreadyRecorded`), record the run, compare it with the baseline run of
/// `target.config.baselineBranch`, and report. Implementations honour `config.timeBudget` and
/// `config.buildCommand`; throwing means "could not check" (the policy decides what follows).
public protocol ConformanceChecker {
    func check(_ target: PrePushTarget) throws -> CheckReport
}

/// The hook's decision and what to print.
public struct PrePushVerdict: Equatable, Sendable {
    public let allowed: Bool
    /// Lines for stderr (git shows a hook's output to the pusher).
    public let messages: [String]
    public var exitCode: Int32 { allowed ? 0 : 1 }
}

public enum PrePush {
    /// Refs outside these namespaces (e.g. `refs/vibesql/results` itself, notes) are not code.
    static let checkedNamespaces = ["refs/heads/", "refs/tags/"]

    /// Decides what to check: the tip of every update of a remote branch or tag (peeled to its
    /// commit), once per commit. Deletes, remote refs outside `refs/heads/` and `refs/tags/`, pushes that do not
    /// move the remote ref, and tags of non-commits are skipped. Only tips are checked, not
    /// every new commit: the tip is what lands, and the time budget is for one run.
    /// `recorded(commit, suite)` says whether a run already exists (see `ResultsStore.hasRun`).
    public static func plan(_ updates: [PushUpdate], repository: Repository,
                            recorded: (ObjectID, String) throws -> Bool) throws -> (targets: [PrePushTarget], notes: [String]) {
        var order: [ObjectID] = []
        var refs: [ObjectID: (local: [String], remote: [String])] = [:]
        var notes: [String] = []
        for update in updates {
            // Where the push lands decides, never how the local side was written (`HEAD`,
            // `<sha>:refs/heads/x` and `HEAD:refs/heads/x` name no local branch).
            guard !update.isDelete else { continue }
            guard checkedNamespaces.contains(where: update.remoteRef.hasPrefix) else { continue }
            guard update.localCommit != update.remoteCommit else { continue }
            guard let commit = try? repository.resolve(update.localCommit.hex) else {
                notes.append("\(update.localRef) does not point at a commit; not checked")
                continue
            }
            if refs[commit] == nil { order.append(commit) }
            refs[commit, default: ([], [])].local.append(update.localRef)
            refs[commit, default: ([], [])].remote.append(update.remoteRef)
        }
        var targets: [PrePushTarget] = []
        for commit in order {
            let config = try VibeConfig.load(from: repository, at: commit)
            guard let suite = config.suiteForHook else {
                notes.append("\(commit.short): no suite in \(VibeConfig.path); not checked")
                continue
            }
            targets.append(PrePushTarget(commit: commit, localRefs: refs[commit]?.local ?? [],
                                         remoteRefs: refs[commit]?.remote ?? [], config: config, suite: suite,
                                         alreadyRecorded: try recorded(commit, suite.name)))
        }
        return (targets, notes)
    }

    /// Checks every target and applies each target's policy: unaccepted regressions block
    /// under `block` and are printed under `warn`; accepted ones are printed with their reason.
    /// A checker that throws blocks under `block` (the push was not verified) and warns under
    /// `warn`.
    public static func judge(_ targets: [PrePushTarget], notes: [String] = [],
                             checker: ConformanceChecker) -> PrePushVerdict {
        var allowed = true
        var messages = notes.map { "vibesql-git: \($0)" }
        for target in targets {
            let label = "\(target.commit.short) (\(target.remoteRefs.joined(separator: ", ")))"  // where it lands
            let blocking = target.config.policy == .block
            let report: CheckReport
            do {
                report = try checker.check(target)
            } catch {
                messages.append("vibesql-git: \(label): could not check suite \(target.suite.name): \(error)")
                if blocking { allowed = false }
                continue
            }
            messages.append("vibesql-git: \(label): \(report.summary)")
            var open = 0
            for regression in report.regressions {
                if let accepted = target.config.acceptance(file: regression.file, recordKey: regression.recordKey,
                                                           suite: target.suite.name) {
                    messages.append("  accepted   \(regression.file): \(regression.detail) (\(accepted.reason))")
                } else {
                    open += 1
                    messages.append("  REGRESSION \(regression.file): \(regression.detail)")
                }
            }
            if open > 0 {
                let against = target.config.baselineBranch
                if blocking {
                    allowed = false
                    messages.append("vibesql-git: \(open) regression(s) against \(against): push blocked "
                        + "(policy = block). Fix them, accept them in \(VibeConfig.path), or push with --no-verify.")
                } else {
                    messages.append("vibesql-git: \(open) regression(s) against \(against) (policy = warn).")
                }
            }
        }
        return PrePushVerdict(allowed: allowed, messages: messages)
    }

    /// The whole hook: parse git's stdin, plan, check, judge. Runs are looked up in the
    /// repository's results ref.
    /// `recorded` says whether a run is already recorded (default: the results ref's trailers).
    public static func run(input: String, repository: Repository, checker: ConformanceChecker,
                           recorded: ((ObjectID, String) throws -> Bool)? = nil) throws -> PrePushVerdict {
        let updates = try PushUpdate.parse(input)
        let store = ResultsStore(repository)
        let plan = try plan(updates, repository: repository) {
            try recorded?($0, $1) ?? store.hasRun(sourceCommit: $0, suite: $1)
        }
        return judge(plan.targets, notes: plan.notes, checker: checker)
    }
}

extension ResultsStore {
    /// Whether a run of `suite` for `sourceCommit` is recorded, read from commit trailers only
    /// (`Source-Commit` and `Suite`).
    public func hasRun(sourceCommit: ObjectID, suite: String) throws -> Bool {
        try log().contains {
            $0.trailer(TrailerKey.sourceCommit) == sourceCommit.hex && $0.trailer(TrailerKey.suite) == suite
        }
    }
}
