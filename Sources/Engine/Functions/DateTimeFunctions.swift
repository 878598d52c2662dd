// Date and time functions: date, time, datetime, julianday, unixepoch, strftime. Time values
// and modifiers follow SQLite 3.40's date.c; 'localtime' and 'utc' are taken as UTC.

enum DateTimeFunctions {
    static let all: [ScalarFunction] = [
        ScalarFunction("date", arity: -1, deterministic: false) { a in
            guard var d = timeValue(a[...]) else { return .null }
            d.computeYMD()
            return .text(dateText(d))
        },
        ScalarFunction("time", arity: -1, deterministic: false) { a in
            guard var d = timeValue(a[...]) else { return .null }
            d.computeHMS()
            return .text(timeText(d))
        },
        ScalarFunction("datetime", arity: -1, deterministic: false) { a in
            guard var d = timeValue(a[...]) else { return .null }
            d.computeYMDHMS()
            return .text(dateText(d) + " " + timeText(d))
        },
        ScalarFunction("julianday", arity: -1, deterministic: false) { a in
            guard let d = timeValue(a[...]) else { return .null }
            return .real(Double(d.julianMilliseconds) / 86400000.0)
        },
        ScalarFunction("unixepoch", arity: -1, deterministic: false) { a in
            guard let d = timeValue(a[...]) else { return .null }
            return .integer(d.julianMilliseconds / 1000 - DateTime.unixEpochMilliseconds / 1000)
        },
        ScalarFunction("strftime", arity: -1, deterministic: false) { a in
            guard let format = a.first?.textForm, var d = timeValue(a.dropFirst()) else { return .null }
            d.computeYMDHMS()
            return strftime(format, d)
        },
    ]

    /// date.c's isDate: the time value from the first argument (now when there is none) with
    /// every modifier applied; nil when anything is malformed or out of range.
    static func timeValue(_ arguments: ArraySlice<Value>) -> DateTime? {
        guard let first = arguments.first else { return DateTime.now() }
        var d: DateTime
        switch first {
        case .integer, .real: d = DateTime(number: first.doubleValue)
        case .null: return nil
        default:
            guard let text = first.textForm, let parsed = parseTimeValue(text) else { return nil }
            d = parsed
        }
        for (offset, modifier) in arguments.dropFirst().enumerated() {
            guard let text = modifier.textForm, applyModifier(text, to: &d, index: offset + 1) else { return nil }
        }
        d.computeJD()
        if d.isError || !DateTime.isValid(d.julianMilliseconds) { return nil }
        return d
    }

    /// "+NNN unit" transforms: the name, the largest |NNN| allowed and milliseconds per unit
    /// divided by 1000 (months and years are handled on the calendar first).
    private static let units: [(name: String, limit: Double, seconds: Double)] = [
        ("second", Double(Float(4.6427e+14)), 1.0),
        ("minute", Double(Float(7.7379e+12)), 60.0),
        ("hour", Double(Float(1.2897e+11)), 3600.0),
        ("day", Double(Float(5373485.0)), 86400.0),
        ("month", Double(Float(176546.0)), 2592000.0),
        ("year", Double(Float(14713.0)), 31536000.0),
    ]

