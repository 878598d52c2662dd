// Conversions between storage classes, exactly as SQLite's CAST and affinity rules make them.

extension Value {
    /// CAST(self AS INTEGER).
    public func castToInteger() -> Value {
        switch self {
        case .null: return .null
        case .integer: return self
        default: return .integer(int64Value)
        }
    }

    /// CAST(self AS REAL).
    public func castToReal() -> Value {
        switch self {
        case .null: return .null
        case .real: return self
        default: return .real(doubleValue)
        }
    }

    /// CAST(self AS TEXT); NULL stays NULL.
    public func castToText() -> Value {
        switch self {
        case .null, .text, .invalidText: return self
        case .integer(let i): return .text(String(i))
        case .real(let d): return .text(formatReal(d))
        case .blob(let b): return .text(bytes: b)
        }
    }

    /// CAST(self AS NUMERIC).
    public func castToNumeric() -> Value {
        switch self {
        case .null, .integer, .real: return self
        case .text(let s): return withUTF8Bytes(s, numerify)
        case .invalidText(let b), .blob(let b): return b.withUnsafeBufferPointer(numerify)
        }
    }

    /// CAST(self AS BLOB).
    public func castToBlob() -> Value {
        switch self {
        case .null, .blob: return self
        case .text(let s): return .blob(Array(s.utf8))
        case .invalidText(let b): return .blob(b)
        case .integer(let i): return .blob(Array(String(i).utf8))
        case .real(let d): return .blob(Array(formatReal(d).utf8))
        }
    }

    /// The text SQLite shows for this value (sqlite3_column_text): integers in decimal,
    /// reals as formatReal gives them, blobs as their bytes read as UTF-8; nil for NULL. Bytes
    /// that are not valid UTF-8 read as U+FFFD here: code that must keep them reads
    /// `withTextBytes` instead.
    public var textForm: String? {
        switch self {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return formatReal(d)
        case .text(let s): return s
        case .invalidText(let b), .blob(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    /// The value as sqlite3_value_numeric_type reads it: integers and reals as they are, text
    /// that is a well-formed number as that number; nil for NULL, blobs and any other text.
    var wellFormedNumber: Value? {
        switch self {
        case .integer, .real: return self
        case .text(let s): return parseNumericText(s)
        case .null, .blob, .invalidText: return nil
        }
    }

    /// The value as a number for arithmetic: integers and reals as they are, text and blobs
    /// read as their longest numeric prefix (0 when there is none), NULL stays NULL.
    public var numericValue: Value {
        switch self {
        case .null, .integer, .real: return self
        case .text(let s): return withUTF8Bytes(s, arithmeticNumber)
        case .invalidText(let b), .blob(let b): return b.withUnsafeBufferPointer(arithmeticNumber)
        }
    }

    /// sqlite3_value_int64: the value as an integer (text by its integer prefix, reals truncated
    /// and saturated, NULL as 0).
    var int64Value: Int64 {
        switch self {
        case .null: return 0
        case .integer(let i): return i
        case .real(let d): return realToInt64(d)
        case .text(let s): return withUTF8Bytes(s) { parseInteger($0).value }
        case .invalidText(let b), .blob(let b): return b.withUnsafeBufferPointer { parseInteger($0).value }
        }
    }

    /// sqlite3_value_double: the value as a real (text by its numeric prefix, NULL as 0.0).
    var doubleValue: Double {
        switch self {
        case .null: return 0
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return withUTF8Bytes(s) { parseReal($0).value }
        case .invalidText(let b), .blob(let b): return b.withUnsafeBufferPointer { parseReal($0).value }
        }
    }

    /// sqlite3_value_int: sqlite3_value_int64 cut to 32 bits, as C's cast does.
    var int32Value: Int32 { Int32(truncatingIfNeeded: int64Value) }
}

/// sqlite3VdbeMemNumerify (CAST AS NUMERIC): integer when the text reads as one, or as a real
/// that is a small whole number; otherwise real.
private func numerify(_ z: UnsafeBufferPointer<UInt8>) -> Value {
    let real = parseReal(z)
    if real.kind == 0 || real.kind == 1 {
        let integer = parseInteger(z)
        if integer.status <= 1 { return .integer(integer.value) }
    }
    let truncated = realToInt64(real.value)
    if realIsSameAsInt(real.value, truncated) { return .integer(truncated) }
    return .real(real.value)
}

/// computeNumericType in vdbe.c: how arithmetic reads text and blobs.
private func arithmeticNumber(_ z: UnsafeBufferPointer<UInt8>) -> Value {
    let real = parseReal(z)
    if real.kind <= 0 {
        if real.kind == 0 {
            let integer = parseInteger(z)
            if integer.status <= 1 { return .integer(integer.value) }
        }
        return .real(real.value)
    }
    if real.kind == 1 {
        let integer = parseInteger(z)
        if integer.status == 0 { return .integer(integer.value) }
    }
    return .real(real.value)
}

/// Reads a whole text as a number, as NUMERIC/INTEGER/REAL column affinity does: integer when it
/// is an integer literal that fits in 64 bits, real when it is any other well-formed number;
/// nil when the text (leading and trailing spaces allowed) is not a number.
public func parseNumericText(_ s: String) -> Value? {
    withUTF8Bytes(s) { z -> Value? in
        let real = parseReal(z)
        if real.kind <= 0 { return nil }
        if real.kind == 1 {
            let integer = parseInteger(z)
            if integer.status == 0 { return .integer(integer.value) }
        }
        return .real(real.value)
    }
}
