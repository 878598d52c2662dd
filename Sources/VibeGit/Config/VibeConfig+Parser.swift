// The `.vibesql/config` parser: one pass over the lines, then cross-checks (suites named by
// the hook and by acceptances must exist). Every error names its line.
import Foundation

extension VibeConfig {
    /// Parses the text of a config file; `file` only labels errors.
    public static func parse(_ text: String, file: String = VibeConfig.path) throws -> VibeConfig {
        var parser = ConfigParser(file: file)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try parser.consume(line: String(raw), number: index + 1)
        }
        return try parser.finish()
    }
}

private struct ConfigParser {
    enum Section {
        case suite(index: Int)
        case baseline
        case hook
        case accept(index: Int)
    }

    let file: String
    var config = VibeConfig()
    var section: Section?
    var sectionLine = 0
    /// Keys already set in the current section (for duplicates), with their line.
    var seenKeys: [String: Int] = [:]
    /// Sections already opened, e.g. `suite "quick"`, with their line.
    var seenSections: [String: Int] = [:]
    /// Where a suite name was referenced, to report unknown suites at the right line.
    var suiteReferences: [(name: String, line: Int, key: String)] = []

    init(file: String) { self.file = file }

    func error(_ line: Int, _ message: String) -> ConfigError {
        ConfigError(file: file, line: line, message: message)
    }

    mutating func consume(line raw: String, number: Int) throws {
        let line = raw.trimmingCharacters(in: .whitespaces)
        if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { return }
        if line.hasPrefix("[") {
            try openSection(line, number: number)
            return
        }
        guard let equals = line.firstIndex(of: "=") else {
            throw error(number, "expected 'key = value' or a [section] header")
        }
        let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { throw error(number, "missing key before '='") }
        guard let section else { throw error(number, "key '\(key)' is outside any section") }
        guard !value.isEmpty else { throw error(number, "empty value for '\(key)'") }
        try set(key: key, value: value, in: section, line: number)
    }

    mutating func openSection(_ line: String, number: Int) throws {
        try closeSection()
        guard line.hasSuffix("]") else { throw error(number, "unterminated section header (missing ']')") }
        let inside = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        let kind: String, name: String?
        if let quote = inside.firstIndex(of: "\"") {
            kind = inside[..<quote].trimmingCharacters(in: .whitespaces).lowercased()
            let rest = inside[inside.index(after: quote)...]
            guard rest.count >= 1, rest.hasSuffix("\""), !rest.dropLast().contains("\"") else {
                throw error(number, "section name must be one quoted string, like [suite \"quick\"]")
            }
            name = String(rest.dropLast())
        } else {
            kind = inside.lowercased()
            name = nil
        }
        let identity = kind + (name.map { " \"\($0)\"" } ?? "")
        if let first = seenSections[identity] {
            throw error(number, "[\(identity)] appears twice (first on line \(first))")
        }
        seenSections[identity] = number
        sectionLine = number
        seenKeys = [:]
        switch (kind, name) {
        case ("suite", let name?) where !name.isEmpty:
            config.suites.append(VibeConfig.Suite(name: name, paths: []))
            section = .suite(index: config.suites.count - 1)
        case ("accept", let name?) where !name.isEmpty:
            config.accepted.append(VibeConfig.AcceptedRegression(key: name, reason: "", line: number))
            section = .accept(index: config.accepted.count - 1)
        case ("suite", _), ("accept", _):
            throw error(number, "[\(kind)] needs a name, like [\(kind) \"\(kind == "suite" ? "quick" : "test/select1.test")\"]")
        case ("baseline", nil): section = .baseline
        case ("hook", nil): section = .hook
        case ("baseline", _), ("hook", _):
            throw error(number, "[\(kind)] takes no name")
        default:
            throw error(number, "unknown section [\(inside)] (expected suite, baseline, hook or accept)")
        }
    }

    mutating func set(key: String, value: String, in section: Section, line: Int) throws {
        let repeatable = key == "path"
        if !repeatable, let first = seenKeys[key] {
            throw error(line, "'\(key)' is set twice in this section (first on line \(first))")
        }
        seenKeys[key] = line
        switch (section, key) {
        case (.suite(let index), "path"):
            config.suites[index].paths.append(value)
        case (.suite(let index), "timeout"):
            config.suites[index].timeout = try duration(value, line: line)
        case (.baseline, "branch"):
            config.baselineBranch = value
        case (.hook, "suite"):
            config.hookSuite = value
            suiteReferences.append((value, line, "hook suite"))
        case (.hook, "policy"):
            guard let policy = VibeConfig.Policy(rawValue: value.lowercased()) else {
                throw error(line, "policy must be 'block' or 'warn', not '\(value)'")
            }
            config.policy = policy
        case (.hook, "time-budget"):
            config.timeBudget = try duration(value, line: line)
        case (.hook, "build"):
            config.buildCommand = value
        case (.accept(let index), "reason"):
            config.accepted[index].reason = value
        case (.accept(let index), "suite"):
            config.accepted[index].suite = value
            suiteReferences.append((value, line, "accepted regression's suite"))
        default:
            let expected: String
            switch section {
            case .suite: expected = "path, timeout"
            case .baseline: expected = "branch"
            case .hook: expected = "suite, policy, time-budget, build"
            case .accept: expected = "reason, suite"
            }
            throw error(line, "unknown key '\(key)' in this section (expected \(expected))")
        }
    }

    /// Checks the section being left is complete.
    mutating func closeSection() throws {
        switch section {
        case .suite(let index) where config.suites[index].paths.isEmpty:
            throw error(sectionLine, "suite \"\(config.suites[index].name)\" has no path")
        case .accept(let index) where config.accepted[index].reason.isEmpty:
            throw error(sectionLine, "accepted regression \"\(config.accepted[index].key)\" needs a reason")
        default:
            break
        }
        section = nil
    }

    mutating func finish() throws -> VibeConfig {
        try closeSection()
        let names = Set(config.suites.map(\.name))
        for reference in suiteReferences where !names.contains(reference.name) {
            throw error(reference.line, "\(reference.key) '\(reference.name)' is not a defined suite")
        }
        return config
    }

    func duration(_ text: String, line: Int) throws -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        var digits = Substring(text.lowercased()), scale = 1
        if let last = digits.last, let unit = units[last] {
            scale = unit
            digits = digits.dropLast()
        }
        guard let number = Int(digits), number > 0, number <= Int(Int32.max) / scale else {
            throw error(line, "invalid duration '\(text)' (use seconds, or a number followed by s, m or h)")
        }
        return number * scale
    }
}
