// Sharing results with remotes. Push sends `refs/vibesql/results` without `+`, so the remote
// rejects a non-fast-forward (a remote compare-and-swap). Fetch mirrors the remote's ref into
// `refs/vibesql/remotes/<remote>/results`, never touching local runs; pull then merges the two
// histories (union of trees, two-parent commit, CAS on the local ref).
import CGit2
import Foundation

/// How a remote was reached.
public enum Transport: String, Equatable, Sendable {
    /// libgit2 in process (local paths and file:// URLs).
    case libgit2
    /// The `git` executable (ssh, https, ...: it knows the user's credentials and ssh config).
    case gitCommand
}

/// The outcome of `push`.
public struct PushOutcome: Equatable, Sendable {
    public let remote: String
    /// The local tip that the remote now has.
    public let commit: ObjectID
    public let transport: Transport
}

/// The outcome of `pull` (or `merge`).
public enum PullOutcome: Equatable, Sendable {
    /// The remote has no results ref.
    case remoteHasNoResults
    /// Local results already contain everything the remote has.
    case upToDate(ObjectID)
    /// Local results had nothing the remote lacks: the ref moved forward to theirs.
    case fastForwarded(ObjectID)
    /// Both sides had new runs: a two-parent merge commit was made. `keptBoth` lists paths
    /// both sides wrote differently; theirs was kept next to ours under a `.conflict-` name.
    case merged(commit: ObjectID, keptBoth: [String])
}

extension ResultsStore {
    /// Where `fetch` mirrors a remote's results.
    public static func trackingReference(remote: String) -> String {
        "refs/vibesql/remotes/\(remote)/results"
    }

    /// Pushes the results ref to `remote` (a configured remote name) as a fast-forward only.
    /// A rejection means the remote has runs we lack: pull, then push again.
    @discardableResult
    public func push(to remote: String) throws -> PushOutcome {
        guard let local = try tip() else { throw VibeGitError.nothingToPush(ref: referenceName) }
        let refspec = "\(referenceName):\(referenceName)"  // no '+': never force
        return try withRemote(remote, forPush: true) { remotePointer, url in
            guard transport(for: url) == .libgit2 else {
                // --no-verify: pushing results must not re-run the pre-push hook (which tests
                // source commits and may itself be what called us).
                do {
                    _ = try GitCommand.run(["push", "--no-verify", "--porcelain", remote, refspec], repository: repository)
                } catch VibeGitError.gitCommandFailed(_, _, let output)
                    where output.contains("[rejected]") || output.contains("non-fast-forward") {
                    throw VibeGitError.pushRejected(remote: remote, ref: referenceName, reason: "non-fast-forward")
                }
                return PushOutcome(remote: remote, commit: local, transport: .gitCommand)
            }
            // libgit2's local push checks for a fast-forward before it writes the remote's ref,
            // not under the ref's lock: two pushes at once could both succeed, the second
            // overwriting the first's runs. So the objects go to a staging ref of this push's
            // own, and the results ref then moves by compare-and-swap in the remote repository.
            let staging = "refs/vibesql/incoming/\(UUID().uuidString)"
            try libgit2Push(remotePointer, remote: remote, refspec: "+\(referenceName):\(staging)")
            let target = try Repository.open(at: localPath(of: url))
            defer { target.removeReference(staging) }
            let current = try target.referenceTarget(referenceName)
            if current == local { return PushOutcome(remote: remote, commit: local, transport: .libgit2) }
            if let current, try !target.isDescendant(local, of: current) {
                throw VibeGitError.pushRejected(remote: remote, ref: referenceName, reason: "non-fast-forward")
            }
            guard try target.compareAndSwapReference(referenceName, to: local, expecting: current,
                                                     logMessage: "vibesql-git push") else {
                throw VibeGitError.pushRejected(remote: remote, ref: referenceName, reason: "the remote moved while pushing")
            }
            return PushOutcome(remote: remote, commit: local, transport: .libgit2)
        }
    }

