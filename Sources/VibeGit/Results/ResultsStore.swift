// The results ref store: `refs/vibesql/results`, one commit per recorded run. The tree holds
// `schema.sql` at the root and one SQL dump per run at
// `runs/<source-commit[0:2]>/<source-commit>/<run-id>.sql`, so runs never collide and two
// histories merge as a union of trees. Writes go blob → tree builder → commit → CAS on the ref.
import CGit2
import Foundation

/// A run to record.
public struct NewRun: Sendable {
    /// The commit the run tested.
    public var sourceCommit: ObjectID
    /// Unique across machines (e.g. a UUID or time+host); `[A-Za-z0-9._-]`, not starting with '.'.
    public var runId: String
    /// The run's deterministic SQL dump.
    public var dump: String
    /// One line, e.g. "select1: 1234/1300 passed on feature-x".
    public var summary: String
    /// Extra trailers (branch, passed/failed/total, suite, ...). `Source-Commit` and `Run-Id`
    /// are always added first by the store.
    public var trailers: [Trailer]

    public init(sourceCommit: ObjectID, runId: String, dump: String, summary: String, trailers: [Trailer] = []) {
        self.sourceCommit = sourceCommit
        self.runId = runId
        self.dump = dump
        self.summary = summary
        self.trailers = trailers
    }
}

/// A run stored in the ref, found without reading its blob.
public struct RunEntry: Equatable, Hashable, Sendable {
    /// Path in the results tree, e.g. `runs/ab/ab12.../20240101-host-1.sql`.
    public let path: String
    public let sourceCommit: ObjectID
    public let runId: String
    public let blob: ObjectID
}

/// The outcome of `append`.
public struct AppendResult: Equatable, Sendable {
    /// The new tip of the results ref (or the existing tip when the run was already there).
    public let commit: ObjectID
    public let path: String
    /// How many compare-and-swap attempts were needed (1 when no race was lost).
    public let attempts: Int
    /// True when the identical run was already recorded and nothing was written.
    public let alreadyRecorded: Bool
}

/// One commit of the results ref, with its trailers parsed.
public struct ResultsLogEntry: Equatable, Sendable {
    public let commit: ObjectID
    public let parents: [ObjectID]
    public let summary: String
    public let message: String
    public let trailers: [Trailer]
    /// Commit time of the results commit (when the run was recorded).
    public let time: Date

    /// A merge of two result histories (from `pull`), not a run.
    public var isMerge: Bool { parents.count > 1 }

    /// The first trailer with this key (case-insensitive, as git does), if any.
    public func trailer(_ key: String) -> String? {
        trailers.first { Self.sameKey($0.key, key) }?.value
    }
}

/// Reads and appends runs on the results ref of one repository.
public final class ResultsStore {
    /// The shared ref (all worktrees of a clone see it).
    public static let referenceName = "refs/vibesql/results"
    /// The schema file at the root of the results tree.
    public static let schemaPath = "schema.sql"

    public let repository: Repository
    public let referenceName: String
    /// How long `append` waits for another writer's lock.
    public var lockTimeout: TimeInterval = 30
    /// How many compare-and-swap races `append` may lose to other writers' runs.
    public var maxAttempts = 20

    /// Test seam: called after the commit is made and before the CAS, with the attempt number.
    var beforeReferenceUpdate: ((Int) throws -> Void)?
    /// Test seam: forces a transport for push and fetch (e.g. `git` against a local remote).
    var transportOverride: Transport?
    /// Test seam: when false, writers skip the lock so the CAS race itself can be exercised.
    var usesLock = true

    public init(_ repository: Repository, referenceName: String = ResultsStore.referenceName) {
        self.repository = repository
        self.referenceName = referenceName
    }

    /// The fan-out path of a run.
    public static func runPath(sourceCommit: ObjectID, runId: String) -> String {
        "runs/\(sourceCommit.hex.prefix(2))/\(sourceCommit.hex)/\(runId).sql"
    }

    /// The current tip of the ref, `nil` before the first run.
    public func tip() throws -> ObjectID? {
        try repository.referenceTarget(referenceName)
    }

    /// The tip, checked to be a results commit (a run's, with `Source-Commit` and `Run-Id`
    /// trailers, or a merge of two results histories): anything else means the ref was moved
    /// by hand or by another tool, and neither reading nor writing on top of it is safe.
    public func checkedTip() throws -> ObjectID? {
        guard let tip = try tip() else { return nil }
        let commit = try repository.commit(tip)
        let trailers = TrailerMessage.parse(commit.message).trailers
        func has(_ key: String) -> Bool { trailers.contains { ResultsLogEntry.sameKey($0.key, key) } }
        guard (has(TrailerKey.sourceCommit) && has(TrailerKey.runId)) || has(TrailerKey.mergedFrom) else {
            throw VibeGitError.corruptResults("\(referenceName) points at \(tip.short) (\"\(commit.subject.prefix(60))\"), "
                + "which is not a results commit (no Source-Commit and Run-Id trailers): nothing is read from or "
                + "written on top of it. Point the ref back at its last results commit "
                + "(`git update-ref \(referenceName) <commit>`; `git reflog show \(referenceName)` may list it), "
                + "or delete it (`git update-ref -d \(referenceName)`) to start a new history.")
        }
        return tip
    }

