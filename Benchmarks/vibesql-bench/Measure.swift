// Clocks, child processes with their CPU time, and plain-text tables for the benchmarks.
import Foundation

/// Seconds on a monotonic clock.
func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// Runs `body` once and returns its result and wall time in seconds.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = now()
    let value = try body()
    return (value, now() - start)
}

/// The median wall time of `body`, run at least `minimum` times and until `budget` seconds
/// have passed (at most `maximum` times).
func medianTime(minimum: Int = 3, maximum: Int = 200, budget: Double = 1.0, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    let start = now()
    while times.count < minimum || (times.count < maximum && now() - start < budget) {
        let t0 = now()
        try body()
        times.append(now() - t0)
    }
    times.sort()
    return times[times.count / 2]
}

/// What a child process took.
struct ProcessTiming {
    var wall: Double
    /// User plus system CPU seconds of the child.
    var cpu: Double
    var status: Int32
}

/// Runs a program with its standard input from `stdinPath` (or /dev/null) and its standard
/// output to `stdoutPath` (or /dev/null); standard error to `stderrPath` (or inherited). Measures wall and CPU
/// time with wait4, so a busy machine shows in wall time but less in CPU time.
func spawn(_ program: String, _ arguments: [String], stdinPath: String? = nil, stdoutPath: String? = nil,
           stderrPath: String? = nil, environment: [String: String]? = nil) throws -> ProcessTiming {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, stdinPath ?? "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if let stderrPath { posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var env = environment ?? ProcessInfo.processInfo.environment
    env["TERM"] = env["TERM"] ?? "dumb"
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    var pid: pid_t = 0
    let start = now()
    let rc = posix_spawnp(&pid, program, &actions, nil, argv, envp)
    guard rc == 0 else { throw BenchError("cannot start \(program): \(String(cString: strerror(rc)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else { throw BenchError("wait for \(program) failed") }
    }
    let wall = now() - start
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return ProcessTiming(wall: wall, cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), status: exit)
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A plain-text table: a header row, then rows; numbers right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []

    mutating func add(_ row: [String]) { rows.append(row) }

    var text: String {
        let widths = header.indices.map { c in ([header] + rows).map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}

/// Seconds as milliseconds with sensible precision.
func ms(_ seconds: Double) -> String {
    let v = seconds * 1000
    return v >= 100 ? String(format: "%.0f", v) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
}

func ratio(_ a: Double, _ b: Double) -> String { b > 0 ? String(format: "%.2f", a / b) : "-" }

/// Prints and flushes, so progress shows while the next step runs.
func say(_ text: String) {
    print(text)
    fflush(nil)
}

/// The directory holding this executable: the other products of the same build are there.
func buildProductsDirectory() -> String {
    let path = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    if CommandLine.arguments[0].contains("/") { return path.deletingLastPathComponent().path }
    return Bundle.main.executableURL?.deletingLastPathComponent().path ?? "."
}

import Engine

extension Value {
    /// An integer's digits (a count), else "?".
    var count: String {
        if case .integer(let n) = self { return String(n) }
        return "?"
    }
}
