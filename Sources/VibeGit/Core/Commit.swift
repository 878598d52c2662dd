// Commits: resolving revisions, reading a commit's metadata, walking first-parent history
// (stopping cleanly at a shallow clone's boundary) and telling whether the work tree is dirty.
import CGit2
import Foundation

/// A commit's metadata (no tree, no diff).
public struct Commit: Equatable, Sendable {
    public let id: ObjectID
    /// Parent ids in order; the first is the first parent. Present even in a shallow clone,
    /// where the parent objects themselves may be missing.
    public let parents: [ObjectID]
    /// The first paragraph of the message joined into one line, as `git log --format=%s`.
    public let subject: String
    /// The full raw message.
    public let message: String
    public let authorName: String
    public let authorEmail: String
    /// Author time (`%at`).
    public let authorTime: Date
    /// Author time-zone offset in minutes east of UTC.
    public let authorTimeZoneOffset: Int
}

extension Repository {
    /// Resolves a revision (`main`, `HEAD~2`, a full or short sha, `origin/x`, a tag) to the
    /// commit it names, peeling tags.
    public func resolve(_ revision: String) throws -> ObjectID {
        var object: OpaquePointer?
        try check(git_revparse_single(&object, pointer, revision), "cannot resolve revision '\(revision)'")
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        try check(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT),
                  "revision '\(revision)' does not name a commit")
        defer { git_object_free(peeled) }
        return ObjectID(git_object_id(peeled))
    }

    /// Reads a commit's metadata.
    public func commit(_ id: ObjectID) throws -> Commit {
        try withCommit(id) { Self.makeCommit($0) }
    }

    /// Reads the commit a revision names.
    public func commit(revision: String) throws -> Commit {
        try commit(resolve(revision))
    }

    /// Walks first-parent history starting at (and including) `start`, newest first, returning
    /// at most `limit` commits. In a shallow clone the walk ends at the shallow boundary
    /// instead of failing: the last commit then lists a parent that is not returned.
    public func firstParentHistory(from start: ObjectID, limit: Int? = nil) throws -> [Commit] {
        var result: [Commit] = []
        var next: ObjectID? = start
        while let id = next, limit.map({ result.count < $0 }) ?? true {
            let commit: Commit
            do {
                commit = try self.commit(id)
            } catch let error as GitError where error.isNotFound && !result.isEmpty && isShallow {
                break  // shallow boundary: the parent object was never fetched
            }
            result.append(commit)
            next = commit.parents.first
        }
        return result
    }

    /// True when `commit` has `ancestor` in its history (a commit is not its own descendant).
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws -> Bool {
        var a = commit.gitOID, b = ancestor.gitOID
        let code = git_graph_descendant_of(pointer, &a, &b)
        try check(code, "cannot compare \(commit.short) with \(ancestor.short)")
        return code == 1
    }

    /// The best common ancestor of two commits, `nil` when the histories are unrelated.
    public func mergeBase(_ one: ObjectID, _ two: ObjectID) throws -> ObjectID? {
        var out = git_oid(), a = one.gitOID, b = two.gitOID
        let code = git_merge_base(&out, pointer, &a, &b)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot find a merge base of \(one.short) and \(two.short)")
        return ObjectID(&out)
    }

    /// Whether the work tree differs from HEAD: staged or unstaged changes to tracked files
    /// and, when `includeUntracked` (the default), untracked files that are not ignored.
    ///
    /// Untracked files count by default because SwiftPM compiles every source file under
    /// `Sources/`, tracked or not, so an untracked file can change what a run tested. Ignored
    /// files (`.build/`) never count. Submodules are not inspected. A bare repository has no
    /// work tree and is never dirty.
    public func isWorkTreeDirty(includeUntracked: Bool = true) throws -> Bool {
        if isBare { return false }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "cannot read status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        var flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        if includeUntracked { flags |= GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue }
        options.flags = flags
        var list: OpaquePointer?
        try check(git_status_list_new(&list, pointer, &options), "cannot read the work tree status")
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list) > 0
    }

    /// The bytes of the file at `path` in `commit`'s tree; nil when there is no such file.
    public func fileBytes(at path: String, in commit: ObjectID) throws -> [UInt8]? {
        try withCommit(commit) { commitPointer in
            var tree: OpaquePointer?
            try check(git_commit_tree(&tree, commitPointer), "cannot read the tree of \(commit.short)")
            defer { git_tree_free(tree) }
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, tree, path)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "cannot read \(path) in \(commit.short)")
            defer { git_tree_entry_free(entry) }
            guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB else { return nil }
            var oid = ObjectID(git_tree_entry_id(entry)).gitOID
            var blob: OpaquePointer?
            try check(git_blob_lookup(&blob, pointer, &oid), "cannot read \(path) in \(commit.short)")
            defer { git_blob_free(blob) }
            let size = Int(git_blob_rawsize(blob))
            guard size > 0, let raw = git_blob_rawcontent(blob) else { return [] }
            return Array(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: size))
        }
    }

    /// Reads the text of the file at `path` in `commit`'s tree, `nil` when there is no such file.
    public func fileText(at path: String, in commit: ObjectID) throws -> String? {
        try fileBytes(at: path, in: commit).map { String(decoding: $0, as: UTF8.self) }
    }

    // MARK: - Helpers shared with the results store

    /// Looks up a commit and passes the `git_commit *` to `body`, freeing it afterwards.
    func withCommit<R>(_ id: ObjectID, _ body: (OpaquePointer) throws -> R) throws -> R {
        var oid = id.gitOID
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, pointer, &oid), "cannot read commit \(id.hex)")
        defer { git_commit_free(commit) }
        guard let commit else { throw VibeGitError.corruptResults("cannot read commit \(id.hex)") }
        return try body(commit)
    }

    /// Reads a blob as UTF-8 text (invalid sequences are repaired, never a crash).
    /// The size in bytes of an object, read from its header without inflating it whole.
    public func objectSize(_ id: ObjectID, what: String) throws -> Int {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, pointer), "cannot open the object database")
        defer { git_odb_free(odb) }
        var oid = id.gitOID
        var size = 0
        var type = GIT_OBJECT_ANY
        try check(git_odb_read_header(&size, &type, odb, &oid), "cannot read \(what) (object \(id.hex))")
        return size
    }

    func blobText(_ id: ObjectID, what: String) throws -> String {
        var oid = id.gitOID
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, pointer, &oid), "cannot read \(what) (blob \(id.hex))")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let raw = git_blob_rawcontent(blob) else { return "" }
        let bytes = UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: size)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func makeCommit(_ commit: OpaquePointer) -> Commit {
        let parents = (0..<git_commit_parentcount(commit)).compactMap { index in
            git_commit_parent_id(commit, index).map { ObjectID($0) }
        }
        let author = git_commit_author(commit)
        func text(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
        return Commit(
            id: ObjectID(git_commit_id(commit)),
            parents: parents,
            subject: text(git_commit_summary(commit)),
            message: text(git_commit_message(commit)),
            authorName: text(author?.pointee.name),
            authorEmail: text(author?.pointee.email),
            authorTime: Date(timeIntervalSince1970: TimeInterval(author?.pointee.when.time ?? 0)),
            authorTimeZoneOffset: Int(author?.pointee.when.offset ?? 0))
    }
}
