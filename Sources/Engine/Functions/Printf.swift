// printf()/format(): SQLite's own printf engine (sqlite3_str_vappendf) with SQL values as its
// arguments, so flags, widths and the handling of odd input follow sqlite3 rather than C.

/// A real's precision beyond this is cut (SQLITE_FP_PRECISION_LIMIT). Other widths and
/// precisions are as written; an output past Limits.length makes the result NULL, as SQLite's
/// accumulator does when it would pass SQLITE_LIMIT_LENGTH.
private let realPrecisionLimit = 100_000_000

/// The arguments of one printf call, consumed left to right; missing ones read as NULL.
private struct PrintfArguments {
    let values: ArraySlice<Value>
    var next: Int

    mutating func take() -> Value {
        guard next < values.endIndex else { return .null }
        defer { next += 1 }
        return values[next]
    }
    mutating func int64() -> Int64 { take().int64Value }
    mutating func double() -> Double { take().doubleValue }
    /// The argument as text up to its first NUL byte (printf.c reads it as a C string); nil for
    /// NULL or a missing argument.
    mutating func text() -> [UInt8]? {
        guard let bytes = take().textBytes else { return nil }
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return Array(bytes[..<nul])
    }
}

/// What a conversion letter does (SQLite's fmtinfo table).
private enum Conversion {
    case decimal(signed: Bool)
    case radix(base: UInt64, uppercase: Bool, prefix: String)
    case real(RealStyle, uppercase: Bool)
    case string, sqlEscape, sqlEscapeQuoted, sqlEscapeIdentifier, character, ordinal, size, percent

    init?(_ c: UInt8) {
        switch c {
        case UInt8(ascii: "d"), UInt8(ascii: "i"): self = .decimal(signed: true)
        case UInt8(ascii: "u"): self = .decimal(signed: false)
        case UInt8(ascii: "x"): self = .radix(base: 16, uppercase: false, prefix: "0x")
        // %p: upper-case digits under a lower-case prefix, as in printf.c's table.
        case UInt8(ascii: "p"): self = .radix(base: 16, uppercase: true, prefix: "0x")
        case UInt8(ascii: "X"): self = .radix(base: 16, uppercase: true, prefix: "0X")
        case UInt8(ascii: "o"): self = .radix(base: 8, uppercase: false, prefix: "0")
        case UInt8(ascii: "f"): self = .real(.fixed, uppercase: false)
        case UInt8(ascii: "e"): self = .real(.exponent, uppercase: false)
        case UInt8(ascii: "E"): self = .real(.exponent, uppercase: true)
        case UInt8(ascii: "g"): self = .real(.general, uppercase: false)
        case UInt8(ascii: "G"): self = .real(.general, uppercase: true)
        case UInt8(ascii: "s"), UInt8(ascii: "z"): self = .string
        case UInt8(ascii: "q"): self = .sqlEscape
        case UInt8(ascii: "Q"): self = .sqlEscapeQuoted
        case UInt8(ascii: "w"): self = .sqlEscapeIdentifier
        case UInt8(ascii: "c"): self = .character
        case UInt8(ascii: "r"): self = .ordinal
        case UInt8(ascii: "n"): self = .size
        case UInt8(ascii: "%"): self = .percent
        default: return nil
        }
    }
}