    /// Applies one modifier (date.c's parseModifier); false when it is not understood.
    static func applyModifier(_ text: String, to p: inout DateTime, index: Int) -> Bool {
        let lower = text.lowercased()
        let z = DateText(text)
        switch z[0] {
        case UInt8(ascii: "a"), UInt8(ascii: "A"):
            guard lower == "auto", index <= 1 else { return false }
            if !p.rawSeconds || p.validJD { p.rawSeconds = false; return true }
            guard p.second >= -210866760000 && p.second <= 253402300799 else { return false }
            return setUnixSeconds(&p)
        case UInt8(ascii: "j"), UInt8(ascii: "J"):
            guard lower == "julianday", index <= 1, p.validJD && p.rawSeconds else { return false }
            p.rawSeconds = false
            return true
        case UInt8(ascii: "l"), UInt8(ascii: "L"):
            guard lower == "localtime" else { return false }
            // Local time is taken to be UTC: the value only loses its broken-down form.
            p.computeJD()
            p.clearYMDHMSTZ()
            return true
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            if lower == "unixepoch" && p.rawSeconds {
                guard index <= 1 else { return false }
                return setUnixSeconds(&p)
            }
            return lower == "utc"
        case UInt8(ascii: "w"), UInt8(ascii: "W"):
            guard lower.hasPrefix("weekday ") else { return false }
            let r = z.bytes[8...].withUnsafeBufferPointer(parseReal)
            guard r.kind > 0, r.value >= 0, r.value < 7, r.value == r.value.rounded(.towardZero) else { return false }
            let n = Int64(r.value)
            p.computeYMDHMS()
            p.validTZ = false
            p.validJD = false
            p.computeJD()
            var weekday = ((p.julianMilliseconds + 129600000) / 86400000) % 7
            if weekday > n { weekday -= 7 }
            p.julianMilliseconds += (n - weekday) * 86400000
            p.clearYMDHMSTZ()
            return true
        case UInt8(ascii: "s"), UInt8(ascii: "S"):
            guard lower.hasPrefix("start of "), p.validJD || p.validYMD || p.validHMS else { return false }
            p.computeYMD()
            p.validHMS = true
            p.hour = 0; p.minute = 0; p.second = 0
            p.rawSeconds = false
            p.validTZ = false
            p.validJD = false
            switch lower.dropFirst(9) {
            case "month": p.day = 1; return true
            case "year": p.month = 1; p.day = 1; return true
            case "day": return true
            default: return false
            }
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return applyOffset(z, to: &p)
        default:
            return false
        }
    }

    /// "unixepoch"/"auto": reads the raw number as seconds since 1970.
    private static func setUnixSeconds(_ p: inout DateTime) -> Bool {
        let r = p.second * 1000.0 + Double(DateTime.unixEpochMilliseconds)
        guard r >= 0 && r < 464269060800000.0 else { return false }
        p.clearYMDHMSTZ()
        p.julianMilliseconds = Int64(r + 0.5)
        p.validJD = true
        p.rawSeconds = false
        return true
    }

    /// "+NNN unit(s)" and "(+|-)HH:MM[:SS[.SSS]]".
    private static func applyOffset(_ z: DateText, to p: inout DateTime) -> Bool {
        var n = 1
        while z[n] != 0 && z[n] != UInt8(ascii: ":") && !isSQLSpace(z[n]) { n += 1 }
        let number = z.bytes[0..<min(n, z.bytes.count)].withUnsafeBufferPointer(parseReal)
        guard number.kind > 0 else { return false }
        var r = number.value
        if z[n] == UInt8(ascii: ":") {
            var tx = DateTime()
            let start = isDigit(z[0]) ? 0 : 1
            guard parseTime(z, start, &tx) else { return false }
            tx.computeJD()
            tx.julianMilliseconds -= 43200000
            let dayCount = tx.julianMilliseconds / 86400000
            tx.julianMilliseconds -= dayCount * 86400000
            if z[0] == UInt8(ascii: "-") { tx.julianMilliseconds = -tx.julianMilliseconds }
            p.computeJD()
            p.clearYMDHMSTZ()
            p.julianMilliseconds += tx.julianMilliseconds
            return true
        }
        var i = n
        while isSQLSpace(z[i]) { i += 1 }
        var unit = Array(z.bytes[min(i, z.bytes.count)...])
        if unit.count > 10 || unit.count < 3 { return false }
        if asciiLower(unit[unit.count - 1]) == UInt8(ascii: "s") { unit.removeLast() }
        let name = String(decoding: unit.map(asciiLower), as: UTF8.self)
        p.computeJD()
        defer { p.clearYMDHMSTZ() }
        let rounder = r < 0 ? -0.5 : 0.5
        guard let k = units.firstIndex(where: { $0.name == name && r > -$0.limit && r < $0.limit }) else {
            return false
        }
        if units[k].name == "month" {
            p.computeYMDHMS()
            p.month += Int(r)
            let x = p.month > 0 ? (p.month - 1) / 12 : (p.month - 12) / 12
            p.year += x
            p.month -= x * 12
            p.validJD = false
            r -= r.rounded(.towardZero)
        } else if units[k].name == "year" {
            p.computeYMDHMS()
            p.year += Int(r)
            p.validJD = false
            r -= r.rounded(.towardZero)
        }
        p.computeJD()
        p.julianMilliseconds += Int64(r * 1000.0 * units[k].seconds + rounder)
        return true
    }

