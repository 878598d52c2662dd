// `vibesql-git pull [REMOTE]`: fetch a remote's results and merge them with the local ones.
import ArgumentParser
import VibeGit

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch a remote's results and merge them into refs/vibesql/results.",
        discussion: """
            The remote's ref is fetched into refs/vibesql/remotes/<remote>/results (local runs are \
            never overwritten), then merged: a fast-forward, or a merge commit whose tree is the \
            union of both sides' runs.
            """)

    @Argument(help: "The remote to pull from.")
    var remote = "origin"

    func run() throws {
        let store = ResultsStore(try Repository.openFromEnvironment())
        switch try store.pull(from: remote) {
        case .remoteHasNoResults:
            print("\(remote) has no results yet.")
        case .upToDate(let tip):
            print("Results are up to date with \(remote) (\(tip.short)).")
        case .fastForwarded(let tip):
            print("Fast-forwarded \(store.referenceName) to \(tip.short) (\(try store.runs().count) runs).")
        case .merged(let commit, let keptBoth):
            print("Merged results from \(remote): \(commit.short) (\(try store.runs().count) runs).")
            for path in keptBoth {
                print("  both sides recorded \(path) differently; kept theirs next to it as a .conflict- file")
            }
        }
    }
}
