// Text from outside (test files, run dumps, commit trailers) made safe for a terminal: control
// characters would move the cursor, recolour or retitle the user's terminal.

/// Escapes control characters.
public enum TerminalText {
    /// `text` with every control character but newline and tab shown as `\u{..}` (and `\r` as
    /// `\r`), so nothing it holds is interpreted by a terminal.
    public static func escaped(_ text: String, keepNewlines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, keepNewlines: keepNewlines) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, keepNewlines: keepNewlines) {
                switch scalar {
                case "\r": out += "\\r"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func needsEscape(_ scalar: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        if keepNewlines && (scalar == "\n" || scalar == "\t") { return false }
        return scalar.value < 0x20 || scalar.value == 0x7f || (0x80...0x9f).contains(scalar.value)
    }
}
