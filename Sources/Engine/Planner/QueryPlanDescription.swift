// EXPLAIN QUERY PLAN: the lines that describe the plan the planner chose, in SQLite 3.40's
// words (`SCAN t`, `SEARCH t USING INDEX i (a=?)`, `USE TEMP B-TREE FOR ORDER BY`, ...) and
// its tree shape. The compiler records them while it compiles a statement for EXPLAIN only
// (`Compiler.planRecorder` is nil otherwise, so an ordinary statement pays nothing).

/// One line of a query plan and the lines under it. The text is read when the plan is shown:
/// some choices (a covering index) depend on every column the statement reads, known only once
/// the whole statement has compiled.
final class PlanLine {
    let detail: () -> String
    var children: [PlanLine]

    init(_ detail: @escaping () -> String, children: [PlanLine] = []) {
        self.detail = detail
        self.children = children
    }

    convenience init(_ text: String, children: [PlanLine] = []) {
        self.init({ text }, children: children)
    }
}

/// Where a line goes among a query's lines, in the order SQLite codes them: subqueries of the
/// FROM clause first, then the loops over the sources, then subqueries of expressions, then
/// the sorters.
enum PlanSection: Int {
    case prelude, loops, subqueries, sorters
}

/// Collects the plan's lines while the compiler works, one frame per query being compiled.
final class PlanRecorder {
    private struct Entry {
        let section: PlanSection
        let lines: () -> [PlanLine]
    }
    private struct Frame {
        var entries: [Entry] = []
        /// The subqueries recorded here: the compiler compiles a WHERE term more than once (for
        /// the join, then for the source it filters), and each subquery is one line.
        var subqueries: Set<ObjectIdentifier> = []
    }
    private var frames: [Frame] = [Frame()]
    /// Subqueries numbered as they finish compiling, so a nested one comes before its container,
    /// as SQLite numbers its SELECTs in the order their parsing ends.
    private var subqueries = 0
    /// The index search chosen for each source, keyed by the source's own scope.
    var searches: [ObjectIdentifier: IndexSearchChoice] = [:]

    /// Adds `line` to the query being compiled.
    func add(_ line: PlanLine, _ section: PlanSection) {
        frames[frames.count - 1].entries.append(Entry(section: section, lines: { [line] }))
    }

    /// Adds lines made when the plan is shown.
    func add(_ section: PlanSection, _ lines: @escaping () -> [PlanLine]) {
        frames[frames.count - 1].entries.append(Entry(section: section, lines: lines))
    }

    /// Runs `body` (the compiling of a query) and returns the lines it recorded, apart from
    /// the enclosing query's.
    func capture<T>(_ body: () throws -> T) rethrows -> (T, () -> [PlanLine]) {
        frames.append(Frame())
        defer { frames.removeLast() }
        let result = try body()
        let entries = frames[frames.count - 1].entries
        return (result, { PlanRecorder.lines(of: entries) })
    }

    /// The state to go back to when a query is compiled a second time (see `restore`).
    func mark() -> (depth: Int, entries: Int, subqueries: Int, seen: Set<ObjectIdentifier>) {
        (frames.count, frames[frames.count - 1].entries.count, subqueries, frames[frames.count - 1].subqueries)
    }

    /// Forgets what was recorded since `mark`: the compiler threw that attempt away.
    func restore(_ mark: (depth: Int, entries: Int, subqueries: Int, seen: Set<ObjectIdentifier>)) {
        frames.removeSubrange(mark.depth...)
        frames[frames.count - 1].entries.removeSubrange(mark.entries...)
        frames[frames.count - 1].subqueries = mark.seen
        subqueries = mark.subqueries
    }

    /// A subquery in an expression: its lines under `SCALAR SUBQUERY n` or `LIST SUBQUERY n`,
    /// `CORRELATED` when it reads the enclosing row (it then runs again for each row).
    /// `key` is the subquery's syntax node: compiled again in the same query, it is not
    /// recorded again.
    func subquery(list: Bool, key: ObjectIdentifier, _ compile: () throws -> SelectPlan) rethrows -> SelectPlan {
        let (plan, lines) = try capture(compile)
        guard frames[frames.count - 1].subqueries.insert(key).inserted else { return plan }
        subqueries += 1
        let text = (plan.readsOuter ? "CORRELATED " : "") + (list ? "LIST" : "SCALAR") + " SUBQUERY \(subqueries)"
        add(.subqueries) { [PlanLine(text, children: lines())] }
        return plan
    }

    /// The statement's lines, top level.
    func rootLines() -> [PlanLine] {
        PlanRecorder.lines(of: frames[0].entries)
    }

    private static func lines(of entries: [Entry]) -> [PlanLine] {
        // A stable sort: within a section, lines keep the order they were recorded in.
        entries.enumerated().sorted { a, b in
            a.element.section.rawValue != b.element.section.rawValue
                ? a.element.section.rawValue < b.element.section.rawValue : a.offset < b.offset
        }.flatMap { $0.element.lines() }
    }
}

/// A query plan as EXPLAIN QUERY PLAN returns it: rows of (id, parent, notused, detail), each
/// line's parent the id of the line it sits under (0 at the top), ids numbered from 1 in order.
public struct QueryPlan: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var id: Int
        public var parent: Int
        public var detail: String
    }
    public var lines: [Line]

    public static let columns = ["id", "parent", "notused", "detail"]

    init(_ top: [PlanLine]) {
        var lines: [Line] = []
        func walk(_ line: PlanLine, parent: Int) {
            let id = lines.count + 1
            lines.append(Line(id: id, parent: parent, detail: line.detail()))
            for child in line.children { walk(child, parent: id) }
        }
        for line in top { walk(line, parent: 0) }
        self.lines = lines
    }

    /// Reads the rows of an EXPLAIN QUERY PLAN result back (four columns, as returned).
    public init?(rows: [[Value]]) {
        var lines: [Line] = []
        for row in rows {
            guard row.count == 4, case .integer(let id) = row[0], case .integer(let parent) = row[1] else { return nil }
            lines.append(Line(id: Int(id), parent: Int(parent), detail: row[3].textForm ?? ""))
        }
        self.lines = lines
    }

    var rows: [[Value]] {
        lines.map { [.integer(Int64($0.id)), .integer(Int64($0.parent)), .integer(0), .text($0.detail)] }
    }

    /// The plan as the sqlite3 shell prints it: `QUERY PLAN`, then one line per row drawn as a
    /// tree (`|--` before a line with more lines after it at its level, `` `-- `` before the
    /// last, `|  ` continuing a level above).
    public func renderedAsTree() -> String {
        var children: [Int: [Line]] = [:]
        for line in lines { children[line.parent, default: []].append(line) }
        var out = "QUERY PLAN\n"
        // Depth-first with an explicit stack: a plan's depth follows the query's nesting.
        var stack: [(line: Line, prefix: String, last: Bool)] = []
        for (i, line) in (children[0] ?? []).enumerated().reversed() {
            stack.append((line, "", i == (children[0]?.count ?? 0) - 1))
        }
        var visited: Set<Int> = []
        while let (line, prefix, last) = stack.popLast() {
            out += prefix + (last ? "`--" : "|--") + line.detail + "\n"
            guard visited.insert(line.id).inserted else { continue }
            let below = children[line.id] ?? []
            let nextPrefix = prefix + (last ? "   " : "|  ")
            for (i, child) in below.enumerated().reversed() {
                stack.append((child, nextPrefix, i == below.count - 1))
            }
        }
        return out
    }
}
