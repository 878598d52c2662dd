// Numbers to and from text exactly as SQLite's C API does it: the judge renders values itself, so
// it must read text as sqlite3_column_int/double do and print reals as sqlite3's printf does.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SQLite's number/text conversions that the reference runner's rendering goes through.
/// Kept here, not borrowed from the engine, so the judge stays independent of what it judges.
enum SQLiteNumberText {
    // MARK: Reading text

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    /// sqlite3Atoi64 as sqlite3_column_int64 uses it: leading spaces, a sign, then as many digits
    /// as there are; 0 when there are none; clamped to the 64-bit range on overflow.
    static func integerPrefix<Bytes: Collection>(_ bytes: Bytes) -> Int64 where Bytes.Element == UInt8 {
        var i = bytes.startIndex
        while i != bytes.endIndex && isSpace(bytes[i]) { i = bytes.index(after: i) }
        var negative = false
        if i != bytes.endIndex && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) {
            negative = bytes[i] == UInt8(ascii: "-")
            i = bytes.index(after: i)
        }
        var magnitude: UInt64 = 0
        var overflow = false
        while i != bytes.endIndex && isDigit(bytes[i]) {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(bytes[i] - 0x30))
            if o1 || o2 { overflow = true }
            magnitude = m2
            i = bytes.index(after: i)
        }
        if overflow { return negative ? Int64.min : Int64.max }
        if negative {
            return magnitude >= UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        return magnitude > UInt64(Int64.max) ? Int64.max : Int64(magnitude)
    }

    /// sqlite3AtoF as sqlite3_column_double uses it: the longest prefix that reads as a decimal
    /// number (sign, digits, '.', digits, exponent with digits); 0.0 when there is none.
    static func realPrefix<Bytes: Collection>(_ bytes: Bytes) -> Double where Bytes.Element == UInt8 {
        let b = Array(bytes)
        var i = 0
        while i < b.count && isSpace(b[i]) { i += 1 }
        let start = i
        if i < b.count && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) { i += 1 }
        var digits = 0
        while i < b.count && isDigit(b[i]) { i += 1; digits += 1 }
        if i < b.count && b[i] == UInt8(ascii: ".") {
            i += 1
            while i < b.count && isDigit(b[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return 0 }
        var end = i
        if i < b.count && (b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E")) {
            var j = i + 1
            if j < b.count && (b[j] == UInt8(ascii: "-") || b[j] == UInt8(ascii: "+")) { j += 1 }
            if j < b.count && isDigit(b[j]) {
                while j < b.count && isDigit(b[j]) { j += 1 }
                end = j
            }
        }
        var text = Array(b[start..<end])
        text.append(0)
        return text.withUnsafeBufferPointer { p in
            p.baseAddress.map { base in base.withMemoryRebound(to: CChar.self, capacity: p.count) { strtod($0, nil) } } ?? 0
        }
    }

    // MARK: Printing reals

    /// A double's decimal digits as sqlite3FpDecode leaves them: sign, significant digits with
    /// trailing zeros removed, and the position of the decimal point (`iDP`).
    struct Decoded {
        var negative: Bool
        var digits: [UInt8]   // ASCII '0'...'9'
        var decimalPoint: Int
        var special: Special?
        enum Special { case infinity, nan }
    }

    /// sqlite3FpDecode(r, iRound, mxRound): when iRound <= 0 it counts digits after the decimal
    /// point (%f), otherwise significant digits (%g, %e); at most mxRound digits survive.
    /// Rounding is half-up on the decimal digits, as SQLite does it (so 0.0625 is "0.063" at %.3f).
    static func decode(_ value: Double, round iRoundIn: Int, maxDigits mxRound: Int) -> Decoded {
        if value.isNaN { return Decoded(negative: false, digits: [], decimalPoint: 0, special: .nan) }
        if value.isInfinite {
            return Decoded(negative: value < 0, digits: [], decimalPoint: 0, special: .infinity)
        }
        if value == 0 { return Decoded(negative: false, digits: [0x30], decimalPoint: 1, special: nil) }
        let negative = value < 0
        // 25 correctly rounded significant digits: more than SQLite's 19-digit integer holds.
        var buffer = [CChar](repeating: 0, count: 64)
        let count = withVaList([Swift.abs(value)]) { vsnprintf(&buffer, buffer.count, "%.24e", $0) }
        let text = buffer[0..<Int(count)].map { UInt8(bitPattern: $0) }
        var digits: [UInt8] = []
        var k = 0
        while k < text.count && text[k] != UInt8(ascii: "e") {
            if isDigit(text[k]) { digits.append(text[k]) }
            k += 1
        }
        let exponent = Int(String(decoding: text[(k + 1)...], as: UTF8.self)) ?? 0
        var decimalPoint = exponent + 1

        var iRound = iRoundIn
        if iRound <= 0 {
            iRound = decimalPoint - iRound
            if iRound == 0 && digits[0] >= UInt8(ascii: "5") {
                iRound = 1
                digits.insert(0x30, at: 0)
                decimalPoint += 1
            }
        }
        if iRound > 0 && (iRound < digits.count || digits.count > mxRound) {
            if iRound > mxRound { iRound = mxRound }
            let roundUp = iRound < digits.count && digits[iRound] >= UInt8(ascii: "5")
            digits.removeSubrange(iRound...)
            if roundUp {
                var j = iRound - 1
                while true {
                    digits[j] += 1
                    if digits[j] <= UInt8(ascii: "9") { break }
                    digits[j] = 0x30
                    if j == 0 {
                        digits.insert(0x31, at: 0)
                        decimalPoint += 1
                        break
                    }
                    j -= 1
                }
            }
        }
        while digits.count > 1 && digits[digits.count - 1] == 0x30 { digits.removeLast() }
        return Decoded(negative: negative, digits: digits, decimalPoint: decimalPoint, special: nil)
    }

    /// sqlite3_mprintf("%.3f", value): what the reference runner prints for an `R` column.
    static func fixed3(_ value: Double) -> String {
        let d = decode(value, round: -3, maxDigits: 16)
        if let special = d.special { return special == .nan ? "NaN" : (d.negative ? "-Inf" : "Inf") }
        var out: [UInt8] = []
        if d.negative { out.append(UInt8(ascii: "-")) }
        var j = 0
        if d.decimalPoint <= 0 {
            out.append(0x30)
        } else {
            for _ in 0..<d.decimalPoint {
                out.append(j < d.digits.count ? d.digits[j] : 0x30)
                j += 1
            }
        }
        out.append(UInt8(ascii: "."))
        var position = d.decimalPoint  // index of the digit for the next place
        for _ in 0..<3 {
            if position < 0 {
                out.append(0x30)
            } else {
                out.append(j < d.digits.count ? d.digits[j] : 0x30)
                j += 1
            }
            position += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// sqlite3_mprintf("%!.15g", value): how SQLite turns a real into text (15 significant
    /// digits, ".0" kept on whole numbers, "1.0e+20" for large ones).
    static func generic15(_ value: Double) -> String {
        let d = decode(value, round: 15, maxDigits: 26)
        if let special = d.special { return special == .nan ? "NaN" : (d.negative ? "-Inf" : "Inf") }
        let exp = d.decimalPoint - 1
        var precision = 14
        var out: [UInt8] = []
        if d.negative { out.append(UInt8(ascii: "-")) }
        var j = 0
        let useExponent = exp < -4 || exp > precision
        var e2: Int
        if useExponent {
            e2 = 0
        } else {
            precision -= exp
            e2 = exp
        }
        if e2 < 0 {
            out.append(0x30)
        } else {
            while e2 >= 0 {
                out.append(j < d.digits.count ? d.digits[j] : 0x30)
                j += 1
                e2 -= 1
            }
        }
        out.append(UInt8(ascii: "."))
        e2 += 1
        while e2 < 0 && precision > 0 {
            out.append(0x30)
            precision -= 1
            e2 += 1
        }
        while precision > 0 {
            out.append(j < d.digits.count ? d.digits[j] : 0x30)
            j += 1
            precision -= 1
        }
        // Trailing zeros go, but "!" keeps one digit after the point.
        while out.last == 0x30 { out.removeLast() }
        if out.last == UInt8(ascii: ".") { out.append(0x30) }
        if useExponent {
            out.append(UInt8(ascii: "e"))
            var e = exp
            if e < 0 { out.append(UInt8(ascii: "-")); e = -e } else { out.append(UInt8(ascii: "+")) }
            if e >= 100 { out.append(UInt8(0x30 + e / 100)); e %= 100 }
            out.append(UInt8(0x30 + e / 10))
            out.append(UInt8(0x30 + e % 10))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
