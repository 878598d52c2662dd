// Issue 3 item 5: a synthetic history written as one results dump (by the Results library, as
// `vibesql-git dump` writes it), loaded by the `vibesql` shell and by Debian's `sqlite3`, then
// the workplan's seven queries on both. Prints times and the ratios vibesql/sqlite3.
import ArgumentParser
import Engine
import Foundation
import Results
import SQLLogicTest

struct ResultsDumpBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results-dump",
        abstract: "Load a synthetic results dump and run the workplan's queries: vibesql against sqlite3.",
        discussion: """
            Writes RUNS runs of FILES files (with failures) through RunRecorder and \
            ResultsDatabase into one dump (cached in --dump), then measures: the load of the dump \
            and the seven queries in one invocation of each shell (`vibesql DUMP -c ...`, \
            `sqlite3 :memory: .read DUMP ...`), whose outputs must agree; the load alone in each \
            shell; and each query alone, in process (the Engine against libsqlite3, the library \
            the sqlite3 shell runs on), as the median of repeated runs.
            """)

    @Option(help: "Runs in the synthetic history.") var runs = 1000
    @Option(help: "Files per run.") var files = 600
    @Option(help: "Where to keep the dump (default /tmp/vibesql-bench/results-RUNSxFILES.sql); reused when it exists and was made with the same sizes.")
    var dump: String?
    @Option(help: "The vibesql shell (default: beside this executable).") var vibesql: String?
    @Option(help: "The sqlite3 shell.") var sqlite3 = "sqlite3"
    @Option(help: "Times each shell loads the dump; the fastest counts.") var loadRepeats = 2
    @Option(help: "Seconds spent on each query in process.") var queryBudget = 2.0
    @Flag(help: "Skip the shells: in-process load and queries only.") var skipShells = false
    @Option(help: "Only this query (by name), e.g. to profile it with a larger --query-budget.") var only: String?
    @Option(help: "Also time this SQL on both engines (repeatable), e.g. one part of a slow query.") var sql: [String] = []

    mutating func run() throws {
        let dump = self.dump ?? "/tmp/vibesql-bench/results-\(runs)x\(files).sql"
        let text = try makeDump(at: dump)
        say("dump: \(dump), \(text.utf8.count / 1_000_000) MB; sqlite \(SQLiteEngine.libraryVersion)")
        var table = TextTable(header: ["step", "vibesql ms", "sqlite3 ms", "ratio", "answers"])
        var verdicts: [String: AnswerCheck.Verdict] = [:]
        if !skipShells && only == nil {
            verdicts = try measureShells(dump: dump, into: &table)
        }

        // In process: the same dump and queries through the Engine and through libsqlite3.
        let (database, engineLoad) = try timed { try Database.load(dump: text) }
        let sqlite = try SQLiteEngine()
        let (loadError, sqliteLoad) = timed { sqlite.executeStatements(text) }
        if let loadError { throw BenchError("libsqlite3 cannot load the dump: \(loadError)") }
        table.add(["load, in process", ms(engineLoad), ms(sqliteLoad), ratio(engineLoad, sqliteLoad)])
        var sumV = 0.0, sumS = 0.0
        let extra = sql.enumerated().map { (name: "--sql \($0.offset + 1)", sql: $0.element) }
        let chosen = WorkplanQueries.all.filter { only == nil || only == $0.name }.map { (name: $0.name, sql: $0.sql) }
        for query in chosen + extra {
            let v = try medianTime(budget: queryBudget) { _ = try database.execute(query.sql) }
            var failure: String?
            let s = medianTime(budget: queryBudget) {
                if case .prepareFailed(let m) = sqlite.query(query.sql) { failure = m }
            }
            if let failure { throw BenchError("sqlite3 cannot run \(query.name): \(failure)") }
            sumV += v
            sumS += s
            table.add([query.name, ms(v), ms(s), ratio(v, s), verdicts[query.name]?.rawValue ?? "-"])
        }
        table.add(["queries, in process (sum)", ms(sumV), ms(sumS), ratio(sumV, sumS)])
        let counts = try database.execute("SELECT (SELECT COUNT(*) FROM test_runs), (SELECT COUNT(*) FROM test_results), "
            + "(SELECT COUNT(*) FROM test_failures), (SELECT COUNT(*) FROM test_files)").rows.first ?? []
        say("rows: " + zip(["runs", "results", "failures", "files"], counts).map { name, value in "\(value.count) \(name)" }
            .joined(separator: ", "))
        print(table.text, terminator: "")
        if verdicts.values.contains(.differ) {
            say("the shells' answers differ: both outputs are kept beside the dump")
            throw ExitCode(1)
        }
    }

    /// The shells: each loads the dump alone (`loadRepeats` times, the fastest counts), then
    /// loads it and runs the seven queries in one invocation; their answers are compared.
    func measureShells(dump: String, into table: inout TextTable) throws -> [String: AnswerCheck.Verdict] {
        let vibesqlPath = vibesql ?? buildProductsDirectory() + "/vibesql"
        let scratch = NSTemporaryDirectory() + "vibesql-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        func vibesqlRun(_ sql: String, out: String?) throws -> ProcessTiming {
            let t = try spawn(vibesqlPath, [dump, "--format", "list", "-c", sql], stdoutPath: out)
            guard t.status == 0 else { throw BenchError("\(vibesqlPath) exited with \(t.status)") }
            return t
        }
        func sqliteRun(_ sql: String, out: String?) throws -> ProcessTiming {
            let t = try spawn(sqlite3, ["-batch", "-bail", ":memory:", ".read \(dump)", sql], stdoutPath: out)
            guard t.status == 0 else { throw BenchError("\(sqlite3) exited with \(t.status)") }
            return t
        }
        let count = "SELECT COUNT(*) FROM test_results;"
        var loadV: [ProcessTiming] = [], loadS: [ProcessTiming] = []
        for _ in 0..<max(1, loadRepeats) {
            loadS.append(try sqliteRun(count, out: nil))
            loadV.append(try vibesqlRun(count, out: nil))
        }
        let allS = try sqliteRun(AnswerCheck.script, out: scratch + "/sqlite3.out")
        let allV = try vibesqlRun(AnswerCheck.script, out: scratch + "/vibesql.out")
        let answersS = AnswerCheck.split((try? String(contentsOfFile: scratch + "/sqlite3.out", encoding: .utf8)) ?? "")
        let answersV = AnswerCheck.split((try? String(contentsOfFile: scratch + "/vibesql.out", encoding: .utf8)) ?? "")
        var verdicts: [String: AnswerCheck.Verdict] = [:]
        for query in WorkplanQueries.all {
            verdicts[query.name] = AnswerCheck.compare(answersV[query.name] ?? [], answersS[query.name] ?? [],
                                                       sortColumn: AnswerCheck.sortColumn[query.name] ?? nil)
        }
        let agree = !verdicts.values.contains(.differ)
        if !agree {
            try? FileManager.default.removeItem(atPath: dump + ".sqlite3.out")
            try? FileManager.default.removeItem(atPath: dump + ".vibesql.out")
            try? FileManager.default.copyItem(atPath: scratch + "/sqlite3.out", toPath: dump + ".sqlite3.out")
            try? FileManager.default.copyItem(atPath: scratch + "/vibesql.out", toPath: dump + ".vibesql.out")
        }
        let bestV = loadV.min { $0.wall < $1.wall } ?? allV, bestS = loadS.min { $0.wall < $1.wall } ?? allS
        table.add(["load, shell (wall)", ms(bestV.wall), ms(bestS.wall), ratio(bestV.wall, bestS.wall)])
        table.add(["load, shell (cpu)", ms(bestV.cpu), ms(bestS.cpu), ratio(bestV.cpu, bestS.cpu)])
        table.add(["load + 7 queries, shell (wall)", ms(allV.wall), ms(allS.wall), ratio(allV.wall, allS.wall),
                   agree ? "agree" : "DIFFER"])
        table.add(["load + 7 queries, shell (cpu)", ms(allV.cpu), ms(allS.cpu), ratio(allV.cpu, allS.cpu)])
        return verdicts
    }

    /// The dump, from `--dump` when it was made with the same sizes, else written anew: each
    /// run through `RunRecorder.dump` into a `ResultsDatabase`, then its `dump()` (what
    /// `vibesql-git dump` writes).
    func makeDump(at dump: String) throws -> String {
        // A sidecar names the sizes and the schema version the dump was made with.
        let stamp = "runs=\(runs) files=\(files) schema=\(ResultsSchema.currentVersion)\n"
        if (try? String(contentsOfFile: dump + ".sizes", encoding: .utf8)) == stamp,
           let existing = try? String(contentsOfFile: dump, encoding: .utf8) {
            return existing
        }
        say("writing \(runs) runs of \(files) files to \(dump) ...")
        let history = SyntheticHistory(runs: runs, files: files)
        let (text, seconds) = try timed { () -> String in
            let database = try ResultsDatabase()
            for i in 0..<runs {
                let (report, metadata) = history.run(i)
                try database.add(dump: RunRecorder.dump(report: report, metadata: metadata), source: "run \(i)")
            }
            try database.deriveFiles(.latest)
            return try database.dump()
        }
        say(String(format: "wrote it in %.1f s", seconds))
        try FileManager.default.createDirectory(atPath: (dump as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: dump, atomically: true, encoding: .utf8)
        try stamp.write(toFile: dump + ".sizes", atomically: true, encoding: .utf8)
        return text
    }
}
