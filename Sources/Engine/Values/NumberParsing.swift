// Text-to-number readers that copy SQLite's sqlite3AtoF and sqlite3Atoi64, so prefixes, overflow
// and rounding come out exactly as sqlite3 gives them.

#if arch(x86_64) || arch(i386)
/// SQLite scales with `long double`; on x86 that is the 80-bit extended type, which decides the
/// last bit of many results, so we use the same width.
typealias LongDouble = Float80
#else
typealias LongDouble = Double
#endif

/// The outcome of reading a real from text, as sqlite3AtoF reports it.
struct RealParse {
    /// The value of the longest numeric prefix (0 when there is none).
    var value: Double
    /// 1: the whole text is an integer literal; 2 or more: the whole text is a number with a
    /// "." or an exponent; 0: not a number; -1: not a number, but a prefix with "." or exponent is.
    var kind: Int
}

/// The outcome of reading an integer from text, as sqlite3Atoi64 reports it.
struct IntegerParse {
    /// The value, saturated at the Int64 bounds.
    var value: Int64
    /// 0: fits and no trailing text; 1: trailing non-space text; -1: no digits at all;
    /// 2: too large; 3: exactly 9223372036854775808 without a minus sign.
    var status: Int
}

/// sqlite3Isspace: space, \t, \n, \v, \f, \r.
@inline(__always)
func isSQLSpace(_ c: UInt8) -> Bool {
    c == 0x20 || (c >= 0x09 && c <= 0x0D)
}

@inline(__always)
func isDigit(_ c: UInt8) -> Bool {
    c &- 0x30 < 10
}

/// Runs `body` over the UTF-8 bytes of `s` without copying native strings.
@inline(__always)
func withUTF8Bytes<R>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = s.utf8.withContiguousStorageIfAvailable(body) { return r }
    var copy = s
    return copy.withUTF8(body)
}

