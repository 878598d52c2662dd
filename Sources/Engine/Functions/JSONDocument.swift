// JSON text as SQLite's json1 reads and writes it: a parser that keeps numbers and strings as
// written (json('[1.50]') is [1.50]), nesting at most 2000 deep as sqlite3 3.40 allows, and a
// minifying writer. Malformed text is an error, never a trap.

/// One JSON value. Numbers and strings keep their text as written (strings still escaped).
indirect enum JSONNode: Equatable {
    case null
    case bool(Bool)
    case number(String, isInteger: Bool)
    case string(escaped: String)
    case array([JSONNode])
    case object([JSONMember])

    /// The minified JSON text.
    var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n, _): out += n
        case .string(let s): out += "\""; out += s; out += "\""
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                out += "\""; out += member.key; out += "\":"
                member.value.write(into: &out)
            }
            out += "}"
        }
    }

    /// json_type()'s name for the value.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(_, let isInteger): return isInteger ? "integer" : "real"
        case .string: return "text"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The value as SQL sees it (json_extract, ->>): NULL, 1/0, a number, unescaped text, or
    /// the minified text of an array or object.
    var sqlValue: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .integer(b ? 1 : 0)
        case .number(let n, let isInteger):
            if isInteger, let i = Int64(n) { return .integer(i) }
            if isInteger, n.hasPrefix("-") { return .real(Double(n) ?? 0) }
            return .real(Double(n) ?? 0)
        case .string(let s): return .text(JSONText.unescape(s))
        case .array, .object: return .text(text)
        }
    }
}

/// An object's member: the key as written (escaped) and its value.
struct JSONMember: Equatable {
    var key: String
    var value: JSONNode
}

/// Parses JSON text, as SQLite's jsonParse does.
struct JSONParser {
    /// sqlite3 3.40 accepts 2000 levels of nesting and refuses 2001 (JSON_MAX_DEPTH).
    static let maximumDepth = 2000

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) { bytes = Array(text.utf8) }

    /// The value the text holds, or "malformed JSON".
    static func parse(_ text: String) throws -> JSONNode {
        var parser = JSONParser(text)
        guard let node = try parser.value(depth: 0) else { throw JSONParser.malformed }
        parser.skipSpace()
        guard parser.index == parser.bytes.count else { throw JSONParser.malformed }
        return node
    }

    static func isValid(_ text: String) -> Bool { (try? parse(text)) != nil }

    static var malformed: SQLError { SQLError(.runtime, "malformed JSON") }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func value(depth: Int) throws -> JSONNode? {
        guard depth < JSONParser.maximumDepth else { return nil }
        try StackGuard.check()
        skipSpace()
        guard let c = peek() else { return nil }
        switch c {
        case UInt8(ascii: "{"):
            index += 1
            var members: [JSONMember] = []
            skipSpace()
            if peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipSpace()
                guard peek() == UInt8(ascii: "\""), let key = string() else { return nil }
                skipSpace()
                guard peek() == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let v = try value(depth: depth + 1) else { return nil }
                members.append(JSONMember(key: key, value: v))
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                if peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
                return nil
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [JSONNode] = []
            skipSpace()
            if peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                guard let v = try value(depth: depth + 1) else { return nil }
                items.append(v)
                skipSpace()
                if peek() == UInt8(ascii: ",") { index += 1; continue }
                if peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
                return nil
            }
        case UInt8(ascii: "\""):
            return string().map { .string(escaped: $0) }
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default:
            return number()
        }
    }

    private mutating func literal(_ word: String, _ node: JSONNode) -> JSONNode? {
        let w = Array(word.utf8)
        guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else { return nil }
        index += w.count
        // `truex` is not `true`: a letter or digit may not follow.
        if let c = peek(), isAlphanumeric(c) { return nil }
        return node
    }

    private func isAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    private func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }

    /// A string's content between the quotes, still escaped; nil when an escape or a control
    /// character is invalid or the closing quote is missing.
    private mutating func string() -> String? {
        index += 1
        let start = index
        while let c = peek() {
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return s
            }
            if c < 0x20 { return nil }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard let e = peek() else { return nil }
                if e == UInt8(ascii: "u") {
                    for k in 1...4 {
                        guard index + k < bytes.count, isHex(bytes[index + k]) else { return nil }
                    }
                    index += 5
                    continue
                }
                guard [UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                       UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t")].contains(e) else { return nil }
            }
            index += 1
        }
        return nil
    }

    private func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    private mutating func number() -> JSONNode? {
        let start = index
        var isInteger = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard isDigit(peek()) else { return nil }
        if peek() == UInt8(ascii: "0") {
            index += 1
            if isDigit(peek()) { return nil }
        } else {
            while isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard isDigit(peek()) else { return nil }
            while isDigit(peek()) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard isDigit(peek()) else { return nil }
            while isDigit(peek()) { index += 1 }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self), isInteger: isInteger)
    }
}

/// Escaping and unescaping of JSON string content.
enum JSONText {
    /// The content of a JSON string for a SQL text (quotes and backslashes escaped, control
    /// characters as \uXXXX, as SQLite's jsonAppendString writes them).
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A JSON string's content with its escapes resolved (a lone surrogate becomes U+FFFD).
    static func unescape(_ s: String) -> String {
        guard s.utf8.contains(UInt8(ascii: "\\")) else { return s }
        var out = String.UnicodeScalarView()
        var scalars = Array(s.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            guard c == "\\", let e = scalars.popFirst() else { out.append(c); continue }
            switch e {
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                var code = hexValue(&scalars)
                if (0xD800...0xDBFF).contains(code), scalars.starts(with: ["\\", "u"]) {
                    var lookahead = scalars.dropFirst(2)
                    let low = hexValue(&lookahead)
                    if (0xDC00...0xDFFF).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        scalars = lookahead
                    }
                }
                out.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: out.append(e)
            }
        }
        return String(out)
    }

    private static func hexValue(_ scalars: inout ArraySlice<Unicode.Scalar>) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let c = scalars.first, let d = UInt32(String(c), radix: 16) else { break }
            v = v * 16 + d
            scalars.removeFirst()
        }
        return v
    }
}