    /// Pushes one refspec to a remote through libgit2, turning rejections into errors.
    private func libgit2Push(_ remotePointer: OpaquePointer, remote: String, refspec: String) throws {
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "cannot push")
        let statuses = PushStatuses()
        options.callbacks.push_update_reference = { refname, status, payload in
            guard let status, let payload else { return 0 }
            let statuses = Unmanaged<PushStatuses>.fromOpaque(payload).takeUnretainedValue()
            statuses.rejections.append((refname.map { String(cString: $0) } ?? "", String(cString: status)))
            return 0
        }
        options.callbacks.payload = Unmanaged.passUnretained(statuses).toOpaque()
        let code = withExtendedLifetime(statuses) {
            withStringArray([refspec]) { git_remote_push(remotePointer, $0, &options) }
        }
        if code == GIT_ENONFASTFORWARD.rawValue {
            throw VibeGitError.pushRejected(remote: remote, ref: referenceName, reason: "non-fast-forward")
        }
        try check(code, "cannot push \(referenceName) to \(remote)")
        if let rejection = statuses.rejections.first {
            throw VibeGitError.pushRejected(remote: remote, ref: rejection.ref, reason: rejection.status)
        }
    }

    /// The directory of a local remote's URL (a path, relative ones from the work tree, or file://).
    private func localPath(of url: String) -> String {
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: repository.workTree ?? repository.gitDirectory,
                                                          isDirectory: true)).standardizedFileURL.path
    }

    /// Fetches the remote's results into `trackingReference(remote:)` and returns its tip,
    /// `nil` when the remote has none. Local runs are never touched. Like git with a refspec
    /// without `+`, a remote history that no longer contains what we fetched before is
    /// refused (the tracking ref is put back).
    @discardableResult
    public func fetch(from remote: String) throws -> ObjectID? {
        let tracking = Self.trackingReference(remote: remote)
        let refspec = "\(referenceName):\(tracking)"
        let before = try repository.referenceTarget(tracking)
        // What the remote advertised for the results ref: `.some(nil)` when it has none,
        // `nil` when unknown (the git fallback, which reports refusals itself).
        let advertised: ObjectID?? = try withRemote(remote, forPush: false) { remotePointer, url in
            guard transport(for: url) == .libgit2 else {
                do {
                    _ = try GitCommand.run(["fetch", "--no-tags", "--no-write-fetch-head", remote, refspec],
                                           repository: repository)
                } catch VibeGitError.gitCommandFailed(_, _, let output) where output.contains("couldn't find remote ref") {
                    return .some(nil)
                } catch VibeGitError.gitCommandFailed(_, _, let output)
                    where output.contains("[rejected]") || output.contains("non-fast-forward") {
                    throw Self.rewrittenHistory(remote: remote, tracking: tracking)
                }
                return nil
            }
            var options = git_fetch_options()
            try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "cannot fetch")
            options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
            options.update_fetchhead = 0
            let code = withStringArray([refspec]) { git_remote_fetch(remotePointer, $0, &options, "vibesql-git fetch") }
            try check(code, "cannot fetch \(referenceName) from \(remote)")
            return .some(try advertisedTarget(of: referenceName, remote: remotePointer))
        }
        if case .some(.none) = advertised { return nil }  // the remote has no results (any old mirror is stale)
        let after = try repository.referenceTarget(tracking)
        if case .some(.some(let remoteTip)) = advertised, remoteTip != after {
            // libgit2 1.5 silently skips a non-forced update that is not a fast-forward.
            throw Self.rewrittenHistory(remote: remote, tracking: tracking)
        }
        if let before, let after, before != after, try !repository.isDescendant(after, of: before) {
            // Should the destination have been moved anyway, put it back, as git would refuse.
            _ = try repository.compareAndSwapReference(tracking, to: before, expecting: after,
                                                       logMessage: "vibesql-git: refuse non-fast-forward fetch")
            throw Self.rewrittenHistory(remote: remote, tracking: tracking)
        }
        return after
    }

    private static func rewrittenHistory(remote: String, tracking: String) -> VibeGitError {
        .remoteHistoryRewritten(remote: remote, ref: tracking)
    }

    /// The id the remote advertised for `name` during the last connection, `nil` if absent.
    private func advertisedTarget(of name: String, remote: OpaquePointer) throws -> ObjectID? {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check(git_remote_ls(&heads, &count, remote), "cannot list the remote's references")
        guard let heads else { return nil }
        for index in 0..<count {
            guard let head = heads[index], let headName = head.pointee.name, String(cString: headName) == name
            else { continue }
            return withUnsafePointer(to: head.pointee.oid) { ObjectID($0) }
        }
        return nil
    }

    /// Fetches `remote`'s results and merges them into the local ref.
    @discardableResult
    public func pull(from remote: String) throws -> PullOutcome {
        guard let theirs = try fetch(from: remote) else { return .remoteHasNoResults }
        return try merge(theirs, from: remote)
    }

    /// Merges the results history ending at `theirs` into the local ref: fast-forward when
    /// possible, otherwise a two-parent commit whose tree is the union of both trees. The ref
    /// moves with compare-and-swap, retried (under the writer lock) on a lost race.
    @discardableResult
    public func merge(_ theirs: ObjectID, from label: String) throws -> PullOutcome {
        let lock = usesLock ? try ResultsLock.acquire(commonDirectory: repository.commonDirectory,
                                                     timeout: lockTimeout) : nil
        defer { lock?.release() }
        for _ in 1...maxAttempts {
            let ours = try tip()
            guard let ours else {
                if try repository.compareAndSwapReference(referenceName, to: theirs, expecting: nil,
                                                          logMessage: "vibesql-git: results from \(label)") {
                    return .fastForwarded(theirs)
                }
                continue
            }
            if try ours == theirs || repository.isDescendant(ours, of: theirs) { return .upToDate(ours) }
            if try repository.isDescendant(theirs, of: ours) {
                if try repository.compareAndSwapReference(referenceName, to: theirs, expecting: ours,
                                                          logMessage: "vibesql-git: fast-forward to \(label)") {
                    return .fastForwarded(theirs)
                }
                continue
            }
            let base = try repository.mergeBase(ours, theirs)
            let merged = try repository.unionMerge(base: try base.map { try repository.treeOfCommit($0) },
                                                   ours: try repository.treeOfCommit(ours),
                                                   theirs: try repository.treeOfCommit(theirs))
            let message = try TrailerMessage.format(
                summary: "Merge results from \(label)",
                trailers: [Trailer(TrailerKey.mergedFrom, label), Trailer(TrailerKey.mergedCommit, theirs.hex)]
                    + merged.keptBoth.map { Trailer(TrailerKey.keptBoth, $0) })
            let commit = try repository.createCommit(tree: merged.tree, parents: [ours, theirs], message: message)
            if try repository.compareAndSwapReference(referenceName, to: commit, expecting: ours,
                                                      logMessage: "vibesql-git: merge results from \(label)") {
                return .merged(commit: commit, keptBoth: merged.keptBoth)
            }
        }
        throw VibeGitError.tooManyRetries(ref: referenceName, attempts: maxAttempts)
    }

    /// Looks up a configured remote and passes it and its URL (the push URL, when set, for pushes) to `body`.
    private func withRemote<R>(_ name: String, forPush: Bool, _ body: (OpaquePointer, String) throws -> R) throws -> R {
        var remote: OpaquePointer?
        let code = git_remote_lookup(&remote, repository.pointer, name)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue { throw VibeGitError.remoteNotFound(name) }
        try check(code, "cannot read remote \(name)")
        defer { git_remote_free(remote) }
        guard let remote else { throw VibeGitError.remoteNotFound(name) }
        let url = ((forPush ? git_remote_pushurl(remote) : nil) ?? git_remote_url(remote)).map { String(cString: $0) } ?? ""
        return try body(remote, url)
    }

    /// libgit2 for local remotes, `git` for the rest (or what a test forces). A shallow clone
    /// always goes through `git`: libgit2's push walks the remote's branches into history the
    /// clone does not have ("object not found") even though the results ref needs none of it.
    private func transport(for url: String) -> Transport {
        transportOverride ?? (Self.isLocal(url) && !repository.isShallow ? .libgit2 : .gitCommand)
    }

    /// True for URLs libgit2 serves in process: plain paths and file:// URLs (not scp-style
    /// `host:path`, which is ssh).
    static func isLocal(_ url: String) -> Bool {
        if url.hasPrefix("file://") { return true }
        if url.contains("://") { return false }
        if let colon = url.firstIndex(of: ":") {
            let slash = url.firstIndex(of: "/") ?? url.endIndex
            return colon > slash  // "/path/with:colon" is local, "host:path" is ssh
        }
        return true
    }
}

/// Per-reference rejections reported by the remote during a push.
private final class PushStatuses {
    var rejections: [(ref: String, status: String)] = []
}

/// Passes `strings` to libgit2 as a `git_strarray` valid for the duration of `body`.
func withStringArray<R>(_ strings: [String], _ body: (UnsafePointer<git_strarray>) throws -> R) rethrows -> R {
    var copies: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return try copies.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
