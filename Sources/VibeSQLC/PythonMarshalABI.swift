// The C ABI's batch functions for a Python binding (vibesql.h): parameter sets and rows in
// marshal format, one foreign call per execute, per batch of rows and per executemany chunk.
import Engine

@_cdecl("vibesql_bind_pymarshal")
public func vibesql_bind_pymarshal(_ stmt: OpaquePointer?, _ params: UnsafeRawPointer?, _ length: Int64) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded {
        statement.reset()
        var reader = MarshalReader(params, length)
        try reader.bindParameters(of: statement)
        return Status.ok
    }
}

@_cdecl("vibesql_execute_pymarshal")
public func vibesql_execute_pymarshal(
    _ stmt: OpaquePointer?, _ params: UnsafeRawPointer?, _ paramsLength: Int64, _ maxRows: Int64,
    _ rows: UnsafeMutablePointer<UnsafeRawPointer?>?, _ rowsLength: UnsafeMutablePointer<Int64>?,
    _ changes: UnsafeMutablePointer<Int64>?, _ lastInsertRowid: UnsafeMutablePointer<Int64>?
) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded {
        statement.reset()
        if paramsLength > 0 {
            var reader = MarshalReader(params, paramsLength)
            try reader.bindParameters(of: statement)
        } else if !statement.bindings.isEmpty {
            // No parameters given for a statement that has some: all NULL would hide a mistake.
            throw InterfaceError(code: Status.range, message: "Incorrect number of bindings supplied. The current statement uses \(statement.bindings.count), and there are 0 supplied.")
        }
        try statement.runIfNeeded()
        let database = statement.connection.database
        changes?.pointee = Int64(database.lastChanges)
        lastInsertRowid?.pointee = database.lastInsertRowid
        return try fetch(statement, maxRows, rows, rowsLength)
    }
}

@_cdecl("vibesql_fetch_pymarshal")
public func vibesql_fetch_pymarshal(
    _ stmt: OpaquePointer?, _ maxRows: Int64,
    _ rows: UnsafeMutablePointer<UnsafeRawPointer?>?, _ rowsLength: UnsafeMutablePointer<Int64>?
) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded { try fetch(statement, maxRows, rows, rowsLength) }
}

/// Encodes the next rows (at most maxRows) into the statement's output buffer.
private func fetch(_ statement: Statement, _ maxRows: Int64,
                   _ rows: UnsafeMutablePointer<UnsafeRawPointer?>?,
                   _ rowsLength: UnsafeMutablePointer<Int64>?) throws -> Int32 {
    let (batch, more) = try statement.takeRows(limit: Int(clamping: max(0, maxRows)))
    statement.output.reset()
    try statement.output.writeRows(batch)
    rows?.pointee = UnsafeRawPointer(statement.output.base)
    rowsLength?.pointee = Int64(statement.output.count)
    return more ? Status.row : Status.done
}

@_cdecl("vibesql_executemany_pymarshal")
public func vibesql_executemany_pymarshal(
    _ stmt: OpaquePointer?, _ sets: UnsafeRawPointer?, _ setsLength: Int64,
    _ changes: UnsafeMutablePointer<Int64>?, _ lastInsertRowid: UnsafeMutablePointer<Int64>?,
    _ failedSet: UnsafeMutablePointer<Int64>?
) -> Int32 {
    changes?.pointee = 0
    failedSet?.pointee = -1
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    var total: Int64 = 0
    var current = -1
    let status = statement.connection.guarded {
        var reader = MarshalReader(sets, setsLength)
        let code = try reader.byte()
        guard code == MarshalCode.list || code == MarshalCode.tuple || code == MarshalCode.smallTuple else {
            throw InterfaceError(code: Status.type, message: "parameter sets must come as a list")
        }
        let count = try reader.count(after: code)
        statement.reset()
        total = Int64(try statement.prepared.runEach { parameters in
            guard current + 1 < count else { return false }
            current += 1
            try reader.bindParameters(of: statement)
            parameters = statement.bindings
            return true
        })
        lastInsertRowid?.pointee = statement.connection.database.lastInsertRowid
        return Status.ok
    }
    changes?.pointee = total
    if status != Status.ok { failedSet?.pointee = Int64(max(current, 0)) }
    return status
}