/// sqlite3AtoF over UTF-8 bytes.
func parseReal(_ z: UnsafeBufferPointer<UInt8>) -> RealParse {
    let end = z.count
    var i = 0
    var sign = 1
    var s: Int64 = 0          // significand
    var d = 0                 // adjustment to the exponent from digits dropped or after "."
    var esign = 1
    var e = 0                 // exponent as written
    var eValid = true
    var eType = 1             // 1: integer so far, 2+: saw "." or "e"
    var nDigit = 0
    // Above this the significand would overflow: further digits only move the exponent.
    let limit: Int64 = (Int64.max - 9) / 10

    while i < end && isSQLSpace(z[i]) { i += 1 }
    if i >= end { return RealParse(value: 0, kind: 0) }
    if z[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if z[i] == UInt8(ascii: "+") { i += 1 }

    scan: do {
        while i < end && isDigit(z[i]) {
            s = s * 10 + Int64(z[i] &- 0x30)
            i += 1; nDigit += 1
            if s >= limit {
                while i < end && isDigit(z[i]) { i += 1; d += 1 }
            }
        }
        if i >= end { break scan }
        if z[i] == UInt8(ascii: ".") {
            i += 1
            eType += 1
            while i < end && isDigit(z[i]) {
                if s < limit {
                    s = s * 10 + Int64(z[i] &- 0x30)
                    d -= 1
                    nDigit += 1
                }
                i += 1
            }
        }
        if i >= end { break scan }
        if z[i] == UInt8(ascii: "e") || z[i] == UInt8(ascii: "E") {
            i += 1
            eValid = false
            eType += 1
            if i >= end { break scan }
            if z[i] == UInt8(ascii: "-") { esign = -1; i += 1 } else if z[i] == UInt8(ascii: "+") { i += 1 }
            while i < end && isDigit(z[i]) {
                e = e < 10000 ? e * 10 + Int(z[i] &- 0x30) : 10000
                i += 1
                eValid = true
            }
        }
        while i < end && isSQLSpace(z[i]) { i += 1 }
    }

    let value = scaledReal(significand: s, negative: sign < 0, exponent: e * esign + d)
    let kind: Int
    if i == end && nDigit > 0 && eValid && eType > 0 {
        kind = eType
    } else if eType >= 2 && (eType == 3 || eValid) && nDigit > 0 {
        kind = -1
    } else {
        kind = 0
    }
    return RealParse(value: value, kind: kind)
}

/// s * 10^exp computed as sqlite3AtoF does it (long double scaling, then one rounding to double).
private func scaledReal(significand: Int64, negative: Bool, exponent: Int) -> Double {
    var s = significand
    if s == 0 { return negative ? -0.0 : 0.0 }
    var e = exponent
    let esign = e < 0 ? -1 : 1
    e = abs(e)
    // Move powers of ten into the significand while that stays exact.
    while e > 0 {
        if esign > 0 {
            if s >= Int64.max / 10 { break }
            s *= 10
        } else {
            if s % 10 != 0 { break }
            s /= 10
        }
        e -= 1
    }
    if negative { s = -s }
    if e == 0 { return Double(s) }
    var scale: LongDouble = 1.0
    if e > 307 {
        if e < 342 {
            while e % 308 != 0 { scale *= 10; e -= 1 }
            var result: Double
            if esign < 0 {
                result = Double(LongDouble(s) / scale)
                result /= 1.0e308
            } else {
                result = Double(LongDouble(s) * scale)
                result *= 1.0e308
            }
            return result
        }
        return esign < 0 ? 0.0 * Double(s) : Double.infinity * Double(s)
    }
    // 1e22 is the largest power of ten a double holds exactly.
    while e % 22 != 0 { scale *= 10; e -= 1 }
    while e > 0 { scale *= 1.0e22; e -= 22 }
    return esign < 0 ? Double(LongDouble(s) / scale) : Double(LongDouble(s) * scale)
}

/// sqlite3Atoi64 over UTF-8 bytes.
func parseInteger(_ z: UnsafeBufferPointer<UInt8>) -> IntegerParse {
    let end = z.count
    var i = 0
    var negative = false
    while i < end && isSQLSpace(z[i]) { i += 1 }
    if i < end {
        if z[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if z[i] == UInt8(ascii: "+") { i += 1 }
    }
    let start = i
    while i < end && z[i] == UInt8(ascii: "0") { i += 1 }
    let digitsStart = i
    var u: UInt64 = 0
    while i < end && isDigit(z[i]) {
        u = u &* 10 &+ UInt64(z[i] &- 0x30)
        i += 1
    }
    let count = i - digitsStart
    var value: Int64
    if u > UInt64(Int64.max) {
        value = negative ? Int64.min : Int64.max
    } else {
        value = negative ? -Int64(u) : Int64(u)
    }
    var status = 0
    if count == 0 && start == digitsStart {
        status = -1
    } else {
        var j = i
        while j < end {
            if !isSQLSpace(z[j]) { status = 1; break }
            j += 1
        }
    }
    if count < 19 { return IntegerParse(value: value, status: status) }
    // 19 or more significant digits: compare with 9223372036854775808 digit by digit.
    var c = 0
    if count > 19 {
        c = 1
    } else {
        let pow63: [UInt8] = Array("922337203685477580".utf8)
        for k in 0..<18 where c == 0 {
            c = (Int(z[digitsStart + k]) - Int(pow63[k])) * 10
        }
        if c == 0 { c = Int(z[digitsStart + 18]) - Int(UInt8(ascii: "8")) }
    }
    if c < 0 { return IntegerParse(value: value, status: status) }
    value = negative ? Int64.min : Int64.max
    if c > 0 { return IntegerParse(value: value, status: 2) }
    return IntegerParse(value: value, status: negative ? status : 3)
}

/// sqlite3RealToI64: truncates toward zero and saturates at the Int64 bounds.
@inline(__always)
func realToInt64(_ r: Double) -> Int64 {
    if r.isNaN { return 0 }
    if r < -9223372036854775808.0 { return Int64.min }
    if r >= 9223372036854775808.0 { return Int64.max }
    return Int64(r)
}

/// sqlite3RealSameAsInt: true when `r` is `i` exactly and small enough that the integer form
/// loses nothing (|i| < 2^51), or zero.
@inline(__always)
func realIsSameAsInt(_ r: Double, _ i: Int64) -> Bool {
    if r == 0 { return true }
    return r.bitPattern == Double(i).bitPattern && i >= -2251799813685248 && i < 2251799813685248
}
