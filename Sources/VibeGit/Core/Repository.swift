// Opening repositories the way git does: discovery upward from a path, linked worktrees (which
// share refs, hence the results ref, with the main repository), GIT_DIR/GIT_WORK_TREE as set
// for hooks, and bare repositories. Also HEAD (branch, detached, unborn) and shallow detection.
import CGit2
import Foundation

/// What HEAD points at.
public enum Head: Equatable, Sendable {
    /// On a branch with at least one commit. `name` is the short name (`main`, `feature/x`).
    case branch(name: String, commit: ObjectID)
    /// Detached at a commit.
    case detached(commit: ObjectID)
    /// On a branch that has no commit yet (fresh `git init`, `git checkout --orphan`).
    case unborn(branch: String)

    /// The commit HEAD resolves to, `nil` when unborn.
    public var commit: ObjectID? {
        switch self {
        case .branch(_, let commit), .detached(let commit): return commit
        case .unborn: return nil
        }
    }

    /// The branch name, `nil` when detached.
    public var branchName: String? {
        switch self {
        case .branch(let name, _), .unborn(let name): return name
        case .detached: return nil
        }
    }
}

/// An open git repository. Not thread-safe: use one `Repository` per thread (libgit2 is safe
/// across threads as long as objects are not shared).
public final class Repository {
    /// The `git_repository *`; owned, freed in `deinit`.
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) { self.pointer = pointer }
    deinit { git_repository_free(pointer) }

    /// Opens the repository containing `path`, searching parent directories as `git` does
    /// (a work tree, a linked worktree, a `.git` directory or a bare repository).
    public static func discover(from path: String) throws -> Repository {
        try open(path: path, flags: 0)
    }

    /// Opens exactly `path` (a work tree root, a git directory or a bare repository) without
    /// searching parent directories.
    public static func open(at path: String) throws -> Repository {
        try open(path: path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
    }

    /// Opens the repository as `git` itself would from this process: honours `GIT_DIR`,
    /// `GIT_WORK_TREE`, `GIT_COMMON_DIR` and `GIT_CEILING_DIRECTORIES` (git sets `GIT_DIR` when
    /// it runs hooks), and otherwise discovers upward from the current directory.
    public static func openFromEnvironment() throws -> Repository {
        ensureLibgit2()
        var out: OpaquePointer?
        let code = git_repository_open_ext(&out, nil, GIT_REPOSITORY_OPEN_FROM_ENV.rawValue, nil)
        let place = ProcessInfo.processInfo.environment["GIT_DIR"] ?? FileManager.default.currentDirectoryPath
        return try wrap(code: code, out: out, path: place)
    }

    private static func open(path: String, flags: UInt32) throws -> Repository {
        ensureLibgit2()
        var out: OpaquePointer?
        let code = git_repository_open_ext(&out, path, flags, nil)
        return try wrap(code: code, out: out, path: path)
    }

    private static func wrap(code: Int32, out: OpaquePointer?, path: String) throws -> Repository {
        if code == GIT_ENOTFOUND.rawValue { throw VibeGitError.notARepository(path: path) }
        try check(code, "cannot open repository at \(path)")
        guard let out else { throw VibeGitError.notARepository(path: path) }
        return Repository(pointer: out)
    }

    /// The git directory (`.git`, or `.git/worktrees/<name>` for a linked worktree), no
    /// trailing slash.
    public var gitDirectory: String { Self.trimmed(String(cString: git_repository_path(pointer))) }

    /// The directory shared by all worktrees: refs (including the results ref), objects,
    /// config and hooks live here.
    public var commonDirectory: String { Self.trimmed(String(cString: git_repository_commondir(pointer))) }

    /// The work tree root, `nil` for a bare repository.
    public var workTree: String? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        return Self.trimmed(String(cString: path))
    }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    /// True for a linked worktree (`git worktree add`).
    public var isLinkedWorktree: Bool { git_repository_is_worktree(pointer) == 1 }

    /// True for a shallow clone: history stops at the shallow boundary, so first-parent walks
    /// end early (see `firstParentHistory`).
    public var isShallow: Bool { git_repository_is_shallow(pointer) == 1 }

    /// Reads HEAD: branch, detached commit or unborn branch.
    public func head() throws -> Head {
        var reference: OpaquePointer?
        let code = git_repository_head(&reference, pointer)
        defer { git_reference_free(reference) }
        if code == GIT_EUNBORNBRANCH.rawValue || code == GIT_ENOTFOUND.rawValue {
            return .unborn(branch: try unbornBranchName())
        }
        try check(code, "cannot read HEAD")
        guard let reference, let target = git_reference_target(reference) else {
            throw VibeGitError.corruptResults("HEAD does not point at a commit")
        }
        let commit = ObjectID(target)
        if git_repository_head_detached(pointer) == 1 { return .detached(commit: commit) }
        return .branch(name: String(cString: git_reference_shorthand(reference)), commit: commit)
    }

    /// The branch HEAD names when that branch has no commit yet.
    private func unbornBranchName() throws -> String {
        var head: OpaquePointer?
        try check(git_reference_lookup(&head, pointer, "HEAD"), "cannot read HEAD")
        defer { git_reference_free(head) }
        guard let head, let target = git_reference_symbolic_target(head) else { return "HEAD" }
        let name = String(cString: target)
        return name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
    }

    /// Reads a string from the repository's configuration (all levels), `nil` when unset.
    /// Path-valued keys (`core.hooksPath`) get `~` expanded.
    func configValue(_ key: String, isPath: Bool = false) throws -> String? {
        var config: OpaquePointer?
        try check(git_repository_config_snapshot(&config, pointer), "cannot read git configuration")
        defer { git_config_free(config) }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        let code = isPath ? git_config_get_path(&buffer, config, key) : git_config_get_string_buf(&buffer, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "cannot read \(key) from the git configuration")
        guard let text = buffer.ptr else { return nil }
        return String(cString: text)
    }

    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}

/// A branch and the commit it points at.
public struct Branch: Equatable, Sendable {
    /// Short name: `main`, or `origin/main` for a remote-tracking branch.
    public let name: String
    public let commit: ObjectID
    public let isRemote: Bool
}

extension Repository {
    /// Local branches (and remote-tracking ones when `includeRemote`), sorted by name.
    /// Symbolic refs such as `origin/HEAD` are skipped.
    public func branches(includeRemote: Bool = false) throws -> [Branch] {
        var iterator: OpaquePointer?
        try check(git_branch_iterator_new(&iterator, pointer, includeRemote ? GIT_BRANCH_ALL : GIT_BRANCH_LOCAL),
                  "cannot list branches")
        defer { git_branch_iterator_free(iterator) }
        var result: [Branch] = []
        while true {
            var reference: OpaquePointer?
            var type = GIT_BRANCH_LOCAL
            let code = git_branch_next(&reference, &type, iterator)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "cannot list branches")
            defer { git_reference_free(reference) }
            guard let target = git_reference_target(reference) else { continue }
            result.append(Branch(name: String(cString: git_reference_shorthand(reference)), commit: ObjectID(target),
                                 isRemote: type == GIT_BRANCH_REMOTE))
        }
        return result.sorted { $0.name < $1.name }
    }
}
