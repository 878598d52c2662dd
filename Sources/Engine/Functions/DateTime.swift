// The date and time value behind date(), time(), datetime(), julianday(), unixepoch() and
// strftime(): a port of SQLite 3.40's date.c parsing, modifiers and calendar arithmetic.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A moment as date.c's DateTime keeps it: a julian day number in milliseconds and/or the
/// broken-down fields, each with a flag saying whether it is current.
struct DateTime {
    var julianMilliseconds: Int64 = 0   // iJD: julian day number times 86400000
    var year = 0, month = 0, day = 0
    var hour = 0, minute = 0
    var second: Double = 0
    var timezoneMinutes = 0
    var validJD = false, validYMD = false, validHMS = false, validTZ = false
    var timezoneSet = false
    var rawSeconds = false              // `second` holds a bare number not yet interpreted
    var isError = false

    /// The largest valid julian day, 9999-12-31 23:59:59.999, in milliseconds.
    static let maxJulianMilliseconds: Int64 = 464269060799999
    /// 1970-01-01 00:00:00 as a julian day in milliseconds.
    static let unixEpochMilliseconds: Int64 = 210866760000000

    static func isValid(_ jd: Int64) -> Bool { jd >= 0 && jd <= maxJulianMilliseconds }

    /// date.c's setRawDateNumber: a bare number is a julian day unless a modifier says otherwise.
    init(number r: Double) {
        second = r
        rawSeconds = true
        if r >= 0 && r < 5373484.5 {
            julianMilliseconds = Int64(r * 86400000.0 + 0.5)
            validJD = true
        }
    }

    init() {}

    /// The current time, from the system clock.
    static func now() -> DateTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var d = DateTime()
        d.julianMilliseconds = unixEpochMilliseconds + Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
        d.validJD = true
        return d
    }

    mutating func computeJD() {
        if validJD { return }
        var y = 2000, m = 1, d = 1
        if validYMD { y = year; m = month; d = day }
        if y < -4713 || y > 9999 || rawSeconds { isError = true; return }
        if m <= 2 { y -= 1; m += 12 }
        let a = y / 100
        let b = 2 - a + a / 4
        let x1 = 36525 * (y + 4716) / 100
        let x2 = 306001 * (m + 1) / 10000
        julianMilliseconds = Int64((Double(x1 + x2 + d + b) - 1524.5) * 86400000)
        validJD = true
        if validHMS {
            julianMilliseconds += Int64(hour * 3600000 + minute * 60000) + Int64(second * 1000 + 0.5)
            if validTZ {
                julianMilliseconds -= Int64(timezoneMinutes) * 60000
                validYMD = false
                validHMS = false
                validTZ = false
            }
        }
    }

    mutating func computeYMD() {
        if validYMD { return }
        if !validJD {
            year = 2000; month = 1; day = 1
        } else if !DateTime.isValid(julianMilliseconds) {
            isError = true
            return
        } else {
            let z = Int((julianMilliseconds + 43200000) / 86400000)
            var a = Int((Double(z) - 1867216.25) / 36524.25)
            a = z + 1 + a - a / 4
            let b = a + 1524
            let c = Int((Double(b) - 122.1) / 365.25)
            let d = (36525 * (c & 32767)) / 100
            let e = Int(Double(b - d) / 30.6001)
            let x1 = Int(30.6001 * Double(e))
            day = b - d - x1
            month = e < 14 ? e - 1 : e - 13
            year = month > 2 ? c - 4716 : c - 4715
        }
        validYMD = true
    }

    mutating func computeHMS() {
        if validHMS { return }
        computeJD()
        var s = Int((julianMilliseconds + 43200000) % 86400000)
        second = Double(s) / 1000.0
        s = Int(second)
        second -= Double(s)
        hour = s / 3600
        s -= hour * 3600
        minute = s / 60
        second += Double(s - minute * 60)
        rawSeconds = false
        validHMS = true
    }

    mutating func computeYMDHMS() { computeYMD(); computeHMS() }

    mutating func clearYMDHMSTZ() { validYMD = false; validHMS = false; validTZ = false }
}

// MARK: - Parsing time values

/// A NUL-terminated view of text: reading past the end gives 0, as date.c's C strings do.
struct DateText {
    let bytes: [UInt8]
    init(_ s: String) { bytes = Array(s.utf8) }
    init(_ b: ArraySlice<UInt8>) { bytes = Array(b) }
    subscript(_ i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : 0 }
}

