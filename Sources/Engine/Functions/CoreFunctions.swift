// Core scalar functions: abs, coalesce, length, substr, ... (SQLite's lang_corefunc.html).
// Text functions live in CoreFunctions+Text.swift; each follows sqlite3's NULL rules.

enum CoreFunctions {
    static let all: [ScalarFunction] = general + CoreFunctions.text + MathFunctions.all

    /// SQLITE_MAX_FUNCTION_ARG: the most arguments a call may have.
    static let maxArguments = 127

    /// SQLITE_MAX_LENGTH: the largest string or blob a function may make.
    static let maxLength = Int64(Limits.length)

    /// One entry per allowed argument count from `minimum` up, for functions such as max() whose
    /// one-argument form is an aggregate and must not match here.
    static func variadic(_ name: String, minimum: Int,
                         _ body: @escaping @Sendable ([Value]) throws -> Value) -> [ScalarFunction] {
        (minimum...maxArguments).map { ScalarFunction(name, arity: $0, body) }
    }

    static let general: [ScalarFunction] = [
        ScalarFunction("abs", arity: 1) { a in try absolute(a[0]) },
        ScalarFunction("ifnull", arity: 2) { a in a[0].isNull ? a[1] : a[0] },
        ScalarFunction("iif", arity: 3) { a in truth(a[0]) == true ? a[1] : a[2] },
        ScalarFunction("nullif", arity: 2) { a in Value.compare(a[0], a[1]) == 0 ? .null : a[0] },
        ScalarFunction("likely", arity: 1) { a in a[0] },
        ScalarFunction("unlikely", arity: 1) { a in a[0] },
        ScalarFunction("likelihood", arity: 2) { a in a[0] },
        ScalarFunction("typeof", arity: 1) { a in .text(a[0].typeName) },
        ScalarFunction("sign", arity: 1) { a in sign(a[0]) },
        ScalarFunction("round", arity: 1) { a in round(a[0], digits: .integer(0)) },
        ScalarFunction("round", arity: 2) { a in round(a[0], digits: a[1]) },
        ScalarFunction("random", arity: 0, deterministic: false) { _ in
            .integer(Int64.random(in: Int64.min...Int64.max))
        },
        ScalarFunction("randomblob", arity: 1, deterministic: false) { a in
            let n = try blobLength(a[0])
            var bytes = [UInt8](repeating: 0, count: max(Int(n), 1))
            var generator = SystemRandomNumberGenerator()
            for k in bytes.indices { bytes[k] = generator.next() }
            return .blob(bytes)
        },
        ScalarFunction("zeroblob", arity: 1) { a in
            .blob([UInt8](repeating: 0, count: Int(try blobLength(a[0]))))
        },
        ScalarFunction("quote", arity: 1) { a in try quote(a[0]) },
        ScalarFunction("hex", arity: 1) { a in .text(try hex(a[0])) },
        ScalarFunction("printf", arity: -1) { a in printf(a) },
        ScalarFunction("format", arity: -1) { a in printf(a) },
    ]
    + variadic("coalesce", minimum: 2) { a in a.first { !$0.isNull } ?? .null }
    + variadic("max", minimum: 2) { a in extreme(a, wantMax: true) }
    + variadic("min", minimum: 2) { a in extreme(a, wantMax: false) }

    /// SQLite's truth value of a condition: nil for NULL, otherwise "is it non-zero".
    static func truth(_ v: Value) -> Bool? {
        switch v {
        case .null: return nil
        case .integer(let i): return i != 0
        default: return v.doubleValue != 0
        }
    }

    @inline(never)
    static func overflow() -> SQLError { SQLError(.runtime, "integer overflow") }

    @inline(never)
    static func tooBig() -> SQLError { SQLError.tooBig }

    /// abs(): integers stay integers (abs of the smallest one overflows); other non-NULL values
    /// become reals.
    static func absolute(_ v: Value) throws -> Value {
        switch v {
        case .null: return .null
        case .integer(let i):
            if i == Int64.min { throw overflow() }
            return .integer(i < 0 ? -i : i)
        default:
            let d = v.doubleValue
            return .real(d < 0 ? -d : d)
        }
    }

    /// sign(): -1, 0 or +1 for numbers and numeric text; NULL for anything else.
    static func sign(_ v: Value) -> Value {
        guard let number = v.wellFormedNumber else { return .null }
        let d = number.doubleValue
        return .integer(d < 0 ? -1 : (d > 0 ? 1 : 0))
    }