    /// C's "%0Nd": the sign counts toward the width.
    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let room = width - digits.count - (value < 0 ? 1 : 0)
        let padded = String(repeating: "0", count: max(0, room)) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Appends `value` (non-negative) as exactly `width` decimal digits, zero-padded on the left.
    private static func appendDigits(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while i >= 0 && v > 0 {
            digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
        out.append(contentsOf: digits)
    }

    /// YYYY-MM-DD, built as bytes (this runs once per row in date() and datetime()).
    static func dateText(_ d: DateTime) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(11)
        if d.year < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(abs(d.year) % 10000, 4, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(d.month, 2, to: &out)
        out.append(UInt8(ascii: "-"))
        appendDigits(d.day, 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// HH:MM:SS.
    static func timeText(_ d: DateTime) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(8)
        appendDigits(d.hour, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(d.minute, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(Int(d.second), 2, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// strftime(): an unknown "%" conversion makes the whole result NULL, as in sqlite3.
    static func strftime(_ format: String, _ d: DateTime) -> Value {
        let f = Array(format.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < f.count {
            guard f[i] == UInt8(ascii: "%") else { out.append(f[i]); i += 1; continue }
            i += 1
            let c: UInt8 = i < f.count ? f[i] : 0
            i += 1
            var piece: String
            switch c {
            case UInt8(ascii: "d"): piece = pad(d.day, 2)
            case UInt8(ascii: "f"):
                let s = min(d.second, 59.999)
                piece = String(decoding: formatRealBytes(s, RealFormatOptions(
                    style: .fixed, precision: 3, width: 6, zeroPad: true)), as: UTF8.self)
            case UInt8(ascii: "H"): piece = pad(d.hour, 2)
            case UInt8(ascii: "W"), UInt8(ascii: "j"):
                var y = d
                y.validJD = false
                y.month = 1
                y.day = 1
                y.computeJD()
                let dayOfYear = Int((d.julianMilliseconds - y.julianMilliseconds + 43200000) / 86400000)
                if c == UInt8(ascii: "W") {
                    let weekday = Int(((d.julianMilliseconds + 43200000) / 86400000) % 7)  // 0 = Monday
                    piece = pad((dayOfYear + 7 - weekday) / 7, 2)
                } else {
                    piece = pad(dayOfYear + 1, 3)
                }
            case UInt8(ascii: "J"):
                piece = String(decoding: formatRealBytes(Double(d.julianMilliseconds) / 86400000.0,
                    RealFormatOptions(style: .general, precision: 16)), as: UTF8.self)
            case UInt8(ascii: "m"): piece = pad(d.month, 2)
            case UInt8(ascii: "M"): piece = pad(d.minute, 2)
            case UInt8(ascii: "s"): piece = String(d.julianMilliseconds / 1000 - DateTime.unixEpochMilliseconds / 1000)
            case UInt8(ascii: "S"): piece = pad(Int(d.second), 2)
            case UInt8(ascii: "w"): piece = String((d.julianMilliseconds + 129600000) / 86400000 % 7)
            case UInt8(ascii: "Y"): piece = pad(d.year, 4)
            case UInt8(ascii: "%"): piece = "%"
            default: return .null
            }
            out += piece.utf8
        }
        return .text(String(decoding: out, as: UTF8.self))
    }
}
