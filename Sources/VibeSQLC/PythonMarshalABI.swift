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

/// Resets, binds `params` (none when paramsLength is 0), runs the statement and encodes the
/// marshal tuple (more rows remain, changes, last insert rowid, schema version, up to maxRows
/// rows), copied into `out` when it fits, else Status.buffer and vibesql_output_pymarshal hands
/// it over. Made for a caller that passes its arguments unconverted (ctypes without argument
/// types, whose per-argument conversions cost more than a point query's run): 32-bit counts,
/// no out-parameters.
@_cdecl("vibesql_run_pymarshal")
public func vibesql_run_pymarshal(
    _ stmt: OpaquePointer?, _ params: UnsafeRawPointer?, _ paramsLength: Int32, _ maxRows: Int32,
    _ out: UnsafeMutableRawPointer?, _ outCapacity: Int32
) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    return statement.connection.guarded {
        statement.reset()
        if paramsLength > 0 {
            var reader = MarshalReader(params, Int64(paramsLength))
            try reader.bindParameters(of: statement)
        } else if !statement.bindings.isEmpty {
            throw missingBindings(statement)
        }
        try statement.runIfNeeded()
        let database = statement.connection.database
        let (batch, more) = try statement.takeRows(limit: Int(max(0, maxRows)))
        let output = statement.output
        output.reset()
        output.byte(MarshalCode.smallTuple)
        output.byte(5)
        output.byte(more ? MarshalCode.trueValue : MarshalCode.falseValue)
        try output.write(.integer(Int64(database.lastChanges)))
        try output.write(.integer(database.lastInsertRowid))
        try output.write(.integer(Int64(database.schemaVersion)))
        try statement.writeRows(batch, into: output)
        guard let out, output.count <= Int(outCapacity) else { return Status.buffer }
        out.copyMemory(from: output.base, byteCount: output.count)
        return Status.ok
    }
}

/// The output of the last call on stmt (after Status.buffer from vibesql_run_pymarshal).
@_cdecl("vibesql_output_pymarshal")
public func vibesql_output_pymarshal(
    _ stmt: OpaquePointer?, _ data: UnsafeMutablePointer<UnsafeRawPointer?>?, _ length: UnsafeMutablePointer<Int64>?
) -> Int32 {
    guard let statement = object(stmt, as: Statement.self) else { return Status.misuse }
    data?.pointee = UnsafeRawPointer(statement.output.base)
    length?.pointee = Int64(statement.output.count)
    return Status.ok
}

/// No parameters given for a statement that has some: all NULL would hide a mistake.
private func missingBindings(_ statement: Statement) -> InterfaceError {
    InterfaceError(code: Status.range, message: "Incorrect number of bindings supplied. The current statement uses \(statement.bindings.count), and there are 0 supplied.")
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
    try statement.writeRows(batch, into: statement.output)
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
        let parameterCount = statement.bindings.count
        total = Int64(try statement.prepared.runEach { parameters in
            guard current + 1 < count else { return false }
            current += 1
            // Read in place: the engine's copy of the last set is gone by now.
            if parameters.count != parameterCount { parameters = Array(repeating: .null, count: parameterCount) }
            try reader.readParameters(into: &parameters, names: statement.parameterNames)
            return true
        })
        lastInsertRowid?.pointee = statement.connection.database.lastInsertRowid
        return Status.ok
    }
    changes?.pointee = total
    if status != Status.ok { failedSet?.pointee = Int64(max(current, 0)) }
    return status
}

extension Statement {
    /// Rows into `output` as the connection asks for text (see vibesql_text_as_bytes).
    func writeRows(_ rows: ArraySlice<[Value]>, into output: ByteWriter) throws {
        try output.writeRows(rows, textAsBytes: connection.textAsBytes) { column in
            let names = self.names()
            return column < names.count ? String(cString: names[column].pointer) : String(column)
        }
    }
}