    /// round(x, n) as SQLite 3.40 does it: through printf("%.*f") for n > 0, so results match
    /// sqlite3 digit for digit.
    static func round(_ x: Value, digits: Value) -> Value {
        if digits.isNull || x.isNull { return .null }
        let n = min(max(Int(digits.int32Value), 0), 30)
        let r = x.doubleValue
        if r < -4503599627370496.0 || r > 4503599627370496.0 { return .real(r) }  // no fraction
        if n == 0 { return .real(Double(Int64(r + (r < 0 ? -0.5 : 0.5)))) }
        let text = formatRealBytes(r, RealFormatOptions(style: .fixed, precision: n))
        return .real(text.withUnsafeBufferPointer { parseReal($0).value })
    }

    /// The byte count asked of zeroblob()/randomblob(): negative means 0; beyond the limit fails.
    static func blobLength(_ v: Value) throws -> Int64 {
        let n = v.int64Value
        if n > maxLength { throw tooBig() }
        return max(n, 0)
    }

    /// Scalar max()/min(): NULL if any argument is; ties keep the first for max and the last
    /// for min, as sqlite3's minmaxFunc does.
    static func extreme(_ a: [Value], wantMax: Bool) -> Value {
        var best = 0
        if a[0].isNull { return .null }
        for k in 1..<a.count {
            if a[k].isNull { return .null }
            let c = Value.compare(a[best], a[k])
            if wantMax ? c < 0 : c >= 0 { best = k }
        }
        return a[best]
    }

    static func printf(_ a: [Value]) -> Value {
        guard let format = a.first?.textBytes else { return .null }
        return sqlPrintf(format, a.dropFirst()).map { Value.text(bytes: $0) } ?? .null
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func hexBytes(_ bytes: some Sequence<UInt8>, into out: inout [UInt8]) {
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
    }

    /// hex(): upper-case hex of a blob's bytes or of the UTF-8 of the value's text; "" for NULL.
    static func hex(_ v: Value) throws -> String {
        var out: [UInt8] = []
        switch v {
        case .null: return ""
        case .blob(let b):
            try Limits.checkLength(2 * b.count)
            out.reserveCapacity(b.count * 2)
            hexBytes(b, into: &out)
        case .invalidText(let b):
            try Limits.checkLength(2 * b.count)
            hexBytes(b, into: &out)
        default:
            let text = v.textForm ?? ""
            try Limits.checkLength(2 * text.utf8.count)
            hexBytes(text.utf8, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// quote(): the value as an SQL literal. A real that "%!.15g" does not round-trip is
    /// written with 20 digits, as sqlite3 does. Text that is not valid UTF-8 is quoted as its
    /// bytes, as sqlite3 quotes it.
    static func quote(_ v: Value) throws -> Value {
        switch v {
        case .null: return .text("NULL")
        case .integer(let i): return .text(String(i))
        case .real(let d):
            let short = formatRealBytes(d, RealFormatOptions(style: .general, precision: 15, alternateForm2: true))
            if short.withUnsafeBufferPointer({ parseReal($0).value }) == d {
                return .text(String(decoding: short, as: UTF8.self))
            }
            let long = formatRealBytes(d, RealFormatOptions(style: .exponent, precision: 20, alternateForm2: true))
            return .text(String(decoding: long, as: UTF8.self))
        case .text(let s): return .text(String(decoding: try quotedText(s.utf8), as: UTF8.self))
        case .invalidText(let b): return .text(bytes: try quotedText(b))
        case .blob(let b):
            try Limits.checkLength(2 * b.count + 3)
            var out: [UInt8] = [UInt8(ascii: "X"), UInt8(ascii: "'")]
            hexBytes(b, into: &out)
            out.append(UInt8(ascii: "'"))
            return .text(String(decoding: out, as: UTF8.self))
        }
    }

    /// A text's bytes in single quotes, quotes doubled.
    private static func quotedText<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws -> [UInt8] {
        // sqlite3 quotes the text as a C string: it ends at a NUL.
        let text = bytes.prefix(while: { $0 != 0 })
        // Each ' doubles: the length is known before anything is built.
        var quotes = 0
        for b in text where b == UInt8(ascii: "'") { quotes += 1 }
        try Limits.checkLength(text.count + quotes + 2)
        var out: [UInt8] = [UInt8(ascii: "'")]
        out.reserveCapacity(text.count + quotes + 2)
        for b in text {
            out.append(b)
            if b == UInt8(ascii: "'") { out.append(b) }
        }
        out.append(UInt8(ascii: "'"))
        return out
    }
}
