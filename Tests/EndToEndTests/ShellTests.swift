// The built `vibesql` binary, driven through -c, stdin and files, as a user would.
import Foundation
import XCTest

final class ShellTests: XCTestCase {
    struct Outcome {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The `vibesql` product next to this test bundle (.build/<config>/).
    static var shell: String? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dir = URL(fileURLWithPath: exe)
        }
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("vibesql").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private func run(_ arguments: [String], stdin: String = "", file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        guard let shell = ShellTests.shell else {
            XCTFail("vibesql is not built next to the tests", file: file, line: line)
            return Outcome(stdout: "", stderr: "", status: -1)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: shell)
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                       status: process.terminationStatus)
    }

    private func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("vibesql-shell-\(UUID().uuidString)-\(name)").path
    }

    func testCommandOption() throws {
        let r = try run(["-c", "CREATE TABLE t (a, b); INSERT INTO t VALUES (1, 'x'), (2, NULL); SELECT * FROM t; SELECT 0.5 * 3"])
        XCTAssertEqual(r.stdout, "1|x\n2|\n1.5\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
    }

    func testStdinMultiLineStatementsAndFormats() throws {
        let script = "CREATE TABLE t (id INTEGER PRIMARY KEY,\n  name TEXT);\nINSERT INTO t VALUES (1, 'a,\"b\"'),\n  (2, 'c');\nSELECT *\n  FROM t\n  ORDER BY id;\n"
        XCTAssertEqual(try run(["--format", "csv"], stdin: script).stdout, "id,name\n1,\"a,\"\"b\"\"\"\n2,c\n")
        XCTAssertEqual(try run(["--format", "json"], stdin: script).stdout, "[{\"id\":1,\"name\":\"a,\\\"b\\\"\"},\n{\"id\":2,\"name\":\"c\"}]\n")
        XCTAssertEqual(try run(["--format", "table"], stdin: script).stdout, """
            +----+-------+
            | id | name  |
            +----+-------+
            |  1 | a,"b" |
            |  2 | c     |
            +----+-------+

            """)
    }

    func testErrorsShowTheSpotAndTheShellGoesOn() throws {
        let r = try run([], stdin: "SELECT 1;\nSELECT nope\n  FROM (SELECT 2 AS x);\nSELECT 3;\nSELEC 4;\n")
        XCTAssertEqual(r.stdout, "1\n3\n")
        // sqlite3 3.40's words: the statement's first line, and the statement from its start
        // (white space as blanks) with a caret under the spot.
        XCTAssertEqual(r.stderr, """
            Parse error near line 2: no such column: nope
              SELECT nope   FROM (SELECT 2 AS x);
                     ^--- error here
            Parse error near line 5: near "SELEC": syntax error
              SELEC 4;
              ^--- error here

            """)
        XCTAssertEqual(r.status, 1)
        let missing = try run(["-c", "SELECT * FROM missing"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "Error: in prepare, no such table: missing\n")
    }

    /// An error SQLite reports while the statement runs is a "Runtime error", with SQLite's
    /// result code when it is not plain SQLITE_ERROR, and no caret (sqlite3 3.40's output).
    func testRuntimeErrorsAreWordedAsSQLite() throws {
        let script = "CREATE TABLE t(a UNIQUE);\nINSERT INTO t VALUES (1);\nINSERT INTO t\n VALUES (1);\nCOMMIT;\nSELECT 1; SELEC 2;\n"
        XCTAssertEqual(try run([], stdin: script).stderr, """
            Runtime error near line 3: UNIQUE constraint failed: t.a (19)
            Runtime error near line 5: cannot commit - no transaction is active
            Parse error near line 6: near "SELEC": syntax error
              SELEC 2;
              ^--- error here

            """)
        let argument = try run(["-c", "CREATE TABLE t(a UNIQUE); INSERT INTO t VALUES (1); INSERT INTO t VALUES (1)"])
        XCTAssertEqual(argument.stderr, "Error: stepping, UNIQUE constraint failed: t.a (19)\n")
    }

    /// `vibesql :memory:` (or an empty name) opens an empty database, as `sqlite3 :memory:`
    /// does, and SQL after the database runs as with -c.
    func testMemoryDatabaseAndSQLArgument() throws {
        let r = try run([":memory:", "CREATE TABLE t(a); INSERT INTO t VALUES (4); SELECT a * 2 FROM t"])
        XCTAssertEqual(r.stdout, "8\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(try run([":memory:"], stdin: "SELECT 5;\n").stdout, "5\n")
        XCTAssertEqual(try run(["", "-c", "SELECT 6"]).stdout, "6\n")
    }

    func testTriggerBodySpansLines() throws {
        let script = """
            CREATE TABLE t (a); CREATE TABLE log (m);
            CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
              INSERT INTO log VALUES ('one');
              INSERT INTO log VALUES ('two');
            END;
            INSERT INTO t VALUES (1);
            SELECT m FROM log;
            """
        let r = try run([], stdin: script)
        XCTAssertEqual(r.stdout, "one\ntwo\n")
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testOpenSaveAndReopenADump() throws {
        let path = temporaryFile("db.sql")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try run(["-c", "CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('line\nbreak'), ('it''s');\n.save \(path)"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let dump = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(dump.hasPrefix("-- VibeSQL SQL dump, format 1\n"))
        let second = try run([path, "-c", "SELECT count(*) FROM t;\n.tables\n.dump"])
        XCTAssertEqual(second.stdout, "2\nt\n" + dump)
        // .save without a name writes back to the dump it opened.
        XCTAssertEqual(try run([path, "-c", "INSERT INTO t VALUES ('more');\n.save"]).status, 0)
        XCTAssertEqual(try run([path, "-c", "SELECT count(*) FROM t"]).stdout, "3\n")
    }

    func testBadDumpFileFailsWithItsLine() throws {
        let path = temporaryFile("bad.sql")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "CREATE TABLE t (a);\nINSERT INTO u VALUES (1);\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try run([path, "-c", "SELECT 1"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("dump line 2: no such table: u"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testReadSchemaHelpAndUnknownCommand() throws {
        let path = temporaryFile("script.sql")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "CREATE TABLE t (a INTEGER NOT NULL);\nINSERT INTO t VALUES (7);\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try run([], stdin: ".read \(path)\nSELECT a FROM t;\n.schema t\n.help\n.bogus\n")
        XCTAssertTrue(r.stdout.hasPrefix("7\nCREATE TABLE t (a INTEGER NOT NULL);\n.dump"), r.stdout)
        XCTAssertEqual(r.stderr, "Error: unknown command: .bogus. Type .help for the list.\n")
        XCTAssertEqual(r.status, 1)
    }

    /// `.tables` and `.schema` list every schema as sqlite3 3.40's shell does (its output for
    /// the same script): `temp.` and `aux.` names, the stored text, a view's columns.
    func testTablesAndSchemaListEverySchema() throws {
        let script = """
            create table z(a);
            create trigger tr after insert on z begin select 1; end;
            create table b(a integer primary key autoincrement, "x y");
            create view "my view" as select a, "x y", a+1 from b;
            create temp table tt(b);
            attach ':memory:' as aux;
            create table aux.x(c);
            create index aux.xi on x(c);
            .tables
            .tables t%
            .schema
            .schema aux.x
            .schema Z%

            """
        let r = try run([], stdin: script)
        XCTAssertEqual(r.stdout, """
            aux.x    b        my view  temp.tt  z      
            temp.tt
            CREATE TABLE z(a);
            CREATE TRIGGER tr after insert on z begin select 1; end;
            CREATE TABLE b(a integer primary key autoincrement, "x y");
            CREATE TABLE sqlite_sequence(name,seq);
            CREATE VIEW "my view" as select a, "x y", a+1 from b
            /* "my view"(a,"x y","a+1") */;
            CREATE TABLE temp.tt(b);
            CREATE TABLE aux.x(c);
            CREATE INDEX aux.xi on x(c);
            CREATE TABLE aux.x(c);
            CREATE INDEX aux.xi on x(c);
            CREATE TABLE z(a);
            CREATE TRIGGER tr after insert on z begin select 1; end;

            """)
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// EXPLAIN QUERY PLAN prints as sqlite3's shell prints it, in every output mode; plain
    /// EXPLAIN is refused with the reason, and the shell goes on.
    func testExplainQueryPlanPrintsTheTree() throws {
        let script = """
            CREATE TABLE t(a, b); CREATE INDEX ta ON t(a); CREATE TABLE u(x INTEGER PRIMARY KEY, y);
            EXPLAIN QUERY PLAN SELECT (SELECT y FROM u WHERE x = t.b) FROM t WHERE a > 1 ORDER BY b;
            EXPLAIN SELECT 1;
            SELECT 2;

            """
        let tree = """
            QUERY PLAN
            |--SEARCH t USING INDEX ta (a>?)
            |--CORRELATED SCALAR SUBQUERY 1
            |  `--SEARCH u USING INTEGER PRIMARY KEY (rowid=?)
            `--USE TEMP B-TREE FOR ORDER BY

            """
        for format in ["list", "table", "csv", "json"] {
            let r = try run(["--format", format], stdin: script)
            XCTAssertTrue(r.stdout.hasPrefix(tree), "\(format): \(r.stdout)")
            XCTAssertTrue(r.stderr.contains("EXPLAIN is not supported (the bytecode listing is SQLite's own); use EXPLAIN QUERY PLAN"),
                          r.stderr)
            XCTAssertTrue(r.stdout.dropFirst(tree.count).contains("2"), "the shell went on: \(r.stdout)")
        }
    }

    func testQuitStopsReading() throws {
        let r = try run([], stdin: "SELECT 1;\n.quit\nSELECT 2;\n")
        XCTAssertEqual(r.stdout, "1\n")
        XCTAssertEqual(r.status, 0)
    }
}
