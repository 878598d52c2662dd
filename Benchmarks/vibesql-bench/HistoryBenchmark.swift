// Issue 4 item 9: the results ref at 1,000 and 10,000 recorded runs. Runs are recorded through
// the real path (RunRecorder's dump and trailers, ResultsStore.append) in a temporary
// repository whose main branch has one commit per run; at each size the benchmark times the
// recording step and the `vibesql-git` commands `run`, `log`, `compare` and `query`.
import ArgumentParser
import Foundation
import Results
import SQLLogicTest
import VibeGit

struct HistoryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results-history",
        abstract: "Time recording, log, compare and query as the results ref grows.",
        discussion: """
            Builds a temporary repository with one commit per run on main, records a synthetic run \
            (FILES files, some failing) for each commit through ResultsStore.append, and at each \
            size times: the recording step (RunRecorder.dump + ResultsStore.append, median of the \
            last 100 appends), `vibesql-git run` of a one-file suite (runs the file and records), \
            `log` without and with the run summaries file (trailers of every results commit, \
            kept by tip), and `compare main~10 main` and `query` without any cache (the database \
            is built from every run blob), with the caches at the ref's tip, and after one more \
            run (the cache is extended by that run).
            """)

    @Option(parsing: .upToNextOption, help: "Ref sizes (recorded runs) to measure at, ascending.")
    var sizes: [Int] = [1000, 10_000]
    @Option(help: "Files per synthetic run.") var files = 20
    @Option(help: "Times each command is run at each size; the median counts.") var repeats = 3
    @Option(help: "The vibesql-git executable (default: beside this executable).") var vibesqlGit: String?
    @Option(help: "Keep the repository here instead of a temporary directory.") var repository: String?

    mutating func run() throws {
        let sizes = self.sizes.sorted()
        guard let largest = sizes.last, largest > 10 else { throw ValidationError("give sizes above 10") }
        let tool = vibesqlGit ?? buildProductsDirectory() + "/vibesql-git"
        let root = repository ?? NSTemporaryDirectory() + "vibesql-bench-history-\(getpid())"
        // rm is much faster than FileManager on a repository of many loose objects.
        let remove = { _ = try? spawn("rm", ["-rf", root]) }
        if repository == nil { remove() }
        defer { if repository == nil { remove() } }

        let (commits, seconds) = try timed { try makeSourceHistory(at: root, commits: largest) }
        say(String(format: "repository %@: %d commits on main in %.1f s", root, commits.count, seconds))
        let repo = try Repository.open(at: root)
        let store = ResultsStore(repo)
        let history = SyntheticHistory(runs: largest, files: files)
        FileManager.default.changeCurrentDirectoryPath(root)

        var appendTimes: [Double] = []
        var columns: [(size: Int, figures: [String: (wall: Double, cpu: Double)])] = []
        var recorded = 0
        let buildStart = now()
        for size in sizes {
            while recorded < size {
                let i = recorded
                let (report, metadata) = history.run(i, sourceCommit: commits[i].hex,
                                                     parents: i > 0 ? [commits[i - 1].hex] : [], branch: "main")
                let t0 = now()
                let dump = RunRecorder.dump(report: report, metadata: metadata)
                let (summary, trailers) = RunRecorder.summary(report: report, metadata: metadata)
                try store.append(NewRun(sourceCommit: commits[i], runId: String(metadata.runId), dump: dump,
                                        summary: summary, trailers: trailers.map { Trailer($0.0, $0.1) }),
                                 schema: ResultsSchema.sql)
                appendTimes.append(now() - t0)
                recorded += 1
                if recorded % 1000 == 0 {
                    say(String(format: "  %d runs recorded (%.0f s)", recorded, now() - buildStart))
                }
            }
            // main points at the newest commit with a run, as it would after the last push.
            _ = try spawn("git", ["update-ref", "refs/heads/main", commits[size - 1].hex])
            var figures: [String: (wall: Double, cpu: Double)] = [:]
            let recent = appendTimes.suffix(100).sorted()
            figures[Step.record] = (recent[recent.count / 2], .nan)
            let cacheFile = root + "/.git/vibesql/results-cache.sql"
            let summariesFile = root + "/.git/vibesql/run-summaries.json"
            /// Runs a command `repeats` times (`before` first each time) and keeps the median.
            func command(_ name: String, _ arguments: [String], expect: Set<Int32> = [0],
                         before: () throws -> Void = {}) throws {
                var runs: [ProcessTiming] = []
                for _ in 0..<max(1, repeats) {
                    try before()
                    let t = try spawn(tool, arguments, stdoutPath: root + "/.git/bench-out.txt",
                                      stderrPath: root + "/.git/bench-err.txt")
                    guard expect.contains(t.status) else {
                        let error = (try? String(contentsOfFile: root + "/.git/bench-err.txt", encoding: .utf8)) ?? ""
                        throw BenchError("vibesql-git \(arguments.joined(separator: " ")) exited with \(t.status): \(error)")
                    }
                    runs.append(t)
                }
                runs.sort { $0.wall < $1.wall }
                figures[name] = (runs[runs.count / 2].wall, runs[runs.count / 2].cpu)
            }
            let noCache: () -> Void = {
                _ = try? FileManager.default.removeItem(atPath: cacheFile)
                _ = try? FileManager.default.removeItem(atPath: summariesFile)
            }
            let noSummaries: () -> Void = { _ = try? FileManager.default.removeItem(atPath: summariesFile) }
            let oneRun = ["run", "--jobs", "0", "--suite", "bench", "suite/one.test"]
            try command(Step.run, oneRun)
            try command(Step.logCold, ["log"], before: noSummaries)
            try command(Step.log, ["log"])
            try command(Step.logAll, ["log", "--all"])
            try command(Step.compareCold, ["compare", "main~10", "main"], expect: [0, 1], before: noCache)
            try command(Step.compareWarm, ["compare", "main~10", "main"], expect: [0, 1])
            let query = ["query", "SELECT COUNT(*) FROM test_runs"]
            try command(Step.queryCold, query, before: noCache)
            try command(Step.queryWarm, query)
            try command(Step.queryNamed, ["query", "progress-by-branch"])
            try command(Step.queryAfterRun, query, before: {
                guard try spawn(tool, oneRun, stderrPath: "/dev/null").status == 0 else { throw BenchError("run failed") }
            })
            columns.append((size, figures))
            recorded = max(recorded, size)
            say("  measured at \(size) runs")
        }

        let names = [Step.record, Step.run, Step.logCold, Step.log, Step.logAll, Step.compareCold, Step.compareWarm,
                     Step.queryCold, Step.queryWarm, Step.queryNamed, Step.queryAfterRun]
        var table = TextTable(header: ["step"] + columns.map { "\($0.size) runs ms" }
            + (columns.count > 1 ? ["growth (x\(largest / sizes[0]) runs)"] : []))
        for name in names {
            var row = [name]
            for column in columns { row.append(column.figures[name].map { ms($0.wall) } ?? "-") }
            if columns.count > 1, let a = columns.first?.figures[name], let b = columns.last?.figures[name] {
                row.append(String(format: "%.1f", b.wall / a.wall))
            }
            table.add(row)
        }
        say("synthetic runs of \(files) files; wall-clock medians of \(repeats) (record: of the last 100 appends)")
        print(table.text, terminator: "")
    }

    /// The rows of the table.
    enum Step {
        static let record = "record: RunRecorder.dump + ResultsStore.append"
        static let run = "run suite/one.test (runs 1 file, records)"
        static let logCold = "log (20 commits of main), no summaries cache"
        static let log = "log (20 commits of main)"
        static let logAll = "log --all (20 newest runs)"
        static let compareCold = "compare main~10 main, no cache"
        static let compareWarm = "compare main~10 main, cache at tip"
        static let queryCold = "query COUNT(*), no cache"
        static let queryWarm = "query COUNT(*), cache at tip"
        static let queryNamed = "query progress-by-branch, cache at tip"
        static let queryAfterRun = "query COUNT(*) after one more run"
    }

    /// A repository with `commits` commits on main (each adds nothing but its message; the
    /// first holds suite/one.test), made with `git fast-import`; returns their ids, oldest first.
    func makeSourceHistory(at root: String, commits: Int) throws -> [ObjectID] {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        func git(_ arguments: [String], stdin: String? = nil, out: String? = nil) throws {
            let t = try spawn("git", ["-C", root] + arguments, stdinPath: stdin, stdoutPath: out)
            guard t.status == 0 else { throw BenchError("git \(arguments.joined(separator: " ")) exited with \(t.status)") }
        }
        try git(["init", "-q", "-b", "main"])
        let test = """
            statement ok
            CREATE TABLE t1(a INTEGER, b TEXT)

            statement ok
            INSERT INTO t1 VALUES(1, 'one'), (2, 'two')

            query IT rowsort
            SELECT a, b FROM t1
            ----
            1
            one
            2
            two

            """
        var stream = ""
        stream.reserveCapacity(commits * 160)
        stream += "blob\nmark :1\ndata \(test.utf8.count)\n\(test)\n"
        for i in 0..<commits {
            let message = "Change \(i)\n"
            stream += "commit refs/heads/main\nmark :\(i + 2)\n"
            stream += "author Bench <bench@example.com> \(1_735_689_600 + i * 3600) +0000\n"
            stream += "committer Bench <bench@example.com> \(1_735_689_600 + i * 3600) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)"
            if i == 0 { stream += "M 100644 :1 suite/one.test\n" }
            stream += "\n"
        }
        let streamFile = root + "/.git/bench-fast-import"
        try stream.write(toFile: streamFile, atomically: true, encoding: .utf8)
        try git(["fast-import", "--quiet"], stdin: streamFile)
        try git(["reset", "-q", "--hard", "main"])
        try git(["rev-list", "--reverse", "main"], out: root + "/.git/bench-commits")
        let ids = try String(contentsOfFile: root + "/.git/bench-commits", encoding: .utf8)
            .split(separator: "\n").compactMap { ObjectID(hex: String($0)) }
        guard ids.count == commits else { throw BenchError("expected \(commits) commits, found \(ids.count)") }
        return ids
    }
}