    /// Records a run: writes its dump and the schema as blobs, builds the new tree from the
    /// tip's tree, commits with the summary and trailers, and moves the ref with compare-and-
    /// swap, retrying from the new tip when another writer won. Appending the identical run
    /// again is a no-op; a different run at the same path is an error (runs are append-only).
    @discardableResult
    public func append(_ run: NewRun, schema: String) throws -> AppendResult {
        try Self.validate(runId: run.runId)
        let path = Self.runPath(sourceCommit: run.sourceCommit, runId: run.runId)
        let message = try TrailerMessage.format(
            summary: run.summary,
            trailers: [Trailer(TrailerKey.sourceCommit, run.sourceCommit.hex), Trailer(TrailerKey.runId, run.runId)]
                + run.trailers.filter {
                    $0.key.caseInsensitiveCompare(TrailerKey.sourceCommit) != .orderedSame
                        && $0.key.caseInsensitiveCompare(TrailerKey.runId) != .orderedSame
                })
        let lock = usesLock ? try ResultsLock.acquire(commonDirectory: repository.commonDirectory,
                                                     timeout: lockTimeout) : nil
        defer { lock?.release() }

        let dumpBlob = try repository.writeBlob(run.dump)
        let schemaBlob = try repository.writeBlob(schema)
        let components = path.split(separator: "/").map(String.init)[...]
        // A race counts as lost only when another writer moved the tip (each such loss is
        // another run recorded, so with N writers it happens at most N-1 times); a ref that
        // is merely busy (another writer between its lock and rename) is waited out up to the
        // lock timeout, however slow the machine.
        let deadline = Date().addingTimeInterval(lockTimeout)
        var attempt = 0
        var racesLost = 0
        while true {
            attempt += 1
            let old = try checkedTip()
            let oldTree = try old.map { try repository.treeOfCommit($0) }
            if let oldTree, let existing = try repository.treeEntry(at: path, in: oldTree) {
                guard existing.id == dumpBlob, let old else { throw VibeGitError.runAlreadyRecorded(path: path) }
                return AppendResult(commit: old, path: path, attempts: attempt, alreadyRecorded: true)
            }
            var tree = try repository.treeInserting(blob: dumpBlob, at: components, into: oldTree)
            tree = try repository.treeInserting(blob: schemaBlob, at: [Self.schemaPath], into: tree)
            let commit = try repository.createCommit(tree: tree, parents: old.map { [$0] } ?? [], message: message)
            try beforeReferenceUpdate?(attempt)
            if try repository.compareAndSwapReference(referenceName, to: commit, expecting: old,
                                                      logMessage: "vibesql-git: record run \(run.runId)") {
                return AppendResult(commit: commit, path: path, attempts: attempt, alreadyRecorded: false)
            }
            if try tip() != old { racesLost += 1 }
            if racesLost >= maxAttempts || Date() >= deadline {
                throw VibeGitError.tooManyRetries(ref: referenceName, attempts: attempt)
            }
            // Back off a little (growing, with jitter so writers do not collide in step) and
            // rebuild on the new tip.
            usleep(useconds_t(1_000 * min(attempt, 20)) + useconds_t.random(in: 0...1_000))
        }
    }

    /// Lists every run in the ref's tip (or in `commit`'s tree) without reading any blob.
    /// Entries that do not follow the `runs/xx/<sha>/<id>.sql` layout are ignored.
    public func runs(at commit: ObjectID? = nil) throws -> [RunEntry] {
        guard let commit = try commit ?? tip() else { return [] }
        let root = try repository.treeOfCommit(commit)
        guard let runsDir = try repository.treeEntries(root, what: "the results tree").first(where: { $0.name == "runs" }),
              runsDir.isTree else { return [] }
        var result: [RunEntry] = []
        for fan in try repository.treeEntries(runsDir.id, what: "runs/") where fan.isTree && fan.name.count == 2 {
            for source in try repository.treeEntries(fan.id, what: "runs/\(fan.name)/") where source.isTree {
                guard let sourceCommit = ObjectID(hex: source.name), source.name.hasPrefix(fan.name) else { continue }
                let directory = "runs/\(fan.name)/\(source.name)"
                for file in try repository.treeEntries(source.id, what: directory + "/")
                where !file.isTree && file.name.hasSuffix(".sql") && file.name.count > 4 {
                    result.append(RunEntry(path: "\(directory)/\(file.name)", sourceCommit: sourceCommit,
                                           runId: String(file.name.dropLast(4)), blob: file.id))
                }
            }
        }
        return result
    }

