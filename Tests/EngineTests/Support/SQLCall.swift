// Test support: evaluates "name(literal, ...)" through the function registry, so case tables can
// hold the very SQL text whose answer was taken from sqlite3.
import XCTest
@testable import Engine

/// Parses one SQL literal: NULL, an integer, a real, 'text' or x'hex'.
func sqlLiteral(_ raw: Substring) -> Value {
    let s = raw.trimmingCharacters(in: " ")
    if s.uppercased() == "NULL" { return .null }
    if s.hasPrefix("'") && s.hasSuffix("'") && s.count >= 2 {
        return .text(String(s.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'"))
    }
    if (s.hasPrefix("x'") || s.hasPrefix("X'")) && s.hasSuffix("'") {
        let hex = Array(s.dropFirst(2).dropLast().utf8)
        var bytes: [UInt8] = []
        var k = 0
        while k + 1 < hex.count {
            bytes.append(UInt8(String(decoding: hex[k...k + 1], as: UTF8.self), radix: 16) ?? 0)
            k += 2
        }
        return .blob(bytes)
    }
    if let i = Int64(s) { return .integer(i) }
    return .real(Array(s.utf8).withUnsafeBufferPointer { parseReal($0).value })
}

/// Splits "a, 'b,c', f(d, e)" at the commas outside quotes and parentheses.
func splitArguments(_ s: Substring) -> [Substring] {
    var parts: [Substring] = []
    var inQuote = false
    var depth = 0
    var start = s.startIndex
    var i = s.startIndex
    while i < s.endIndex {
        let c = s[i]
        if c == "'" { inQuote.toggle() }
        if !inQuote && c == "(" { depth += 1 }
        if !inQuote && c == ")" { depth -= 1 }
        if c == "," && !inQuote && depth == 0 { parts.append(s[start..<i]); start = s.index(after: i) }
        i = s.index(after: i)
    }
    let last = s[start...]
    if !parts.isEmpty || !last.trimmingCharacters(in: " ").isEmpty { parts.append(last) }
    return parts
}

/// Calls the scalar function in `call` ("substr('hello', 2)") with literal arguments.
func evaluateCall(_ call: String) throws -> Value {
    guard let open = call.firstIndex(of: "("), call.hasSuffix(")") else {
        throw SQLError(.syntax, "bad call \(call)")
    }
    let name = String(call[..<open])
    let inner = call[call.index(after: open)..<call.index(before: call.endIndex)]
    let args = try splitArguments(inner).map { arg -> Value in
        let text = arg.drop { $0 == " " }
        if !text.hasPrefix("'"), !text.lowercased().hasPrefix("x'"), text.contains("(") {
            return try evaluateCall(String(text))
        }
        return sqlLiteral(arg)
    }
    guard let function = FunctionRegistry.scalar(name, argumentCount: args.count) else {
        if FunctionRegistry.exists(name) {
            throw SQLError(.unknownFunction, "wrong number of arguments to function \(name)")
        }
        throw SQLError(.unknownFunction, "no such function: \(name)")
    }
    return try function.body(args)
}

/// What sqlite3 shows for `select quote(x)`, or "error: message".
func quoted(_ result: Result<Value, Error>) -> String {
    switch result {
    case .success(let v): return (try? CoreFunctions.quote(v))?.textForm ?? "error: string or blob too big"
    case .failure(let e as SQLError): return "error: \(e.message)"
    case .failure(let e): return "error: \(e)"
    }
}

extension String {
    fileprivate func trimmingCharacters(in c: Character) -> String {
        String(drop { $0 == c }.reversed().drop { $0 == c }.reversed())
    }
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in c: Character) -> String { String(self).trimmingCharacters(in: c) }
}
