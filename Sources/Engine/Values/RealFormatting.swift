// Reals to text the way SQLite's printf engine writes them (%f, %e, %g and the "%!.15g" used for
// every real shown as text). It copies SQLite 3.40's digit loop, including its long double
// arithmetic, because a correctly rounded conversion differs from sqlite3 in the last digit.

/// Which printf conversion a real goes through.
enum RealStyle {
    case fixed        // %f
    case exponent     // %e / %E
    case general      // %g / %G
}

/// The flags of one printf conversion that matter for reals.
struct RealFormatOptions {
    var style: RealStyle
    var precision: Int = -1           // -1: the default of 6
    var width: Int = 0
    var prefix: UInt8? = nil          // "+" or " " for non-negative numbers
    var alternateForm = false         // "#"
    var alternateForm2 = false        // "!": 26 significant digits, keep ".0"
    var zeroPad = false
    var leftJustify = false
    var uppercase = false             // exponent letter "E"
}

/// SQLite's arRound: 0.5 * 10^-n for n in 0..<10.
private let roundingSteps: [Double] = [5.0e-1, 5.0e-2, 5.0e-3, 5.0e-4, 5.0e-5,
                                       5.0e-6, 5.0e-7, 5.0e-8, 5.0e-9, 5.0e-10]

/// C's double constants, widened as C widens them: a Swift literal typed as Float80 would be
/// rounded more precisely than sqlite3's `1e100` and change the digits printed.
private let e100 = LongDouble(1e100 as Double)
private let e10 = LongDouble(1e10 as Double)
private let e8 = LongDouble(1e8 as Double)
private let eMinus8 = LongDouble(1e-8 as Double)
private let tenth = LongDouble(0.1 as Double)
private let nudge = LongDouble(3e-16 as Double)

/// et_getdigit: the next decimal digit of `value` (in [0, 10)), or "0" once `count` is spent.
@inline(__always)
private func nextDigit(_ value: inout LongDouble, _ count: inout Int) -> UInt8 {
    if count <= 0 { return UInt8(ascii: "0") }
    count -= 1
    // The loop keeps value in [0, 10); clamping only guards against a trap on odd input.
    let digit = value >= 0 && value < 10 ? Int(value) : (value >= 10 ? 9 : 0)
    value = (value - LongDouble(digit)) * 10
    return UInt8(ascii: "0") + UInt8(digit)
}

/// Formats `real` as one printf conversion would, including sign and zero padding but not the
/// space padding to `width` (the caller adds that, as for every conversion).
func formatRealBytes(_ real: Double, _ options: RealFormatOptions) -> [UInt8] {
    var precision = options.precision < 0 ? 6 : options.precision
    var style = options.style
    var value = LongDouble(real)
    var prefix: UInt8? = options.prefix
    if value < 0 {
        value = -value
        prefix = UInt8(ascii: "-")
    }
    if style == .general && precision > 0 { precision -= 1 }
    var index = precision & 0xfff
    var rounder = roundingSteps[index % 10]
    while index >= 10 { rounder *= 1.0e-10; index -= 10 }
    if style == .fixed {
        let exponentBits = Int((Double(value).bitPattern >> 52) & 0x7ff) - 1023
        // SQLite nudges the rounder so that values like 0.15 print as they were written.
        if precision + exponentBits / 3 < 15 { rounder = Double(LongDouble(rounder) + value * nudge) }
        value += LongDouble(rounder)
    }
    if real.isNaN { return Array("NaN".utf8) }
    var exp = 0
    if value > 0 {
        var scale: LongDouble = 1.0
        while value >= e100 * scale && exp <= 350 { scale *= e100; exp += 100 }
        while value >= e10 * scale && exp <= 350 { scale *= e10; exp += 10 }
        while value >= 10.0 * scale && exp <= 350 { scale *= 10.0; exp += 1 }
        value /= scale
        while value < eMinus8 { value *= e8; exp -= 8 }
        while value < 1.0 { value *= 10.0; exp -= 1 }
        if exp > 350 {
            var out: [UInt8] = []
            if let prefix { out.append(prefix) }
            out += Array("Inf".utf8)
            return out
        }
    }
    if style != .fixed {
        value += LongDouble(rounder)
        if value >= 10.0 { value *= tenth; exp += 1 }
    }
    let removeTrailingZeros: Bool
    if style == .general {
        removeTrailingZeros = !options.alternateForm
        if exp < -4 || exp > precision {
            style = .exponent
        } else {
            precision -= exp
            style = .fixed
        }
    } else {
        removeTrailingZeros = options.alternateForm2
    }
    var e2 = style == .exponent ? 0 : exp
    var significant = 16 + (options.alternateForm2 ? 10 : 0)
    let hasPoint = precision > 0 || options.alternateForm || options.alternateForm2

    var out: [UInt8] = []
    out.reserveCapacity(max(e2, 0) + precision + 16)
    if let prefix { out.append(prefix) }
    let digitsStart = out.count
    if e2 < 0 {
        out.append(UInt8(ascii: "0"))
    } else {
        while e2 >= 0 { out.append(nextDigit(&value, &significant)); e2 -= 1 }
    }
    if hasPoint { out.append(UInt8(ascii: ".")) }
    e2 += 1
    while e2 < 0 { out.append(UInt8(ascii: "0")); precision -= 1; e2 += 1 }
    while precision > 0 { out.append(nextDigit(&value, &significant)); precision -= 1 }
    if removeTrailingZeros && hasPoint {
        while out.count > digitsStart, out.last == UInt8(ascii: "0") { out.removeLast() }
        if out.last == UInt8(ascii: ".") {
            if options.alternateForm2 { out.append(UInt8(ascii: "0")) } else { out.removeLast() }
        }
    }
    if style == .exponent {
        out.append(options.uppercase ? UInt8(ascii: "E") : UInt8(ascii: "e"))
        if exp < 0 { out.append(UInt8(ascii: "-")); exp = -exp } else { out.append(UInt8(ascii: "+")) }
        if exp >= 100 { out.append(UInt8(ascii: "0") + UInt8(exp / 100)); exp %= 100 }
        out.append(UInt8(ascii: "0") + UInt8(exp / 10))
        out.append(UInt8(ascii: "0") + UInt8(exp % 10))
    }
    if options.zeroPad && !options.leftJustify && out.count < options.width {
        let pad = options.width - out.count
        out.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: pad), at: prefix == nil ? 0 : 1)
    }
    return out
}

/// A real printed as SQLite prints it ("%!.15g"): 15 significant digits, ".0" added to whole
/// numbers, exponent form as "1.0e+20", "Inf"/"-Inf" for infinities.
public func formatReal(_ d: Double) -> String {
    let bytes = formatRealBytes(d, RealFormatOptions(style: .general, precision: 15, alternateForm2: true))
    return String(decoding: bytes, as: UTF8.self)
}
