// Installing and removing the pre-push hook: in `core.hooksPath` when set (relative paths are
// relative to the work tree root, as git runs hooks there), else in the common git directory's
// `hooks/` (shared by linked worktrees). A different pre-push hook already in place is kept as
// `pre-push.local` and chained (ours runs it first), never clobbered.
import Foundation

/// What `install` did.
public enum HookInstallResult: Equatable, Sendable {
    /// Wrote the hook; there was none.
    case installed(path: String)
    /// Our hook was already there; rewritten with the current script.
    case updated(path: String)
    /// Another pre-push hook was there; it was renamed to `keptAs` and runs first.
    case chained(path: String, keptAs: String)
}

/// What `uninstall` did.
public enum HookUninstallResult: Equatable, Sendable {
    /// Removed our hook.
    case removed(path: String)
    /// Removed our hook and put the chained one back at `path`.
    case restored(path: String)
    /// There was no pre-push hook.
    case notInstalled(path: String)
}

/// Writes and removes the pre-push hook of a repository.
public struct HookInstaller {
    /// The second line of our script; how an installed hook is recognised as ours.
    public static let marker = "# vibesql-git pre-push hook"
    /// The name a pre-existing pre-push hook is kept under.
    public static let chainedName = "pre-push.local"

    /// The hook script (identical to `hooks/pre-push` in this repository; a test keeps the two
    /// in sync). It copies git's stdin so a chained hook and vibesql-git both see it.
    public static let prePushScript = #"""
        #!/bin/sh
        # vibesql-git pre-push hook
        # Installed by `vibesql-git hooks install`, removed by `vibesql-git hooks uninstall`.
        # git runs it as `pre-push <remote name> <remote url>` with one line per pushed ref on
        # stdin: <local ref> <local sha> <remote ref> <remote sha>. vibesql-git runs the
        # configured suite on the pushed commits, records the runs in refs/vibesql/results and
        # blocks or warns on regressions (.vibesql/config). `git push --no-verify` skips it.
        # A pre-push hook that existed before installation was kept as pre-push.local; it runs
        # first, with the same arguments and input, and can block the push on its own.

        input=$(mktemp "${TMPDIR:-/tmp}/vibesql-pre-push.XXXXXX") || exit 1
        trap 'rm -f "$input"' EXIT
        cat >"$input"

        hooks_dir=$(dirname "$0")
        if [ -x "$hooks_dir/pre-push.local" ]; then
            "$hooks_dir/pre-push.local" "$@" <"$input" || exit $?
        fi

        vibesql_git=${VIBESQL_GIT:-vibesql-git}
        if ! command -v "$vibesql_git" >/dev/null 2>&1; then
            echo "vibesql-git pre-push: '$vibesql_git' not found (set VIBESQL_GIT); conformance not checked" >&2
            exit 0
        fi
        "$vibesql_git" pre-push "$@" <"$input"

        """#

    public let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// The directory git runs hooks from.
    public func hooksDirectory() throws -> String {
        guard let configured = try repository.configValue("core.hooksPath", isPath: true) else {
            return repository.commonDirectory + "/hooks"
        }
        if configured.hasPrefix("/") { return Repository.trimmed(configured) }
        let base = repository.workTree ?? repository.gitDirectory
        return Repository.trimmed(URL(fileURLWithPath: base).appendingPathComponent(configured).standardized.path)
    }

    /// Installs (or refreshes) the pre-push hook, chaining any other pre-push hook.
    @discardableResult
    public func install() throws -> HookInstallResult {
        let directory = try hooksDirectory()
        let hook = directory + "/pre-push", chained = directory + "/" + Self.chainedName
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var result = HookInstallResult.installed(path: hook)
        if Self.exists(hook) {
            if Self.isOurs(hook) {
                result = .updated(path: hook)
            } else {
                guard !Self.exists(chained) else {
                    throw VibeGitError.hookConflict("\(hook) is not ours and \(chained) already exists; "
                        + "move one of them aside, then run `vibesql-git hooks install` again")
                }
                try FileManager.default.moveItem(atPath: hook, toPath: chained)
                result = .chained(path: hook, keptAs: chained)
            }
        }
        try Data(Self.prePushScript.utf8).write(to: URL(fileURLWithPath: hook), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        return result
    }

    /// Removes our pre-push hook and restores a chained one. Refuses to remove a hook that
    /// vibesql-git did not install.
    @discardableResult
    public func uninstall() throws -> HookUninstallResult {
        let directory = try hooksDirectory()
        let hook = directory + "/pre-push", chained = directory + "/" + Self.chainedName
        guard Self.exists(hook) else { return .notInstalled(path: hook) }
        guard Self.isOurs(hook) else {
            throw VibeGitError.hookConflict("\(hook) was not installed by vibesql-git; leaving it in place")
        }
        try FileManager.default.removeItem(atPath: hook)
        if Self.exists(chained) {
            try FileManager.default.moveItem(atPath: chained, toPath: hook)
            return .restored(path: hook)
        }
        return .removed(path: hook)
    }

    /// True for files and for symlinks, even dangling ones.
    private static func exists(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)) != nil
    }

    private static func isOurs(_ path: String) -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
        return text.split(separator: "\n").dropFirst().first.map(String.init) == marker
    }
}
