// The C ABI's connection functions (vibesql.h): open, close, errors, scripts, dumps.
import Engine
import Foundation

@_cdecl("vibesql_version")
public func vibesql_version() -> UnsafePointer<CChar> {
    staticText("0.1.0")
}

/// A string literal's NUL-terminated bytes, which live as long as the library.
private func staticText(_ text: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
}

@_cdecl("vibesql_open")
public func vibesql_open(_ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?,
                         _ errorOut: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    out?.pointee = nil
    errorOut?.pointee = nil
    guard let out else { return Status.misuse }
    func failure(_ code: Int32, _ message: String) -> Int32 {
        errorOut?.pointee = mallocCopy(message)
        return code
    }
    let database: Database
    if let path {
        let file = String(cString: path)
        let url = URL(fileURLWithPath: file)
        guard let data = try? Data(contentsOf: url) else {
            return failure(Status.cantOpen, "unable to open the dump \(file)")
        }
        guard let text = SQLText.source(fromBytes: [UInt8](data)) else {
            return failure(Status.error, "\(file): the dump is not valid UTF-8")
        }
        do {
            database = try Database.load(dump: text)
        } catch let error as SQLError {
            return failure(error.status, "\(file): \(error.message)")
        } catch {
            return failure(Status.error, "\(file): \(error)")
        }
    } else {
        database = Database()
    }
    out.pointee = handle(Connection(database: database))
    return Status.ok
}

@_cdecl("vibesql_close")
public func vibesql_close(_ db: OpaquePointer?) -> Int32 {
    guard let db else { return Status.ok }
    release(db, as: Connection.self)
    return Status.ok
}

@_cdecl("vibesql_free")
public func vibesql_free(_ pointer: UnsafeMutableRawPointer?) {
    free(pointer)
}

@_cdecl("vibesql_errcode")
public func vibesql_errcode(_ db: OpaquePointer?) -> Int32 {
    object(db, as: Connection.self)?.errorCode ?? Status.misuse
}

@_cdecl("vibesql_errmsg")
public func vibesql_errmsg(_ db: OpaquePointer?) -> UnsafePointer<CChar> {
    guard let connection = object(db, as: Connection.self) else { return staticText("no connection (a null handle)") }
    return UnsafePointer(connection.errorMessage.pointer)
}

@_cdecl("vibesql_errkind")
public func vibesql_errkind(_ db: OpaquePointer?) -> UnsafePointer<CChar> {
    guard let connection = object(db, as: Connection.self) else { return staticText("") }
    return UnsafePointer(connection.errorKind.pointer)
}

@_cdecl("vibesql_erroffset")
public func vibesql_erroffset(_ db: OpaquePointer?) -> Int64 {
    object(db, as: Connection.self)?.errorOffset ?? -1
}

@_cdecl("vibesql_changes")
public func vibesql_changes(_ db: OpaquePointer?) -> Int64 {
    Int64(object(db, as: Connection.self)?.database.lastChanges ?? 0)
}

@_cdecl("vibesql_total_changes")
public func vibesql_total_changes(_ db: OpaquePointer?) -> Int64 {
    Int64(object(db, as: Connection.self)?.database.totalChanges ?? 0)
}

@_cdecl("vibesql_last_insert_rowid")
public func vibesql_last_insert_rowid(_ db: OpaquePointer?) -> Int64 {
    object(db, as: Connection.self)?.database.lastInsertRowid ?? 0
}

@_cdecl("vibesql_schema_version")
public func vibesql_schema_version(_ db: OpaquePointer?) -> Int64 {
    Int64(object(db, as: Connection.self)?.database.schemaVersion ?? -1)
}

@_cdecl("vibesql_in_transaction")
public func vibesql_in_transaction(_ db: OpaquePointer?) -> Int32 {
    object(db, as: Connection.self)?.database.isInTransaction == true ? 1 : 0
}

@_cdecl("vibesql_exec")
public func vibesql_exec(_ db: OpaquePointer?, _ sql: UnsafePointer<CChar>?, _ length: Int64) -> Int32 {
    guard let connection = object(db, as: Connection.self) else { return Status.misuse }
    return connection.guarded {
        try connection.database.executeEach(string(sql, length)) { _ in }
        return Status.ok
    }
}

@_cdecl("vibesql_dump")
public func vibesql_dump(_ db: OpaquePointer?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ outLength: UnsafeMutablePointer<Int64>?) -> Int32 {
    guard let connection = object(db, as: Connection.self), let out else { return Status.misuse }
    let text = connection.database.dump()
    out.pointee = mallocCopy(text)
    outLength?.pointee = Int64(text.utf8.count)
    return Status.ok
}

@_cdecl("vibesql_save")
public func vibesql_save(_ db: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
    guard let connection = object(db, as: Connection.self), let path else { return Status.misuse }
    let file = String(cString: path)
    return connection.guarded {
        do {
            try connection.database.save(to: URL(fileURLWithPath: file))
        } catch {
            throw InterfaceError(code: Status.cantOpen, message: "unable to write the dump \(file): \(error.localizedDescription)")
        }
        return Status.ok
    }
}

@_cdecl("vibesql_load")
public func vibesql_load(_ db: OpaquePointer?, _ dump: UnsafePointer<CChar>?, _ length: Int64) -> Int32 {
    guard let connection = object(db, as: Connection.self) else { return Status.misuse }
    return connection.guarded {
        let bytes = dump.map { UnsafeRawBufferPointer(start: $0, count: Int(max(length, 0))) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
        guard let text = SQLText.source(fromBytes: [UInt8](bytes)) else {
            throw InterfaceError(code: Status.error, message: "the dump is not valid UTF-8")
        }
        try connection.database.load(dump: text)
        return Status.ok
    }
}

/// A NUL-terminated copy of the text in memory from malloc, for the caller to vibesql_free.
private func mallocCopy(_ text: String) -> UnsafeMutablePointer<CChar>? {
    let utf8 = text.utf8
    guard let memory = malloc(utf8.count + 1) else { return nil }
    let buffer = UnsafeMutableRawBufferPointer(start: memory, count: utf8.count + 1)
    _ = buffer.initializeMemory(as: UInt8.self, from: utf8)
    buffer[utf8.count] = 0
    return memory.assumingMemoryBound(to: CChar.self)
}

@_cdecl("vibesql_complete")
public func vibesql_complete(_ sql: UnsafePointer<CChar>?, _ length: Int64) -> Int32 {
    Database.isComplete(string(sql, length)) ? 1 : 0
}

@_cdecl("vibesql_set_readonly")
public func vibesql_set_readonly(_ db: OpaquePointer?, _ readOnly: Int32) -> Int32 {
    guard let connection = object(db, as: Connection.self) else { return Status.misuse }
    connection.database.isReadOnly = readOnly != 0
    return Status.ok
}

@_cdecl("vibesql_text_as_bytes")
public func vibesql_text_as_bytes(_ db: OpaquePointer?, _ asBytes: Int32) -> Int32 {
    guard let connection = object(db, as: Connection.self) else { return Status.misuse }
    connection.textAsBytes = asBytes != 0
    return Status.ok
}

@_cdecl("vibesql_interrupt")
public func vibesql_interrupt(_ db: OpaquePointer?) -> Int32 {
    guard let connection = object(db, as: Connection.self) else { return Status.misuse }
    connection.interruptHandle.interrupt()
    return Status.ok
}
