// Statements: what a parsed SQL text is made of.

/// One SELECT, possibly compound, with its ORDER BY and LIMIT.
final class SelectStatement {
    var with: WithClause?
    var body: SelectBody
    var orderBy: [OrderingTerm]
    var limit: Expression?
    var offset: Expression?

    init(with: WithClause? = nil, body: SelectBody, orderBy: [OrderingTerm] = [], limit: Expression? = nil, offset: Expression? = nil) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }
}

struct WithClause {
    var recursive: Bool
    var tables: [CommonTableExpression]
}

struct CommonTableExpression {
    var name: String
    var columns: [String]?
    var select: SelectStatement
}

enum CompoundOperator: String { case union = "UNION", unionAll = "UNION ALL", intersect = "INTERSECT", except = "EXCEPT" }

indirect enum SelectBody {
    case core(SelectCore)
    case values([[Expression]])
    case compound(SelectBody, CompoundOperator, SelectBody)
}

/// SELECT [DISTINCT] columns FROM ... WHERE ... GROUP BY ... HAVING ...
struct SelectCore {
    var distinct = false
    var columns: [ResultColumn]
    var from: FromItem?
    var whereClause: Expression?
    var groupBy: [Expression] = []
    var having: Expression?
    var windows: [String: WindowSpec] = [:]
}

enum ResultColumn {
    case all(position: Int)
    case allOf(table: String, position: Int)
    case expression(Expression, alias: String?, text: String)
}

enum JoinKind { case inner, left, cross, right, full }

indirect enum FromItem {
    case table(name: String, schema: String?, alias: String?, position: Int, indexing: TableIndexing = .automatic)
    case subquery(SelectStatement, alias: String?)
    case tableFunction(name: String, arguments: [Expression], alias: String?, position: Int)
    case join(FromItem, FromItem, kind: JoinKind, natural: Bool, on: Expression?, using: [String]?)
}

/// A column in CREATE TABLE.
struct ColumnDefinition {
    var name: String
    var type: TypeName?
    var primaryKey = false
    var primaryKeyDescending = false
    var autoincrement = false
    var notNull = false
    var unique = false
    /// ON CONFLICT clauses of the column's constraints: the default resolution when a statement names none.
    var primaryKeyConflict: ConflictResolution?
    var notNullConflict: ConflictResolution?
    var uniqueConflict: ConflictResolution?
    var defaultValue: Expression?
    var defaultText: String?
    var check: [Expression] = []
    var checkText: [String] = []
    var collation: String?
    var references: ForeignKeyClause?
    /// `[GENERATED ALWAYS] AS (expr) [VIRTUAL | STORED]`: the column's value is computed.
    var generated: GeneratedColumn?
    /// The definition as written in ALTER TABLE ADD COLUMN, which appends it to the table's text.
    var text: String?
}

/// A generated column's expression, its text as written (for the dump) and its kind.
struct GeneratedColumn {
    var expression: Expression
    var text: String
    var stored: Bool
}

struct ForeignKeyClause {
    var table: String
    var columns: [String]
    var onDelete: String?
    var onUpdate: String?
    /// DEFERRABLE INITIALLY DEFERRED: checked when the transaction commits.
    var deferred = false
}

/// A column of a PRIMARY KEY or UNIQUE table constraint, with the collation and order its
/// implicit index keys it by (`UNIQUE(a COLLATE NOCASE, b DESC)`).
struct IndexedColumn: Equatable {
    var name: String
    var collation: String?
    var descending = false
}

enum TableConstraint {
    case primaryKey([IndexedColumn], name: String?, conflict: ConflictResolution? = nil)
    case unique([IndexedColumn], name: String?, conflict: ConflictResolution? = nil)
    case check(Expression, text: String, name: String?)
    case foreignKey([String], ForeignKeyClause, name: String?)
}

enum ConflictResolution: String { case abort = "ABORT", rollback = "ROLLBACK", fail = "FAIL", ignore = "IGNORE", replace = "REPLACE" }

enum TriggerTiming: String { case before = "BEFORE", after = "AFTER", insteadOf = "INSTEAD OF" }
enum TriggerEvent: Hashable { case insert, delete, update(columns: [String]?) }