/// date.c's getDigits for one field: `count` digits in min...max, followed by `next` (0: any).
private func digits(_ z: DateText, _ at: Int, count: Int, min: Int, max: Int, next: UInt8) -> Int? {
    var value = 0
    for k in 0..<count {
        let c = z[at + k]
        guard isDigit(c) else { return nil }
        value = value * 10 + Int(c - 0x30)
    }
    if value < min || value > max || (next != 0 && z[at + count] != next) { return nil }
    return value
}

/// Parses "[+-]HH:MM" or "Z" after a time; false when something else follows.
private func parseTimezone(_ z: DateText, _ start: Int, _ p: inout DateTime) -> Bool {
    var i = start
    while isSQLSpace(z[i]) { i += 1 }
    p.timezoneMinutes = 0
    let c = z[i]
    if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
        i += 1
    } else if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
        let sign = c == UInt8(ascii: "-") ? -1 : 1
        i += 1
        guard let h = digits(z, i, count: 2, min: 0, max: 14, next: UInt8(ascii: ":")),
              let m = digits(z, i + 3, count: 2, min: 0, max: 59, next: 0) else { return false }
        i += 5
        p.timezoneMinutes = sign * (m + h * 60)
    } else {
        return c == 0
    }
    while isSQLSpace(z[i]) { i += 1 }
    p.timezoneSet = true
    return z[i] == 0
}

/// Parses "HH:MM[:SS[.SSS]][timezone]" starting at `start`.
func parseTime(_ z: DateText, _ start: Int, _ p: inout DateTime) -> Bool {
    guard let h = digits(z, start, count: 2, min: 0, max: 24, next: UInt8(ascii: ":")),
          let m = digits(z, start + 3, count: 2, min: 0, max: 59, next: 0) else { return false }
    var i = start + 5
    var s = 0
    var fraction = 0.0
    if z[i] == UInt8(ascii: ":") {
        i += 1
        guard let sec = digits(z, i, count: 2, min: 0, max: 59, next: 0) else { return false }
        s = sec
        i += 2
        if z[i] == UInt8(ascii: ".") && isDigit(z[i + 1]) {
            var scale = 1.0
            i += 1
            while isDigit(z[i]) {
                fraction = fraction * 10 + Double(z[i] - 0x30)
                scale *= 10
                i += 1
            }
            fraction /= scale
        }
    }
    p.validJD = false
    p.rawSeconds = false
    p.validHMS = true
    p.hour = h
    p.minute = m
    p.second = Double(s) + fraction
    guard parseTimezone(z, i, &p) else { return false }
    p.validTZ = p.timezoneMinutes != 0
    return true
}

/// Parses "[-]YYYY-MM-DD[( |T)time]".
private func parseDate(_ z: DateText, _ p: inout DateTime) -> Bool {
    var i = 0
    let negative = z[0] == UInt8(ascii: "-")
    if negative { i = 1 }
    guard let y = digits(z, i, count: 4, min: 0, max: 9999, next: UInt8(ascii: "-")),
          let m = digits(z, i + 5, count: 2, min: 1, max: 12, next: UInt8(ascii: "-")),
          let d = digits(z, i + 8, count: 2, min: 1, max: 31, next: 0) else { return false }
    i += 10
    while isSQLSpace(z[i]) || z[i] == UInt8(ascii: "T") { i += 1 }
    if parseTime(z, i, &p) {
        // the time is set
    } else if z[i] == 0 {
        p.validHMS = false
    } else {
        return false
    }
    p.validJD = false
    p.validYMD = true
    p.year = negative ? -y : y
    p.month = m
    p.day = d
    if p.validTZ { p.computeJD() }
    return true
}

/// date.c's parseDateOrTime: a date, a time, "now", or a number.
func parseTimeValue(_ s: String) -> DateTime? {
    let z = DateText(s)
    var p = DateTime()
    if parseDate(z, &p) { return p }
    p = DateTime()
    if parseTime(z, 0, &p) { return p }
    if s.lowercased() == "now" { return DateTime.now() }
    let r = z.bytes.withUnsafeBufferPointer(parseReal)
    if r.kind > 0 { return DateTime(number: r.value) }
    return nil
}
