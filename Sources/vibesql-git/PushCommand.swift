// `vibesql-git push [REMOTE]`: share the results ref, fast-forward only; when the remote moved
// (another machine pushed first), pull its runs in and push again, a bounded number of times.
import ArgumentParser
import VibeGit

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push refs/vibesql/results to a remote (never forced).",
        discussion: """
            When the remote rejects the push because it has runs this clone lacks (another clone \
            or CI shard pushed first), its runs are pulled and merged (nothing is lost) and the \
            push is tried again, after a growing random pause, up to --attempts times; \
            --attempts 1 only tries once. Local paths and file:// remotes are served by libgit2; \
            others go through `git`.
            """)

    @Argument(help: "The remote to push to.")
    var remote = "origin"

    @Option(help: "Pushes to try in all when the remote keeps moving.")
    var attempts = PushRetryPolicy().attempts

    func validate() throws {
        guard attempts >= 1 else { throw ValidationError("--attempts must be 1 or more") }
    }

    func run() throws {
        let store = ResultsStore(try Repository.openFromEnvironment())
        let result = try store.pushRetrying(to: remote, policy: PushRetryPolicy(attempts: attempts))
        let merged = result.pulls.filter { if case .merged = $0 { return true } else { return false } }.count
        let retried = result.attempts > 1
            ? " after \(result.attempts) attempts (merged the remote's runs \(merged) time\(merged == 1 ? "" : "s"))" : ""
        print("Pushed \(store.referenceName) (\(result.push.commit.short)) to \(remote)\(retried).")
    }
}