struct CreateTrigger {
    var name: String
    var ifNotExists: Bool
    var temporary: Bool
    var timing: TriggerTiming
    var event: TriggerEvent
    var table: String
    var when: Expression?
    var body: [Statement]
    var sql: String
    /// `schema.name` of the trigger and `ON schema.table`: where it lives and what it watches.
    var schema: String? = nil
    var tableSchema: String? = nil
    /// Where the trigger's name starts, for SQLite's error carets.
    var namePosition: Int = 0
}

enum InsertSource {
    case values([[Expression]])
    case select(SelectStatement)
    case defaultValues
}

struct UpsertClause {
    /// The conflict target's indexed columns or expressions (Execution/UpsertTarget.swift).
    var target: [OrderingTerm]?
    var targetWhere: Expression?
    /// nil: DO NOTHING.
    var assignments: [(columns: [String], value: Expression)]?
    var whereClause: Expression?
}

struct InsertStatement {
    var with: WithClause?
    /// OR REPLACE, OR IGNORE, ...; nil: each constraint's own ON CONFLICT, else ABORT.
    var conflict: ConflictResolution?
    var table: String
    var schema: String?
    var alias: String?
    var columns: [String]?
    var source: InsertSource
    var upsert: [UpsertClause] = []
    var returning: [ResultColumn]?
    var position: Int
}

struct UpdateStatement {
    var with: WithClause?
    var conflict: ConflictResolution?
    var table: String
    var schema: String?
    var alias: String?
    var assignments: [(columns: [String], value: Expression)]
    var from: FromItem?
    var whereClause: Expression?
    var returning: [ResultColumn]?
    var position: Int
    var indexing: TableIndexing = .automatic
}

struct DeleteStatement {
    var with: WithClause?
    var table: String
    var schema: String?
    var alias: String?
    var whereClause: Expression?
    var returning: [ResultColumn]?
    var position: Int
    var indexing: TableIndexing = .automatic
}

/// Privileges and their objects for GRANT and REVOKE.
struct PrivilegeStatement {
    var privileges: [String]
    var objectKind: String
    var objects: [String]
    var roles: [String]
    var withGrantOption: Bool
}

indirect enum Statement {
    case select(SelectStatement)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    case createTable(name: String, schema: String?, ifNotExists: Bool, temporary: Bool,
                     columns: [ColumnDefinition], constraints: [TableConstraint], withoutRowid: Bool,
                     strict: Bool = false, asSelect: SelectStatement?, position: Int, sql: String = "")
    case createIndex(name: String, schema: String?, table: String, columns: [OrderingTerm], unique: Bool,
                     ifNotExists: Bool, whereClause: Expression?, position: Int, sql: String = "")
    case createView(name: String, schema: String?, columns: [String]?, select: SelectStatement, ifNotExists: Bool,
                    temporary: Bool, sql: String, position: Int)
    case createTrigger(CreateTrigger)
    case createSchema(name: String, ifNotExists: Bool)
    case createRole(name: String)
    case drop(kind: String, name: String, schema: String?, ifExists: Bool, position: Int)
    case grant(PrivilegeStatement)
    case revoke(PrivilegeStatement)
    case reindex(name: String?)
    case begin
    case commit
    case rollback
    case savepoint(String)
    case release(String)
    case rollbackTo(String)
    case pragma(name: String, value: Expression?, schema: String? = nil)
    case analyze
    case vacuum
    case alterTableRename(table: String, newName: String, schema: String? = nil)
    case alterTableAddColumn(table: String, column: ColumnDefinition, schema: String? = nil)
    case alterTableDropColumn(table: String, column: String, position: Int, schema: String? = nil)
    case alterTableRenameColumn(table: String, from: String, to: String, position: Int, schema: String? = nil)
    /// EXPLAIN, or EXPLAIN QUERY PLAN when `queryPlan`.
    case explain(Statement, queryPlan: Bool)
    /// ATTACH [DATABASE] file AS name; DETACH [DATABASE] name. A bare word names itself.
    case attach(file: Expression, name: Expression)
    case detach(name: Expression)
}

/// What a FROM table says about indexes: nothing, NOT INDEXED (scan the table itself), or
/// INDEXED BY name (scan or search through that index only).
enum TableIndexing: Equatable {
    case automatic
    case notIndexed
    case indexedBy(String)
}