    /// The runs recorded for one source commit, found by path without listing the others.
    public func runs(for sourceCommit: ObjectID) throws -> [RunEntry] {
        guard let tip = try tip() else { return [] }
        let directory = "runs/\(sourceCommit.hex.prefix(2))/\(sourceCommit.hex)"
        guard let entry = try repository.treeEntry(at: directory, in: try repository.treeOfCommit(tip)),
              entry.isTree else { return [] }
        return try repository.treeEntries(entry.id, what: directory + "/")
            .filter { !$0.isTree && $0.name.hasSuffix(".sql") && $0.name.count > 4 }
            .map { RunEntry(path: "\(directory)/\($0.name)", sourceCommit: sourceCommit,
                            runId: String($0.name.dropLast(4)), blob: $0.id) }
    }

    /// The run a results commit's trailers name, found by its path at the tip; nil when the
    /// tip's tree holds no dump there.
    public func run(sourceCommit: ObjectID, runId: String) throws -> RunEntry? {
        guard let tip = try tip() else { return nil }
        let path = Self.runPath(sourceCommit: sourceCommit, runId: runId)
        guard let entry = try repository.treeEntry(at: path, in: try repository.treeOfCommit(tip)), !entry.isTree else {
            return nil
        }
        return RunEntry(path: path, sourceCommit: sourceCommit, runId: runId, blob: entry.id)
    }

    /// Reads a run's SQL dump. A missing or damaged object is reported with the run's path.
    public func text(of run: RunEntry) throws -> String {
        do {
            return try repository.blobText(run.blob, what: run.path)
        } catch let error as GitError {
            throw VibeGitError.corruptResults("\(referenceName) is damaged: cannot read run \(run.path) "
                + "(blob \(run.blob.hex)): \(error.message)")
        }
    }

    /// The size of a run's dump in bytes, without reading it.
    public func size(of run: RunEntry) throws -> Int {
        do {
            return try repository.objectSize(run.blob, what: run.path)
        } catch let error as GitError {
            throw VibeGitError.corruptResults("\(referenceName) is damaged: cannot read run \(run.path) "
                + "(blob \(run.blob.hex)): \(error.message)")
        }
    }

    /// Reads `schema.sql` from the tip, `nil` when the ref does not exist yet.
    public func schema() throws -> String? {
        guard let tip = try tip() else { return nil }
        let root = try repository.treeOfCommit(tip)
        guard let entry = try repository.treeEntry(at: Self.schemaPath, in: root) else { return nil }
        return try repository.blobText(entry.id, what: "\(referenceName):\(Self.schemaPath)")
    }

    /// The ref's commits, newest first (all parents of merges, topologically sorted), with
    /// trailers parsed. No tree or blob is read.
    /// With `hiding`, the commits reachable from it (and it) are left out: what came since.
    public func log(limit: Int? = nil, hiding: ObjectID? = nil) throws -> [ResultsLogEntry] {
        guard let tip = try tip() else { return [] }
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, repository.pointer), "cannot walk \(referenceName)")
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
                  "cannot walk \(referenceName)")
        var start = tip.gitOID
        try check(git_revwalk_push(walker, &start), "cannot walk \(referenceName)")
        if var hidden = hiding?.gitOID {
            try check(git_revwalk_hide(walker, &hidden), "cannot walk \(referenceName) from \(hiding?.short ?? "")")
        }
        var entries: [ResultsLogEntry] = []
        var oid = git_oid()
        while limit.map({ entries.count < $0 }) ?? true {
            let code = git_revwalk_next(&oid, walker)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "cannot walk \(referenceName) (its history is damaged)")
            let entry = try repository.withCommit(ObjectID(&oid)) { commit -> ResultsLogEntry in
                let base = Repository.makeCommit(commit)
                let parsed = TrailerMessage.parse(base.message)
                return ResultsLogEntry(commit: base.id, parents: base.parents, summary: base.subject,
                                       message: base.message, trailers: parsed.trailers,
                                       time: Date(timeIntervalSince1970: TimeInterval(git_commit_time(commit))))
            }
            entries.append(entry)
        }
        return entries
    }

    static func validate(runId: String) throws {
        let allowed = runId.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
        }
        guard !runId.isEmpty, runId.count <= 200, allowed, !runId.hasPrefix(".") else {
            throw VibeGitError.invalidArgument("invalid run id '\(runId)': use letters, digits, '.', '_' and '-'")
        }
    }
}
