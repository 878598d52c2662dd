// Standard input as lines of bytes: SQL piped in may hold bytes that are not UTF-8 (sqlite3's
// .dump writes such text raw), which a Swift string read by readLine() would replace.
import Foundation

/// Reads standard input a block at a time and hands it out line by line, without the newline.
struct StandardInputLines {
    private var block = [UInt8](repeating: 0, count: 1 << 16)
    private var pending: [UInt8] = []
    private var start = 0
    private var atEnd = false

    /// The next line (the last one may lack its newline); nil at the end of input.
    mutating func next() -> [UInt8]? {
        while true {
            if let newline = pending[start...].firstIndex(of: 0x0A) {
                let line = Array(pending[start..<newline])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < pending.count else { return nil }
                let line = Array(pending[start...])
                start = pending.count
                return line
            }
            // Keep the unfinished line, then read more after it.
            pending.removeFirst(start)
            start = 0
            let count = block.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { atEnd = true } else { pending += block[0..<count] }
        }
    }
}
