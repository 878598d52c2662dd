// Status codes of the C ABI (vibesql.h) and how the engine's errors map onto them.
import Engine

enum Status {
    static let ok: Int32 = 0
    static let error: Int32 = 1
    static let readOnly: Int32 = 8
    static let interrupt: Int32 = 9
    static let cantOpen: Int32 = 14
    static let tooBig: Int32 = 18
    static let constraint: Int32 = 19
    static let mismatch: Int32 = 20
    static let misuse: Int32 = 21
    static let range: Int32 = 25
    static let type: Int32 = 26
    static let row: Int32 = 100
    static let done: Int32 = 101
    /// vibesql_run_pymarshal: the output did not fit the caller's buffer.
    static let buffer: Int32 = 102
    /// A parameter's str holds lone surrogates, which UTF-8 cannot encode.
    static let encoding: Int32 = 103
}

/// A failure of this interface itself (bad index, missing parameter, unsupported value), as
/// opposed to an engine's SQLError.
struct InterfaceError: Error {
    var code: Int32
    var message: String
}

extension SQLError {
    /// The status a host sees, SQLite's where SQLite reports the same failure: constraint
    /// violations and datatype mismatches have their own codes, everything else the engine
    /// rejects is a plain SQL error (as COMMIT without BEGIN or a syntax error is in SQLite).
    var status: Int32 {
        switch kind {
        case .constraint: return Status.constraint
        case .readOnly: return Status.readOnly
        case .interrupted: return Status.interrupt
        case .mismatch where message.hasPrefix("datatype mismatch"): return Status.mismatch
        default: return Status.error
        }
    }
}
