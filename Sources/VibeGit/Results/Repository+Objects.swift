// Object-level writes used by the results store and the merge of result histories: blobs,
// trees edited with tree builders, commits, and compare-and-swap reference updates. None of
// these touch the work tree or the index.
import CGit2

/// One entry of a tree, as read from the object database.
struct TreeEntry: Equatable {
    let name: String
    let id: ObjectID
    /// The raw git file mode (0o040000 tree, 0o100644 blob, ...).
    let mode: UInt32
    var isTree: Bool { mode == GIT_FILEMODE_TREE.rawValue }
}

extension Repository {
    /// The target of a direct reference, `nil` when it does not exist.
    func referenceTarget(_ name: String) throws -> ObjectID? {
        var out = git_oid()
        let code = git_reference_name_to_id(&out, pointer, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read \(name)")
        return ObjectID(&out)
    }

    /// Points `name` at `new` only if it still points at `old` (`nil`: only if it does not
    /// exist). Returns false when another writer got there first.
    func compareAndSwapReference(_ name: String, to new: ObjectID, expecting old: ObjectID?,
                                 logMessage: String) throws -> Bool {
        var reference: OpaquePointer?
        var newOID = new.gitOID
        // Creation expects the all-zero id ("absent"), checked under the ref's lock: the plain
        // create-if-absent checks before taking the lock, so two creators could both win.
        var oldOID = old?.gitOID ?? git_oid()
        let code = git_reference_create_matching(&reference, pointer, name, &newOID, 1, &oldOID, logMessage)
        git_reference_free(reference)
        // EMODIFIED: moved under us; EEXISTS: created under us; ELOCKED: another writer is
        // updating it right now; ENOTFOUND with an expected old value: deleted under us. All
        // mean "re-read and retry".
        var lostRace = [GIT_EMODIFIED, GIT_EEXISTS, GIT_ELOCKED].map(\.rawValue)
        if old != nil { lostRace.append(GIT_ENOTFOUND.rawValue) }
        if lostRace.contains(code) { return false }
        try check(code, "cannot update \(name)")
        return true
    }

    /// Deletes a reference if it exists (best effort: a staging ref left behind is harmless).
    func removeReference(_ name: String) {
        _ = git_reference_remove(pointer, name)
    }

    /// Writes `text` as a blob.
    func writeBlob(_ text: String) throws -> ObjectID {
        var out = git_oid()
        var bytes = Array(text.utf8)
        let code = bytes.withUnsafeMutableBytes { raw in
            git_blob_create_from_buffer(&out, pointer, raw.baseAddress, raw.count)
        }
        try check(code, "cannot write a blob")
        return ObjectID(&out)
    }

    /// The tree of a commit.
    func treeOfCommit(_ commit: ObjectID) throws -> ObjectID {
        try withCommit(commit) { ObjectID(git_commit_tree_id($0)) }
    }

    /// Reads the entries of a tree (names, ids, modes; no blob is read).
    func treeEntries(_ tree: ObjectID, what: String) throws -> [TreeEntry] {
        try withTree(tree, what: what) { treePointer in
            (0..<git_tree_entrycount(treePointer)).compactMap { index in
                guard let entry = git_tree_entry_byindex(treePointer, index) else { return nil }
                return TreeEntry(name: String(cString: git_tree_entry_name(entry)),
                                 id: ObjectID(git_tree_entry_id(entry)),
                                 mode: git_tree_entry_filemode_raw(entry).rawValue)
            }
        }
    }

    /// The entry at a slash-separated path inside a tree, `nil` when absent.
    func treeEntry(at path: String, in tree: ObjectID) throws -> TreeEntry? {
        try withTree(tree, what: "tree \(tree.short)") { treePointer in
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, treePointer, path)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try check(code, "cannot read \(path)")
            defer { git_tree_entry_free(entry) }
            return TreeEntry(name: String(cString: git_tree_entry_name(entry)), id: ObjectID(git_tree_entry_id(entry)),
                             mode: git_tree_entry_filemode_raw(entry).rawValue)
        }
    }

