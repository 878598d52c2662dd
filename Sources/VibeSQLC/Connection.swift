// The objects behind the C ABI's opaque handles: a connection (a Database and its last error)
// and a prepared statement (its bound values and the rows of its run).
import Engine

final class Connection {
    let database: Database
    /// What vibesql_interrupt uses from another thread (a Database is not Sendable).
    let interruptHandle: InterruptHandle
    var errorCode: Int32 = Status.ok
    var errorMessage = CString("")
    var errorKind = CString("")
    var errorOffset: Int64 = -1
    /// vibesql_text_as_bytes: rows in marshal format carry text as bytes, for a Python
    /// `text_factory` other than `str`.
    var textAsBytes = false

    init(database: Database) {
        self.database = database
        interruptHandle = database.interruptHandle
    }

    /// Runs `body`, turning what it throws into this connection's error and a status.
    func guarded(_ body: () throws -> Int32) -> Int32 {
        do {
            let status = try body()
            if status == Status.ok || status == Status.row || status == Status.done || status == Status.buffer { clearError() }
            return status
        } catch let error as SQLError {
            return fail(error.status, error.message, kind: error.kind.rawValue, offset: error.position)
        } catch let error as InterfaceError {
            return fail(error.code, error.message)
        } catch {
            return fail(Status.error, "\(error)")
        }
    }

    @discardableResult
    func fail(_ code: Int32, _ message: String, kind: String = "", offset: Int? = nil) -> Int32 {
        errorCode = code
        errorMessage = CString(message)
        errorKind = CString(kind)
        errorOffset = offset.map(Int64.init) ?? -1
        return code
    }

    func clearError() {
        guard errorCode != Status.ok else { return }
        errorCode = Status.ok
        errorMessage = CString("")
        errorKind = CString("")
        errorOffset = -1
    }
}

/// A NUL-terminated UTF-8 copy of a string whose address stays fixed until it is freed.
final class CString {
    let pointer: UnsafeMutablePointer<CChar>
    let count: Int

    init(_ string: String) {
        let utf8 = string.utf8
        count = utf8.count
        pointer = .allocate(capacity: count + 1)
        let buffer = UnsafeMutableRawBufferPointer(start: pointer, count: count + 1)
        _ = buffer.initializeMemory(as: UInt8.self, from: utf8)
        buffer[count] = 0
    }

    /// `count` zero bytes (and the NUL), to be filled in.
    private init(zeroed count: Int) {
        self.count = count
        pointer = .allocate(capacity: count + 1)
        pointer.initialize(repeating: 0, count: count + 1)
    }

    /// A copy of bytes (a blob), NUL-terminated too.
    static func copying(_ bytes: [UInt8]) -> CString {
        let copy = CString(zeroed: bytes.count)
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(copy.pointer).copyMemory(from: base, byteCount: bytes.count)
        }
        return copy
    }

    deinit { pointer.deallocate() }
}

// MARK: Handles

/// The opaque pointer a C caller holds for an object, retained until it is closed.
func handle<T: AnyObject>(_ object: T) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(object).toOpaque())
}

func object<T: AnyObject>(_ handle: OpaquePointer?, as type: T.Type) -> T? {
    guard let handle else { return nil }
    return Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

func release<T: AnyObject>(_ handle: OpaquePointer, as type: T.Type) {
    Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// The text of a pointer and byte length from C; invalid UTF-8 is repaired, as Swift strings are.
func string(_ pointer: UnsafePointer<CChar>?, _ length: Int64) -> String {
    guard let pointer, length > 0 else { return "" }
    return pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
        String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
    }
}
