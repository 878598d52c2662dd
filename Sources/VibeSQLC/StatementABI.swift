// The C ABI's statement functions (vibesql.h): prepare, bind, step, columns, finalize.
import Engine

@_cdecl("vibesql_prepare")
public func vibesql_prepare(_ db: OpaquePointer?, _ sql: UnsafePointer<CChar>?, _ length: Int64,
                            _ out: UnsafeMutablePointer<OpaquePointer?>?,
                            _ tailOffset: UnsafeMutablePointer<Int64>?) -> Int32 {
    out?.pointee = nil
    guard let connection = object(db, as: Connection.self), let out else { return Status.misuse }
    return connection.guarded {
        let text = string(sql, length)
        guard let prepared = try connection.database.prepare(text) else {
            tailOffset?.pointee = Int64(text.utf8.count)
            return Status.ok
        }
        tailOffset?.pointee = Int64(prepared.tailOffset)
        out.pointee = handle(Statement(connection: connection, prepared: prepared))
        return Status.ok
    }
}

@_cdecl("vibesql_finalize")
public func vibesql_finalize(_ stmt: OpaquePointer?) -> Int32 {
    guard let stmt else { return Status.ok }
    release(stmt, as: Statement.self)
    return Status.ok
}

@_cdecl("vibesql_reset")
public func vibesql_reset(_ stmt: OpaquePointer?) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    statement.reset()
    return Status.ok
}

@_cdecl("vibesql_clear_bindings")
public func vibesql_clear_bindings(_ stmt: OpaquePointer?) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    statement.reset()
    statement.bindings = Array(repeating: .null, count: statement.bindings.count)
    return Status.ok
}

// MARK: Parameters

@_cdecl("vibesql_bind_parameter_count")
public func vibesql_bind_parameter_count(_ stmt: OpaquePointer?) -> Int32 {
    Int32(object(stmt, as: Statement.self)?.bindings.count ?? 0)
}

@_cdecl("vibesql_bind_parameter_index")
public func vibesql_bind_parameter_index(_ stmt: OpaquePointer?, _ name: UnsafePointer<CChar>?) -> Int32 {
    guard let statement = object(stmt, as: Statement.self), let name else { return 0 }
    return Int32(statement.prepared.parameterNumbers[String(cString: name)] ?? 0)
}

@_cdecl("vibesql_bind_parameter_name")
public func vibesql_bind_parameter_name(_ stmt: OpaquePointer?, _ number: Int32) -> UnsafePointer<CChar>? {
    guard let statement = object(stmt, as: Statement.self),
          let name = statement.parameterNames[Int(number)] else { return nil }
    return UnsafePointer(name.pointer)
}

/// Binds one value through the statement's connection, which records a failure.
private func bind(_ stmt: OpaquePointer?, _ number: Int32, _ value: () -> Value) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded {
        try statement.bind(value(), at: number)
        return Status.ok
    }
}

@_cdecl("vibesql_bind_int64")
public func vibesql_bind_int64(_ stmt: OpaquePointer?, _ number: Int32, _ value: Int64) -> Int32 {
    bind(stmt, number) { .integer(value) }
}

@_cdecl("vibesql_bind_double")
public func vibesql_bind_double(_ stmt: OpaquePointer?, _ number: Int32, _ value: Double) -> Int32 {
    // SQLite stores a NaN as NULL.
    bind(stmt, number) { value.isNaN ? .null : .real(value) }
}

@_cdecl("vibesql_bind_text")
public func vibesql_bind_text(_ stmt: OpaquePointer?, _ number: Int32, _ text: UnsafePointer<CChar>?,
                              _ length: Int64) -> Int32 {
    // The bytes as they came, valid UTF-8 or not (sqlite3_bind_text keeps them too).
    bind(stmt, number) {
        guard let text, length > 0 else { return .text("") }
        return text.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            Value.text(bytes: UnsafeBufferPointer(start: $0, count: Int(length)))
        }
    }
}

@_cdecl("vibesql_bind_blob")
public func vibesql_bind_blob(_ stmt: OpaquePointer?, _ number: Int32, _ blob: UnsafeRawPointer?,
                              _ length: Int64) -> Int32 {
    bind(stmt, number) {
        guard let blob, length > 0 else { return .blob([]) }
        return .blob(Array(UnsafeRawBufferPointer(start: blob, count: Int(length))))
    }
}

@_cdecl("vibesql_bind_null")
public func vibesql_bind_null(_ stmt: OpaquePointer?, _ number: Int32) -> Int32 {
    bind(stmt, number) { .null }
}

// MARK: Running

@_cdecl("vibesql_step")
public func vibesql_step(_ stmt: OpaquePointer?) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded {
        try statement.advance() ? Status.row : Status.done
    }
}

