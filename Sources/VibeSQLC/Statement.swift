// A prepared statement behind a vibesql_stmt handle: bound values, and the rows of its run
// handed out one step at a time.
import Engine

final class Statement {
    let connection: Connection
    let prepared: PreparedStatement
    var bindings: [Value]
    /// The run's output, once the first step ran the statement; nil before.
    private(set) var result: QueryResult?
    /// The next row a step hands out.
    private(set) var nextRow = 0
    /// Copies of the current row's text and blobs handed to the caller, freed at the next step.
    var handedOut: [CString] = []
    /// Output buffer of the batch calls (PythonMarshal).
    var output = ByteWriter()
    private var cachedNames: [CString]?
    private var cachedTypes: [CString?]?
    let parameterNames: [Int: CString]

    init(connection: Connection, prepared: PreparedStatement) {
        self.connection = connection
        self.prepared = prepared
        bindings = Array(repeating: .null, count: prepared.parameterCount)
        var names: [Int: CString] = [:]
        for (name, number) in prepared.parameterNumbers { names[number] = CString(name) }
        parameterNames = names
    }

    /// Runs the statement if it has not run since the last reset; throws what stopped it.
    func runIfNeeded() throws {
        guard result == nil else { return }
        result = try prepared.run(parameters: bindings)
        nextRow = 0
    }

    /// Moves to the next row: true when there is one.
    func advance() throws -> Bool {
        handedOut.removeAll(keepingCapacity: true)
        try runIfNeeded()
        guard let result, nextRow < result.rows.count else { return false }
        nextRow += 1
        return true
    }

    /// The rows not handed out yet, and marks them handed out up to `limit`.
    func takeRows(limit: Int) throws -> (rows: ArraySlice<[Value]>, more: Bool) {
        try runIfNeeded()
        guard let result else { return ([], false) }
        let end = nextRow + min(limit, result.rows.count - nextRow)
        let rows = result.rows[nextRow..<end]
        nextRow = end
        return (rows, end < result.rows.count)
    }

    /// Back to before the run. The names go too: a rerun after ALTER TABLE may return others.
    func reset() {
        result = nil
        nextRow = 0
        handedOut.removeAll()
        cachedNames = nil
        cachedTypes = nil
    }

    /// The current row (after a step that returned a row).
    var currentRow: [Value]? {
        guard let result, nextRow > 0, nextRow <= result.rows.count else { return nil }
        return result.rows[nextRow - 1]
    }

    func value(_ column: Int32) -> Value {
        guard let row = currentRow, column >= 0, Int(column) < row.count else { return .null }
        return row[Int(column)]
    }

    func bind(_ value: Value, at number: Int32) throws {
        guard number >= 1, Int(number) <= bindings.count else {
            throw InterfaceError(code: Status.range, message:
                "parameter number \(number) is out of range: the statement has \(bindings.count) parameters")
        }
        reset()
        bindings[Int(number) - 1] = value
    }

    /// Column names: the run's, or before it those the query will return.
    func names() -> [CString] {
        if let cachedNames { return cachedNames }
        let names = result?.columns ?? ((try? prepared.columnNames()) ?? [])
        let strings = names.map { CString($0) }
        cachedNames = strings
        return strings
    }

    func declaredTypes() -> [CString?] {
        if let cachedTypes { return cachedTypes }
        let types = prepared.declaredTypes(count: names().count).map { $0.map { CString($0) } }
        cachedTypes = types
        return types
    }
}