/// printf(format, args...) as SQLite's printf() SQL function computes it; nil (SQL NULL) when
/// nothing at all was written, as for printf('') or a format that starts with a bad conversion.
/// Bytes, as sqlite3 writes them: "%.1s" of 'é' is its first byte alone.
func sqlPrintf(_ format: [UInt8], _ arguments: ArraySlice<Value>) -> [UInt8]? {
    var args = PrintfArguments(values: arguments, next: arguments.startIndex)
    let fmt = Array(format.prefix(while: { $0 != 0 }))  // a C string: it ends at a NUL
    var out: [UInt8] = []
    out.reserveCapacity(fmt.count + 16)
    var wrote = false   // SQLite's accumulator stays NULL until its first append
    var i = 0
    @inline(__always) func at(_ k: Int) -> UInt8 { k < fmt.count ? fmt[k] : 0 }

    while i < fmt.count {
        if fmt[i] != UInt8(ascii: "%") {
            let start = i
            while i < fmt.count && fmt[i] != UInt8(ascii: "%") { i += 1 }
            out += fmt[start..<i]
            wrote = true
            continue
        }
        i += 1
        if i >= fmt.count { out.append(UInt8(ascii: "%")); wrote = true; break }

        var leftJustify = false, prefix: UInt8? = nil, alternate = false, alternate2 = false
        var zeroPad = false, thousands = false
        var width = 0, precision = -1
        var c = at(i)
        flags: while true {
            switch c {
            case UInt8(ascii: "-"): leftJustify = true
            case UInt8(ascii: "+"): prefix = UInt8(ascii: "+")
            case UInt8(ascii: " "): prefix = UInt8(ascii: " ")
            case UInt8(ascii: "#"): alternate = true
            case UInt8(ascii: "!"): alternate2 = true
            case UInt8(ascii: "0"): zeroPad = true
            case UInt8(ascii: ","): thousands = true
            default: break flags
            }
            i += 1
            c = at(i)
        }
        if c == UInt8(ascii: "*") {
            var w = Int(Int32(truncatingIfNeeded: args.int64()))
            if w < 0 { leftJustify = true; w = w >= -2147483647 ? -w : 0 }
            width = w
            i += 1
        } else {
            // An unsigned 32-bit accumulator, masked to 31 bits, as SQLite reads it.
            var w: UInt32 = 0
            while isDigit(at(i)) { w = w &* 10 &+ UInt32(at(i) - 0x30); i += 1 }
            width = Int(w & 0x7fff_ffff)
        }
        if at(i) == UInt8(ascii: ".") {
            i += 1
            if at(i) == UInt8(ascii: "*") {
                var p = Int(Int32(truncatingIfNeeded: args.int64()))
                if p < 0 { p = p >= -2147483647 ? -p : -1 }
                precision = p
                i += 1
            } else {
                var p: UInt32 = 0
                while isDigit(at(i)) { p = p &* 10 &+ UInt32(at(i) - 0x30); i += 1 }
                precision = Int(p & 0x7fff_ffff)
            }
        }
        while at(i) == UInt8(ascii: "l") { i += 1 }
        c = at(i)
        if c == 0 { break }
        i += 1
        // An unknown conversion ends the output, as in SQLite.
        guard let conversion = Conversion(c) else { break }
        // A field this wide cannot fit in a string: NULL, before any of it is built.
        if width > Limits.length { return nil }
        switch conversion {
        case .decimal, .ordinal, .radix, .character: if precision > Limits.length { return nil }
        case .real: precision = min(precision, realPrecisionLimit)
        default: break
        }

        var body: [UInt8] = []
        var countCharacters = false   // "!" makes width count characters, not bytes
        switch conversion {
        case .percent:
            body = [UInt8(ascii: "%")]
        case .size:
            width = 0
        case .decimal(let signed):
            body = formatInteger(args.int64(), signed: signed, base: 10, uppercase: false, radixPrefix: nil,
                                 prefix: prefix, alternate: alternate, zeroPad: zeroPad, width: width,
                                 precision: precision, thousands: thousands, ordinal: false)
        case .ordinal:
            body = formatInteger(args.int64(), signed: true, base: 10, uppercase: false, radixPrefix: nil,
                                 prefix: prefix, alternate: alternate, zeroPad: zeroPad, width: width,
                                 precision: precision, thousands: false, ordinal: true)
        case .radix(let base, let uppercase, let radixPrefix):
            body = formatInteger(args.int64(), signed: false, base: base, uppercase: uppercase,
                                 radixPrefix: radixPrefix, prefix: prefix, alternate: alternate,
                                 zeroPad: zeroPad, width: width, precision: precision,
                                 thousands: false, ordinal: false)
        case .real(let style, let uppercase):
            body = formatRealBytes(args.double(), RealFormatOptions(
                style: style, precision: precision, width: width, prefix: prefix, alternateForm: alternate,
                alternateForm2: alternate2, zeroPad: zeroPad, leftJustify: leftJustify, uppercase: uppercase))
        case .string:
            let text = args.text() ?? []
            body = precision >= 0 ? prefixOf(text, precision, characters: alternate2) : text
            countCharacters = alternate2
        case .character:
            let text = args.text() ?? []
            // An empty or NULL argument is character 0: sqlite3 writes a NUL byte for it.
            var one: [UInt8] = [0]
            if let first = text.first {
                one = []
                one.append(first)
                var k = 1
                if first & 0xC0 == 0xC0 {
                    while k < text.count && k < 4 && text[k] & 0xC0 == 0x80 { one.append(text[k]); k += 1 }
                }
            }
            body = one
            if precision > 1 {
                if precision * max(one.count, 1) > Limits.length { return nil }
                body = []
                for _ in 0..<precision { body += one }
            }
            countCharacters = true
        case .sqlEscape, .sqlEscapeQuoted, .sqlEscapeIdentifier:
            let quote: UInt8 = conversion.isIdentifierEscape ? UInt8(ascii: "\"") : UInt8(ascii: "'")
            let raw = args.text()
            let quoted = conversion.isQuoted && raw != nil
            let text = raw ?? Array((conversion.isQuoted ? "NULL" : "(NULL)").utf8)
            let used = precision >= 0 ? prefixOf(text, precision, characters: alternate2) : text
            body = []
            body.reserveCapacity(used.count + 2)
            if quoted { body.append(quote) }
            for b in used {
                body.append(b)
                if b == quote { body.append(b) }
            }
            if quoted { body.append(quote) }
            countCharacters = alternate2
        }

        wrote = true
        var fieldLength = body.count
        if countCharacters && width > 0 {
            fieldLength = body.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        let pad = width - fieldLength
        if out.count + max(pad, 0) + body.count > Limits.length { return nil }
        if pad > 0 {
            if !leftJustify { out += repeatElement(UInt8(ascii: " "), count: pad) }
            out += body
            if leftJustify { out += repeatElement(UInt8(ascii: " "), count: pad) }
        } else {
            out += body
        }
    }
    return wrote ? out : nil
}

extension Conversion {
    fileprivate var isQuoted: Bool { if case .sqlEscapeQuoted = self { return true }; return false }
    fileprivate var isIdentifierEscape: Bool {
        if case .sqlEscapeIdentifier = self { return true }
        return false
    }
}

/// The first `count` bytes of `text`, or its first `count` characters when `characters` is set.
private func prefixOf(_ text: [UInt8], _ count: Int, characters: Bool) -> [UInt8] {
    if !characters { return Array(text.prefix(count)) }
    var k = 0, n = 0
    while k < text.count && n < count {
        k += 1
        while k < text.count && text[k] & 0xC0 == 0x80 { k += 1 }
        n += 1
    }
    return Array(text[0..<k])
}

/// One integer conversion (%d %i %u %x %X %o %r) with SQLite's padding and prefix rules.
private func formatInteger(_ v: Int64, signed: Bool, base: UInt64, uppercase: Bool, radixPrefix: String?,
                           prefix flagPrefix: UInt8?, alternate: Bool, zeroPad: Bool, width: Int,
                           precision: Int, thousands: Bool, ordinal: Bool) -> [UInt8] {
    var magnitude: UInt64
    var prefix: UInt8? = nil
    if signed {
        if v < 0 {
            magnitude = v.magnitude
            prefix = UInt8(ascii: "-")
        } else {
            magnitude = UInt64(v)
            prefix = flagPrefix
        }
    } else {
        magnitude = UInt64(bitPattern: v)
    }
    let showRadixPrefix = alternate && magnitude != 0
    var precision = precision
    if zeroPad && precision < width - (prefix == nil ? 0 : 1) {
        precision = width - (prefix == nil ? 0 : 1)
    }
    let digits: [UInt8] = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
    var reversed: [UInt8] = []
    if ordinal {
        let tens = magnitude % 100, ones = magnitude % 10
        let suffix: String
        if tens / 10 == 1 || ones == 0 || ones > 3 { suffix = "th" }
        else { suffix = ones == 1 ? "st" : (ones == 2 ? "nd" : "rd") }
        reversed += suffix.utf8.reversed()
    }
    let suffixLength = reversed.count
    repeat {
        reversed.append(digits[Int(magnitude % base)])
        magnitude /= base
    } while magnitude > 0
    while reversed.count - suffixLength < precision { reversed.append(UInt8(ascii: "0")) }
    var body = Array(reversed.reversed())
    if thousands {
        let digitCount = body.count - suffixLength
        var grouped: [UInt8] = []
        for (k, d) in body[0..<digitCount].enumerated() {
            if k > 0 && (digitCount - k) % 3 == 0 { grouped.append(UInt8(ascii: ",")) }
            grouped.append(d)
        }
        body = grouped + body[digitCount...]
    }
    if let prefix { body.insert(prefix, at: 0) }
    if showRadixPrefix, let radixPrefix { body.insert(contentsOf: radixPrefix.utf8, at: 0) }
    return body
}
