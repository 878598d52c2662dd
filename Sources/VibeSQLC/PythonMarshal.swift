// Batches in the format of Python's marshal module, so a Python binding moves a whole row set
// or parameter set through one call and decodes it with marshal.loads (in C) instead of one
// foreign call per value. Only what SQL values need is read and written: None, bool, int,
// float, str, bytes, tuple, list and dict (with str keys), as marshal version 2 writes them
// (no references). The codes are those of CPython's Python/marshal.c.
import Engine

enum MarshalCode {
    static let null: UInt8 = 0x30        // '0': ends a dict
    static let none: UInt8 = 0x4E        // 'N'
    static let falseValue: UInt8 = 0x46  // 'F'
    static let trueValue: UInt8 = 0x54   // 'T'
    static let int32: UInt8 = 0x69       // 'i'
    static let long: UInt8 = 0x6C        // 'l': sign and count of 15-bit digits, then the digits
    static let binaryFloat: UInt8 = 0x67 // 'g'
    static let unicode: UInt8 = 0x75     // 'u'
    static let interned: UInt8 = 0x74    // 't'
    static let ascii: UInt8 = 0x61       // 'a'
    static let asciiInterned: UInt8 = 0x41  // 'A'
    static let shortAscii: UInt8 = 0x7A  // 'z'
    static let shortAsciiInterned: UInt8 = 0x5A  // 'Z'
    static let bytes: UInt8 = 0x73       // 's'
    static let tuple: UInt8 = 0x28       // '('
    static let smallTuple: UInt8 = 0x29  // ')'
    static let list: UInt8 = 0x5B        // '['
    static let dict: UInt8 = 0x7B        // '{'
    static let referenceFlag: UInt8 = 0x80
}

/// A growing buffer whose address the caller may hold until the next write.
final class ByteWriter {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    func reset() { count = 0 }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    func byte(_ value: UInt8) {
        reserve(1)
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    func int32(_ value: Int32) {
        reserve(4)
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: Int32.self)
        count += 4
    }

    func raw<T>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        withUnsafeBytes(of: value) { (base + count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        count += MemoryLayout<T>.size
    }

    func bytes(_ source: UnsafeRawBufferPointer) {
        guard let start = source.baseAddress, source.count > 0 else { return }
        reserve(source.count)
        (base + count).copyMemory(from: start, byteCount: source.count)
        count += source.count
    }
}

// MARK: Writing rows

extension ByteWriter {
    /// Rows as a marshal list of tuples. With `textAsBytes`, each text is a one-element tuple
    /// of its bytes; without, a text that is not valid UTF-8 fails, naming its column, as
    /// Python's sqlite3 fails to decode it.
    func writeRows(_ rows: ArraySlice<[Value]>, textAsBytes: Bool = false,
                   columnName: (Int) -> String = { String($0) }) throws {
        byte(MarshalCode.list)
        int32(Int32(rows.count))
        for row in rows {
            byte(MarshalCode.tuple)
            int32(Int32(row.count))
            for (column, value) in row.enumerated() {
                switch value {
                case .text(var text) where textAsBytes:
                    byte(MarshalCode.smallTuple)
                    byte(1)
                    try text.withUTF8 { try writeBytes(UnsafeRawBufferPointer($0)) }
                case .invalidText(let text) where textAsBytes:
                    byte(MarshalCode.smallTuple)
                    byte(1)
                    try text.withUnsafeBytes { try writeBytes($0) }
                case .invalidText(let text):
                    throw undecodable(text, column: columnName(column))
                default:
                    try write(value)
                }
            }
        }
    }

    /// Python's sqlite3 message for a text it cannot decode (the text shown with U+FFFD).
    @inline(never)
    private func undecodable(_ text: [UInt8], column: String) -> InterfaceError {
        InterfaceError(code: Status.error,
                       message: "Could not decode to UTF-8 column '\(column)' with text '\(String(decoding: text, as: UTF8.self))'")
    }

    /// A marshal bytes object.
    private func writeBytes(_ source: UnsafeRawBufferPointer) throws {
        byte(MarshalCode.bytes)
        try writeLength(source.count)
        bytes(source)
    }

    func write(_ value: Value) throws {
        switch value {
        case .null:
            byte(MarshalCode.none)
        case .integer(let integer):
            if let small = Int32(exactly: integer) {
                byte(MarshalCode.int32)
                int32(small)
            } else {
                writeLong(integer)
            }
        case .real(let real):
            byte(MarshalCode.binaryFloat)
            raw(real.bitPattern.littleEndian)
        case .text(var text):
            byte(MarshalCode.unicode)
            try writeLength(text.utf8.count)
            text.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
        case .invalidText(let text):
            throw undecodable(text, column: "?")
        case .blob(let blob):
            byte(MarshalCode.bytes)
            try writeLength(blob.count)
            blob.withUnsafeBytes { bytes($0) }
        }
    }

    private func writeLength(_ length: Int) throws {
        guard let length32 = Int32(exactly: length) else {
            throw InterfaceError(code: Status.tooBig, message: "a value of \(length) bytes is too big to hand over")
        }
        int32(length32)
    }

    /// An integer outside 32 bits: 15-bit digits, least significant first, the count signed.
    private func writeLong(_ integer: Int64) {
        var magnitude = integer.magnitude
        var digits: [UInt16] = []
        while magnitude > 0 {
            digits.append(UInt16(magnitude & 0x7FFF))
            magnitude >>= 15
        }
        byte(MarshalCode.long)
        int32(Int32(integer < 0 ? -digits.count : digits.count))
        for digit in digits { raw(digit.littleEndian) }
    }
}

// MARK: Reading parameters

/// Reads marshal data handed in by the caller; every malformed or unsupported input throws.
struct MarshalReader {
    let buffer: UnsafeRawBufferPointer
    var offset = 0