    /// Returns a new tree equal to `tree` (or empty when `nil`) with `blob` at the path
    /// `components`, creating intermediate trees. Built with tree builders seeded from the
    /// existing trees, so every other entry is kept as is.
    func treeInserting(blob: ObjectID, at components: ArraySlice<String>, into tree: ObjectID?) throws -> ObjectID {
        guard let name = components.first else {
            throw VibeGitError.invalidArgument("empty path in the results tree")
        }
        return try withTreeBuilder(seededFrom: tree) { builder in
            if components.count == 1 {
                try insert(builder, name: name, id: blob, mode: GIT_FILEMODE_BLOB.rawValue)
            } else {
                var existing: ObjectID?
                if let entry = git_treebuilder_get(builder, name) {
                    guard git_tree_entry_filemode_raw(entry) == GIT_FILEMODE_TREE else {
                        throw VibeGitError.corruptResults("the results tree has a file where directory '\(name)' belongs")
                    }
                    existing = ObjectID(git_tree_entry_id(entry))
                }
                let subtree = try treeInserting(blob: blob, at: components.dropFirst(), into: existing)
                try insert(builder, name: name, id: subtree, mode: GIT_FILEMODE_TREE.rawValue)
            }
        }
    }

    /// Writes a tree holding exactly `entries`.
    func writeTree(_ entries: [TreeEntry]) throws -> ObjectID {
        try withTreeBuilder(seededFrom: nil) { builder in
            for entry in entries { try insert(builder, name: entry.name, id: entry.id, mode: entry.mode) }
        }
    }

    /// Creates a commit object (no reference is moved) authored by the user's configured
    /// identity, or by "vibesql-git" when none is configured.
    func createCommit(tree: ObjectID, parents: [ObjectID], message: String) throws -> ObjectID {
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, pointer) < 0 {
            try check(git_signature_now(&signature, "vibesql-git", "vibesql-git@localhost"), "cannot make a signature")
        }
        defer { git_signature_free(signature) }
        return try withTree(tree, what: "tree \(tree.short)") { treePointer in
            var parentPointers: [OpaquePointer?] = []
            defer { parentPointers.forEach { git_commit_free($0) } }
            for parent in parents {
                var oid = parent.gitOID
                var commit: OpaquePointer?
                try check(git_commit_lookup(&commit, pointer, &oid), "cannot read commit \(parent.hex)")
                parentPointers.append(commit)
            }
            var out = git_oid()
            let code = parentPointers.withUnsafeMutableBufferPointer { buffer in
                git_commit_create(&out, pointer, nil, signature, signature, "UTF-8", message, treePointer,
                                  buffer.count, buffer.baseAddress)
            }
            try check(code, "cannot create a commit")
            return ObjectID(&out)
        }
    }

    // MARK: - Helpers

    private func withTree<R>(_ id: ObjectID, what: String, _ body: (OpaquePointer) throws -> R) throws -> R {
        var oid = id.gitOID
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, pointer, &oid), "cannot read \(what) (tree \(id.hex))")
        defer { git_tree_free(tree) }
        guard let tree else { throw VibeGitError.corruptResults("cannot read \(what) (tree \(id.hex))") }
        return try body(tree)
    }

    private func withTreeBuilder(seededFrom tree: ObjectID?, _ body: (OpaquePointer) throws -> Void) throws -> ObjectID {
        var source: OpaquePointer?
        if let tree {
            var oid = tree.gitOID
            try check(git_tree_lookup(&source, pointer, &oid), "cannot read tree \(tree.hex)")
        }
        defer { git_tree_free(source) }
        var builder: OpaquePointer?
        try check(git_treebuilder_new(&builder, pointer, source), "cannot start a tree")
        defer { git_treebuilder_free(builder) }
        guard let builder else { throw VibeGitError.corruptResults("cannot start a tree") }
        try body(builder)
        var out = git_oid()
        try check(git_treebuilder_write(&out, builder), "cannot write a tree")
        return ObjectID(&out)
    }

    private func insert(_ builder: OpaquePointer, name: String, id: ObjectID, mode: UInt32) throws {
        var oid = id.gitOID
        try check(git_treebuilder_insert(nil, builder, name, &oid, git_filemode_t(rawValue: mode)),
                  "cannot add \(name) to a tree")
    }
}
