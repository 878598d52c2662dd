// Progress while a run goes: a bar redrawn in place on a terminal, plain lines otherwise.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws progress on stderr. On a TTY a one-line bar (files done/total, records/s, failures, ETA);
/// otherwise a plain line every `interval` seconds, so CI logs stay readable.
public final class ProgressDisplay {
    public let isTerminal: Bool
    private let interval: Double
    private var lastPlain = -1.0
    private var barShown = false

    public init(isTerminal: Bool = isatty(STDERR_FILENO) != 0, interval: Double = 10) {
        self.isTerminal = isTerminal
        self.interval = interval
    }

    /// Removes the bar so a line can be printed; `update` draws it again.
    public func clear() {
        guard isTerminal, barShown else { return }
        emit("\r\u{1B}[2K")
        barShown = false
    }

    public func update(_ p: RunProgress) {
        if isTerminal {
            emit("\r\u{1B}[2K" + Self.bar(p))
            barShown = true
        } else if p.filesDone == p.filesTotal || p.elapsed - lastPlain >= interval {
            lastPlain = p.elapsed
            emit("progress: " + Self.summary(p) + "\n")
        }
    }

    /// Ends the bar line.
    public func finish() {
        if isTerminal && barShown { emit("\n") }
        barShown = false
    }

    private func emit(_ text: String) {
        try? WorkerLoop.writeAll(STDERR_FILENO, Array(text.utf8))
    }

    static func summary(_ p: RunProgress) -> String {
        let rate = p.elapsed > 0 ? Int(Double(p.recordsDone) / p.elapsed) : 0
        var eta = "--"
        if p.filesDone > 0 && p.filesDone < p.filesTotal && p.elapsed > 0 {
            eta = duration(p.elapsed / Double(p.filesDone) * Double(p.filesTotal - p.filesDone))
        } else if p.filesDone == p.filesTotal {
            eta = "0:00"
        }
        return "\(p.filesDone)/\(p.filesTotal) files, \(rate) records/s, \(p.failedFiles) failing files (\(p.failedRecords) records), ETA \(eta)"
    }

    static func bar(_ p: RunProgress) -> String {
        let width = 24
        let filled = p.filesTotal == 0 ? width : width * p.filesDone / p.filesTotal
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + summary(p)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600):\(pad(s / 60 % 60)):\(pad(s % 60))" : "\(s / 60):\(pad(s % 60))"
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
