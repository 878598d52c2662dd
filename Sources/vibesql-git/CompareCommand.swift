// `vibesql-git compare BASE HEAD`: what regressed, was fixed, is new or gone between the nearest
// recorded runs of two revisions. Exits 1 on regressions.
import ArgumentParser
import Foundation
import Results

/// Two revisions' nearest runs and their comparison: shared by `compare` and `issue`. Only the
/// runs at the two commits are read; `issue` asks for the whole results database as well
/// (`everything`), to look for the first bad commit among the runs between them.
struct RevisionComparison {
    let database: ResultsDatabase?
    let comparison: RunComparison
    let baseDistance: Int
    let headDistance: Int
    let headHistory: [String]

    init(context: ResultsContext, base: String, head: String, suite: String?, everything: Bool = false) throws {
        let baseHistory = try context.historyIds(of: base)
        headHistory = try context.historyIds(of: head)
        func nearest(_ history: [String], _ name: String) throws -> (database: ResultsDatabase, run: RunInfo, distance: Int) {
            guard let found = try context.nearestRun(history: history, suite: suite) else {
                throw CLIError("no recorded run\(suite.map { " of suite \($0)" } ?? "") on \(name)'s first-parent history "
                    + "(\(history.count) commits searched); record one with `vibesql-git run` at \(name)")
            }
            return found
        }
        let b = try nearest(baseHistory, base), h = try nearest(headHistory, head)
        guard let bs = try b.database.snapshot(b.run.runId), let hs = try h.database.snapshot(h.run.runId) else {
            throw CLIError("the runs to compare could not be read")
        }
        comparison = RunComparison(base: bs, head: hs)
        baseDistance = b.distance
        headDistance = h.distance
        database = everything ? try context.loadDatabase() : nil
    }
}

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
        let result = try RevisionComparison(context: ResultsContext.open(), base: base, head: head, suite: suite)
        let c = result.comparison
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(c), as: UTF8.self))
        } else if markdown {
            print(ComparisonText.markdown(c), terminator: "")
        } else {
            print(ComparisonText.plain(c, baseDistance: result.baseDistance, headDistance: result.headDistance), terminator: "")
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
        let result = try RevisionComparison(context: ResultsContext.open(), base: base, head: head, suite: suite,
                                            everything: true)
        let c = result.comparison
        guard c.hasRegressions else {
            print("No regressions between \(c.base.shortCommit) (\(base)) and \(c.head.shortCommit) (\(head)): nothing to file.")
            return
        }
        // Look for the first bad commit between the head and the base's run.
        var history = result.headHistory
        if let baseCommit = c.base.sourceCommit, let index = history.firstIndex(of: baseCommit) {
            history = Array(history[...index])
        }
        let firstBad = try result.database?.firstBadCommit(for: c, history: history)
        let files = Set(c.regressedFiles.map(\.path) + c.regressedRecords.map(\.file)).sorted()
        let at = firstBad?.commit ?? c.head.sourceCommit ?? head
        let reproduce = "git checkout \(at.prefix(12))\nvibesql-git run --no-record \(files.joined(separator: " "))"
        print(IssueReport(c, firstBad: firstBad, reproduce: reproduce, recordsPerFile: records).markdown, terminator: "")
    }
}