    init(_ pointer: UnsafeRawPointer?, _ length: Int64) {
        buffer = UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : max(0, Int(length)))
    }

    var atEnd: Bool { offset >= buffer.count }

    private func truncated() -> InterfaceError {
        InterfaceError(code: Status.misuse, message: "marshal data ends early (byte \(offset))")
    }

    mutating func byte() throws -> UInt8 {
        guard offset < buffer.count else { throw truncated() }
        defer { offset += 1 }
        return buffer[offset]
    }

    mutating func int32() throws -> Int32 {
        guard offset + 4 <= buffer.count else { throw truncated() }
        defer { offset += 4 }
        return Int32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    mutating func uint16() throws -> UInt16 {
        guard offset + 2 <= buffer.count else { throw truncated() }
        defer { offset += 2 }
        return UInt16(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    mutating func slice(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, offset + count <= buffer.count else { throw truncated() }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<(offset + count)])
    }

    /// The count of a tuple or list whose code was just read.
    mutating func count(after code: UInt8) throws -> Int {
        code == MarshalCode.smallTuple ? Int(try byte()) : Int(try int32())
    }

    /// One SQL value; anything else (a list, a set, a complex number...) is a type error.
    mutating func value(parameter: Int) throws -> Value {
        let code = try byte()
        switch code {
        case MarshalCode.none: return .null
        case MarshalCode.trueValue: return .integer(1)
        case MarshalCode.falseValue: return .integer(0)
        case MarshalCode.int32: return .integer(Int64(try int32()))
        case MarshalCode.long: return .integer(try long(parameter: parameter))
        case MarshalCode.binaryFloat:
            guard offset + 8 <= buffer.count else { throw truncated() }
            defer { offset += 8 }
            let real = Double(bitPattern: UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            return real.isNaN ? .null : .real(real)
        case MarshalCode.unicode, MarshalCode.interned:
            // marshal writes a str's lone surrogates as bytes that are not UTF-8: refused, as
            // Python's sqlite3 refuses to encode them.
            guard let text = String(validating: try slice(Int(try int32())), as: UTF8.self) else {
                throw InterfaceError(code: Status.encoding, message: "parameter \(parameter): surrogates not allowed")
            }
            return .text(text)
        case MarshalCode.ascii, MarshalCode.asciiInterned:
            return .text(String(decoding: try slice(Int(try int32())), as: UTF8.self))
        case MarshalCode.shortAscii, MarshalCode.shortAsciiInterned:
            return .text(String(decoding: try slice(Int(try byte())), as: UTF8.self))
        case MarshalCode.bytes:
            return .blob(Array(try slice(Int(try int32()))))
        default:
            throw InterfaceError(code: Status.type, message:
                "parameter \(parameter): unsupported type (marshal code 0x\(String(code, radix: 16)))")
        }
    }

    private mutating func long(parameter: Int) throws -> Int64 {
        let signedCount = Int(try int32())
        var magnitude: UInt64 = 0
        var shift: UInt64 = 0
        var overflow = false
        for _ in 0..<signedCount.magnitude {
            let digit = UInt64(try uint16())
            if digit != 0 && (shift > 63 || (digit << shift) >> shift != digit) { overflow = true }
            if shift <= 63 { magnitude |= digit << shift }
            shift += 15
        }
        let limit: UInt64 = signedCount < 0 ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard !overflow, magnitude <= limit else {
            throw InterfaceError(code: Status.tooBig, message: "parameter \(parameter): Python int too large to convert to SQLite INTEGER")
        }
        return signedCount < 0 ? Int64(truncatingIfNeeded: 0 &- magnitude) : Int64(magnitude)
    }

    /// One parameter set into the statement's bindings: a tuple or list by position, a dict by
    /// name (keys without the prefix, as CPython's sqlite3 takes them).
    mutating func bindParameters(of statement: Statement) throws {
        try readParameters(into: &statement.bindings, names: statement.parameterNames)
    }

    /// One parameter set into `values` (as many as the statement has parameters), `names`
    /// giving each named parameter's name with its prefix by number.
    mutating func readParameters(into values: inout [Value], names: [Int: CString]) throws {
        let code = try byte()
        let expected = values.count
        if code == MarshalCode.dict {
            var supplied: [String: Value] = [:]
            while true {
                let keyCode = buffer.count > offset ? buffer[offset] : MarshalCode.null
                if keyCode == MarshalCode.null { offset += 1; break }
                guard case .text(let key) = try value(parameter: 0) else {
                    throw InterfaceError(code: Status.range, message: "parameter names must be strings")
                }
                supplied[key] = try value(parameter: 0)
            }
            for number in stride(from: 1, through: expected, by: 1) {
                guard let name = names[number] else {
                    throw InterfaceError(code: Status.range, message: "Binding \(number) has no name, but you supplied a dictionary (which has only names).")
                }
                let key = String(String(cString: name.pointer).dropFirst())
                guard let value = supplied[key] else {
                    throw InterfaceError(code: Status.range, message: "You did not supply a value for binding parameter \(String(cString: name.pointer)).")
                }
                values[number - 1] = value
            }
        } else if code == MarshalCode.tuple || code == MarshalCode.smallTuple || code == MarshalCode.list {
            let count = try count(after: code)
            guard count == expected else {
                throw InterfaceError(code: Status.range, message: "Incorrect number of bindings supplied. The current statement uses \(expected), and there are \(count) supplied.")
            }
            for number in 0..<count { values[number] = try value(parameter: number + 1) }
        } else {
            throw InterfaceError(code: Status.type, message: "parameters are of unsupported type")
        }
    }
}
