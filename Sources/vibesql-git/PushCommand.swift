// `vibesql-git push [REMOTE]`: share the results ref, fast-forward only.
import ArgumentParser
import VibeGit

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push refs/vibesql/results to a remote (never forced).",
        discussion: """
            The remote rejects the push when it has runs this clone lacks; run `vibesql-git pull` \
            first. Local paths and file:// remotes are served by libgit2; others go through `git`.
            """)

    @Argument(help: "The remote to push to.")
    var remote = "origin"

    func run() throws {
        let store = ResultsStore(try Repository.openFromEnvironment())
        let outcome = try store.push(to: remote)
        print("Pushed \(store.referenceName) (\(outcome.commit.short)) to \(remote).")
    }
}
