// JUnit XML for CI systems: one test case per file, failures with their first failing records.

public enum JUnitReport {
    /// The report as a JUnit XML document.
    public static func xml(_ report: RunReport, maxFailuresPerFile: Int = 20) -> String {
        let counts = report.fileCounts
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"sqllogictest\" tests=\"\(counts.total)\" failures=\"\(counts.failed - counts.crashed - counts.timedOut)\" errors=\"\(counts.crashed + counts.timedOut)\" time=\"\(seconds(report.durationMs))\">\n"
        out += "  <testsuite name=\"sqllogictest.\(escape(report.engine))\" tests=\"\(counts.total)\" failures=\"\(counts.failed - counts.crashed - counts.timedOut)\" errors=\"\(counts.crashed + counts.timedOut)\" time=\"\(seconds(report.durationMs))\">\n"
        for f in report.files {
            out += "    <testcase classname=\"sqllogictest\" name=\"\(escape(f.path))\" time=\"\(seconds(f.durationMs))\">\n"
            switch f.status {
            case .pass:
                break
            case .fail:
                var body = f.error.map { $0 + "\n" } ?? ""
                for failure in f.failures.prefix(maxFailuresPerFile) {
                    body += "\(f.path):\(failure.line): \(failure.message)\n\(failure.sql)\n"
                    if let e = failure.error { body += "error: \(e)\n" }
                    if let e = failure.expected { body += "expected:\n\(e)\n" }
                    if let a = failure.actual { body += "actual:\n\(a)\n" }
                    body += "\n"
                }
                if f.failures.count > maxFailuresPerFile { body += "... \(f.failures.count - maxFailuresPerFile) more\n" }
                out += "      <failure message=\"\(f.records.failed) of \(f.records.run) records failed\">\(escape(body))</failure>\n"
            case .crash, .timeout:
                out += "      <error type=\"\(f.status.rawValue)\" message=\"\(escape(f.error ?? f.status.rawValue))\"/>\n"
            }
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private static func seconds(_ ms: Int) -> String {
        let s = ms / 1000, r = ms % 1000
        return "\(s)." + String(repeating: "0", count: 3 - String(r).count) + String(r)
    }

    /// XML-escapes text; control characters XML 1.0 cannot hold become '?'.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { out += "?" }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
