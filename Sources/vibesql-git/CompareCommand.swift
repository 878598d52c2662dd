// `vibesql-git compare BASE HEAD`: what regressed, was fixed, is new or gone between the nearest
// recorded runs of two revisions. Exits 1 on regressions.
import ArgumentParser
import Foundation
import ConformanceHistory
import Results

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the nearest recorded runs of two revisions.",
        discussion: """
            Each side uses the nearest recorded run on its first-parent history (and says which). \
            Lists files and records that regressed, were fixed, are new or were removed, changed \
            errors, and the pass-rate change. Exits 1 when anything regressed.
            """)

    @Argument(help: "The baseline revision (e.g. main).")
    var base: String

    @Argument(help: "The revision to check.")
    var head = "HEAD"

    @Option(help: "Only use runs of this suite.")
    var suite: String?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print Markdown.")
    var markdown = false

    func run() throws {
        let history = try ConformanceHistory.current()
        // The warnings say why a run was passed over (a partial sharded run), also when none is left.
        defer { history.printWarnings() }
        let result = try history.compare(base: base, head: head, suite: suite)
        history.printWarnings()
        let c = result.comparison
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(c), as: UTF8.self))
        } else if markdown {
            say(ComparisonText.markdown(c), terminator: "")
        } else {
            say(ComparisonText.plain(c, baseDistance: result.baseDistance, headDistance: result.headDistance), terminator: "")
        }
        if c.hasRegressions { throw ExitCode(1) }
    }
}

struct IssueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue",
        abstract: "Print a ready-to-file Markdown issue for the regressions between two revisions.",
        discussion: """
            Title and body: a summary, each regressed file with its first failing records (SQL, \
            expected and actual output, error), the first bad commit found from the runs along \
            HEAD's history, the command that reproduces it, and a fingerprint that stays the same \
            for the same regressions.
            """)

    @Argument(help: "The baseline revision (e.g. main).")
    var base: String

    @Argument(help: "The revision with the regressions.")
    var head = "HEAD"

    @Option(help: "Only use runs of this suite.")
    var suite: String?

    @Option(help: "Failing records shown per file.")
    var records = 3

    func run() throws {
        let history = try ConformanceHistory.current()
        let issue = try history.issue(base: base, head: head, suite: suite)
        history.printWarnings()
        let c = issue.comparison
        guard c.hasRegressions else {
            say("No regressions between \(c.base.shortCommit) (\(base)) and \(c.head.shortCommit) (\(head)): nothing to file.")
            return
        }
        say(issue.report(recordsPerFile: records).markdown, terminator: "")
    }
}
