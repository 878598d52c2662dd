// Reading recorded runs without trusting them: each dump is checked against its path and its
// results commit's trailers before anything of it is used (see `RunDumpReader`), and a run the
// trailers announce but whose dump is missing, too large or refused is never shown as a run.
import Foundation
import Results
import VibeGit

extension ConformanceHistory {
    /// The trailers' counts of every recorded run, by `<source commit>/<run id>`.
    func trailerCounts() throws -> [String: [RunTrailerCounts]] {
        let summaries = try runSummaries()
        if let memo = trailersMemo, memo.tip == summaries.tip { return memo.value }
        var counts: [String: [RunTrailerCounts]] = [:]
        for line in summaries.runs {
            counts["\(line.commit)/\(line.runId)", default: []].append(RunTrailerCounts(passed: line.passed, total: line.total))
        }
        trailersMemo = (summaries.tip, counts)
        return counts
    }

    /// A run's dump with what it must be, ready to load. Throws `RunDumpError` when the run is
    /// refused before it is read (over the size limit); other errors mean it could not be read.
    func input(for entry: RunEntry, trailers: [String: [RunTrailerCounts]]) throws -> RunDumpInput {
        var expected = ExpectedRun.from(path: entry.path)
        if let runId = expected?.runId {
            expected?.trailers = trailers["\(entry.sourceCommit.hex)/\(runId)"] ?? []
        }
        let size = try store.size(of: entry)
        guard size <= runSizeLimit else {
            throw RunDumpError(source: entry.path, message: "refused: \(size) bytes, over the limit of \(runSizeLimit)")
        }
        return RunDumpInput(source: entry.path, text: try store.text(of: entry), expected: expected, sizeLimit: runSizeLimit)
    }

    /// The dumps of `entries` ready to load; those that cannot be read or are refused before
    /// reading are left out with a warning.
    func inputs(for entries: [RunEntry]) throws -> [RunDumpInput] {
        let trailers = try trailerCounts()
        var inputs: [RunDumpInput] = []
        for entry in entries {
            do {
                inputs.append(try input(for: entry, trailers: trailers))
            } catch {
                warn(HistoryWarning(source: "", message: "skipped \(error is RunDumpError ? "" : "\(entry.path): ")\(error)"))
            }
        }
        return inputs
    }

    /// Whether the run a summary line announces has a dump that reads and agrees with it.
    /// Each dump is checked once per clone (see `ReadableRunsFile`); a refusal is a warning.
    func isReadable(_ line: RunSummaryLine) -> Bool {
        guard let commit = ObjectID(hex: line.commit) else { return false }
        let path = ResultsStore.runPath(sourceCommit: commit, runId: line.runId)
        do {
            guard let entry = try store.run(sourceCommit: commit, runId: line.runId) else {
                warn(HistoryWarning(source: "", message: "skipped \(path): unreadable: its results commit has trailers, "
                    + "but \(referenceName) holds no dump there"))
                return false
            }
            if let verdict = verdicts[entry.blob] { return verdict }
            let trailers = try trailerCounts()
            let key = ReadableRunsFile.key(blob: entry.blob.hex, path: path,
                                           trailers: trailers["\(entry.sourceCommit.hex)/\(line.runId)"] ?? [])
            if readableRuns.contains(key) {
                verdicts[entry.blob] = true
                return true
            }
            let input = try input(for: entry, trailers: trailers)
            _ = try RunDumpReader.read(input.text, source: path, expected: input.expected, sizeLimit: runSizeLimit)
            verdicts[entry.blob] = true
            readableRuns.insert(key)
            return true
        } catch let error as RunDumpError {
            warn(HistoryWarning(source: "", message: "skipped \(error)"))
            return false
        } catch {
            warn(HistoryWarning(source: "", message: "skipped \(error is RunDumpError ? "" : "\(path): ")\(error)"))
            return false
        }
    }
}
