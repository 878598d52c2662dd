// VibeGit: a small, safe Swift wrapper over libgit2 for vibesql-git.
// Opens repositories (linked worktrees, GIT_DIR in hooks, bare), reads HEAD and first-parent
// history, keeps conformance runs in `refs/vibesql/results` (compare-and-swap writes, never
// touching the work tree or the index), shares them with remotes, and installs the pre-push hook.
//
// Folders: Core/ (errors, object ids, repository, commits), Results/ (the results ref store),
// Sharing/ (push, fetch, merge of result histories), Hooks/ (installer, pre-push logic),
// Config/ (the `.vibesql/config` file).
import CGit2

/// libgit2 must be initialised once per process before any other call; the global is lazily
/// and atomically initialised by Swift, and never shut down (the process owns it until exit).
private let libgit2InitCount: Int32 = git_libgit2_init()

/// Makes sure libgit2 is initialised. Every public entry point that creates libgit2 state
/// calls this first.
@inline(__always)
func ensureLibgit2() {
    _ = libgit2InitCount
}
