// Adapter for the built-in engine.
import Engine

/// Drives an in-memory VibeSQL `Database`.
public final class VibeSQLEngine: SQLEngine {
    public let database: Database

    public init(database: Database = Database()) {
        self.database = database
    }

    public func executeStatements(_ sql: String) -> String? {
        do {
            try database.execute(sql)
            return nil
        } catch {
            return message(error)
        }
    }

    public func query(_ sql: String) -> QueryOutcome {
        do {
            let outcome = try database.run(sql)
            return .ran(columnCount: outcome.result.columns.count, rows: outcome.result.rows,
                        error: outcome.error.map { message($0) })
        } catch {
            return .prepareFailed(message(error))
        }
    }

    public func limitStatementTime(to limit: Duration?) {
        database.timeLimit = limit
    }

    private func message(_ error: Error) -> String {
        (error as? SQLError)?.message ?? String(describing: error)
    }
}
