// ATTACH and DETACH: more schemas on one connection, with SQLite's names, limit and errors.
// `:memory:` or '' attaches an empty in-memory database; any other name is a VibeSQL SQL dump
// file, read through the dump loader (so it runs only what a dump may hold) and attached
// read-only: VibeSQL keeps a database in memory and writes a dump only when asked, so a change
// made through the attachment could never reach the file.

import Foundation

extension Database {
    /// SQLITE_MAX_ATTACHED: databases attached at once besides main and temp.
    static let maxAttached = 10

    func attach(file fileExpression: Expression, name nameExpression: Expression, compiler: Compiler,
                ctx: ExecutionContext) throws -> QueryResult {
        let file = try attachOperand(fileExpression, compiler: compiler, ctx: ctx)
        let name = try attachOperand(nameExpression, compiler: compiler, ctx: ctx)
        if catalogs.count - 2 >= Database.maxAttached {
            throw SQLError(.runtime, "too many attached databases - max \(Database.maxAttached)")
        }
        let key = asciiLowercased(name)
        if key == "main" || key == "temp" || catalogs.contains(where: { asciiLowercased($0.schemaName) == key }) {
            throw SQLError(.runtime, "database \(name) is already in use")
        }
        var attached = Catalog(schemaName: name)
        if file != "" && file != ":memory:" {
            attached = try catalogFromDump(file: file)
            attached.schemaName = name
            attached.file = file
            attached.readOnly = true
        }
        catalogs.append(attached)
        return QueryResult()
    }

    func detach(_ nameExpression: Expression, compiler: Compiler, ctx: ExecutionContext) throws -> QueryResult {
        let name = try attachOperand(nameExpression, compiler: compiler, ctx: ctx)
        let key = asciiLowercased(name)
        if key == "main" || key == "temp" { throw SQLError(.runtime, "cannot detach database \(name)") }
        guard let s = catalogs.indices.dropFirst(2).first(where: { asciiLowercased(catalogs[$0].schemaName) == key }) else {
            throw SQLError(.runtime, "no such database: \(name)")
        }
        if inTransaction && transactionTouches(schema: s) { throw SQLError(.runtime, "database \(name) is locked") }
        catalogs.remove(at: s)
        return QueryResult()
    }

    /// ATTACH's and DETACH's operands are expressions; a bare word stands for itself.
    private func attachOperand(_ expression: Expression, compiler: Compiler, ctx: ExecutionContext) throws -> String {
        if case .column(nil, let word, _) = expression { return word }
        let value = try compiler.compile(expression, in: Scope(parent: nil)).evaluate([], ctx)
        return value.textForm ?? ""
    }

    /// True when the open transaction changed a row or the catalog of schema `s`.
    private func transactionTouches(schema s: Int) -> Bool {
        let tables = catalogs[s].tables.values.map(ObjectIdentifier.init)
        return undoLog.contains { entry in
            switch entry {
            case .catalog(let snapshot): return asciiLowercased(snapshot.schemaName) == asciiLowercased(catalogs[s].schemaName)
            case .inserted(let table, _), .deleted(let table, _), .emptied(let table, _), .updated(let table, _):
                return tables.contains(ObjectIdentifier(table))
            case .indexAdded(_, let table), .highestRowidRaised(let table, _): return tables.contains(ObjectIdentifier(table))
            case .indexRemoved: return false
            }
        }
    }

    /// A dump file's database as a catalog. Anything that keeps it from loading is an error
    /// naming the file; nothing is attached then.
    private func catalogFromDump(file: String) throws -> Catalog {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let decoded = SQLText.source(fromBytes: [UInt8](data)) else {
                throw SQLError(.runtime, "unable to open database \(file): not a UTF-8 SQL dump")
            }
            text = decoded
        } catch let error as SQLError {
            throw error
        } catch {
            throw SQLError(.runtime, "unable to open database: \(file)")
        }
        do {
            return try Database.load(dump: text).catalog
        } catch let error as SQLError {
            throw SQLError(.runtime, "unable to attach \(file): \(error.message)")
        }
    }

    /// PRAGMA database_list: main, temp once it has held an object, then the attached databases.
    func databaseListRows() -> [Row] {
        catalogs.indices.compactMap { s in
            if s == Database.tempSchema && !tempSchemaUsed { return nil }
            return [.integer(Int64(s)), .text(catalogs[s].schemaName), .text(catalogs[s].file)]
        }
    }
}