@_cdecl("vibesql_stmt_is_query")
public func vibesql_stmt_is_query(_ stmt: OpaquePointer?) -> Int32 {
    object(stmt, as: Statement.self)?.prepared.isQuery == true ? 1 : 0
}

@_cdecl("vibesql_stmt_is_dml")
public func vibesql_stmt_is_dml(_ stmt: OpaquePointer?) -> Int32 {
    object(stmt, as: Statement.self)?.prepared.isDataChange == true ? 1 : 0
}

// MARK: Columns

@_cdecl("vibesql_column_count")
public func vibesql_column_count(_ stmt: OpaquePointer?) -> Int32 {
    Int32(object(stmt, as: Statement.self)?.names().count ?? 0)
}

@_cdecl("vibesql_column_name")
public func vibesql_column_name(_ stmt: OpaquePointer?, _ column: Int32) -> UnsafePointer<CChar>? {
    guard let names = object(stmt, as: Statement.self)?.names(),
          column >= 0, Int(column) < names.count else { return nil }
    return UnsafePointer(names[Int(column)].pointer)
}

@_cdecl("vibesql_column_decltype")
public func vibesql_column_decltype(_ stmt: OpaquePointer?, _ column: Int32) -> UnsafePointer<CChar>? {
    guard let types = object(stmt, as: Statement.self)?.declaredTypes(),
          column >= 0, Int(column) < types.count, let type = types[Int(column)] else { return nil }
    return UnsafePointer(type.pointer)
}

@_cdecl("vibesql_column_type")
public func vibesql_column_type(_ stmt: OpaquePointer?, _ column: Int32) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return 5 }
    switch statement.value(column) {
    case .integer: return 1
    case .real: return 2
    case .text, .invalidText: return 3
    case .blob: return 4
    case .null: return 5
    }
}

@_cdecl("vibesql_column_int64")
public func vibesql_column_int64(_ stmt: OpaquePointer?, _ column: Int32) -> Int64 {
    guard let statement = object(stmt, as: Statement.self),
          case .integer(let value) = statement.value(column).castToInteger() else { return 0 }
    return value
}

@_cdecl("vibesql_column_double")
public func vibesql_column_double(_ stmt: OpaquePointer?, _ column: Int32) -> Double {
    guard let statement = object(stmt, as: Statement.self) else { return 0 }
    switch statement.value(column).castToReal() {
    case .real(let value): return value
    case .integer(let value): return Double(value)
    default: return 0
    }
}

@_cdecl("vibesql_column_text")
public func vibesql_column_text(_ stmt: OpaquePointer?, _ column: Int32,
                                _ length: UnsafeMutablePointer<Int64>?) -> UnsafePointer<CChar>? {
    handOutBytes(stmt, column, length).map { UnsafePointer($0.pointer) }
}

@_cdecl("vibesql_column_blob")
public func vibesql_column_blob(_ stmt: OpaquePointer?, _ column: Int32,
                                _ length: UnsafeMutablePointer<Int64>?) -> UnsafeRawPointer? {
    handOutBytes(stmt, column, length).map { UnsafeRawPointer($0.pointer) }
}

/// A column's bytes (text as UTF-8, a blob as it is, numbers as their text), kept until the
/// next step; nil for NULL.
private func handOutBytes(_ stmt: OpaquePointer?, _ column: Int32,
                          _ length: UnsafeMutablePointer<Int64>?) -> CString? {
    length?.pointee = 0
    guard let statement = object(stmt, as: Statement.self) else { return nil }
    let copy: CString
    switch statement.value(column) {
    case .null: return nil
    case .blob(let bytes), .invalidText(let bytes): copy = CString.copying(bytes)
    case let value:
        guard case .text(let text) = value.castToText() else { return nil }
        copy = CString(text)
    }
    statement.handedOut.append(copy)
    length?.pointee = Int64(copy.count)
    return copy
}

@_cdecl("vibesql_columns_pymarshal")
public func vibesql_columns_pymarshal(_ stmt: OpaquePointer?, _ columns: UnsafeMutablePointer<UnsafeRawPointer?>?,
                                      _ columnsLength: UnsafeMutablePointer<Int64>?) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded {
        let names = statement.names().map { Value.text(String(cString: $0.pointer)) }
        let types = statement.declaredTypes().map { $0.map { Value.text(String(cString: $0.pointer)) } ?? .null }
        statement.output.reset()
        try statement.output.writeRows([names, types.count == names.count ? types : names.map { _ in .null }])
        columns?.pointee = UnsafeRawPointer(statement.output.base)
        columnsLength?.pointee = Int64(statement.output.count)
        return Status.ok
    }
}
