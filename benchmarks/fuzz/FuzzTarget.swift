// The libFuzzer entry point over the engine: benchmarks/fuzz-engine compiles it into the Engine
// module with `-sanitize=fuzzer`. Each input is SQL text run on a fresh database holding a small
// schema; an error is an answer, while a trap, a stack overflow, a hang past libFuzzer's
// -timeout or an error that is not an SQLError is a finding.

/// Tables, an index, a view, a trigger and a foreign key for the fuzzed SQL to meet (the corpus's
/// t1..t3 shapes, so seeds from it find their columns).
private let fuzzSchema = """
    CREATE TABLE t1(a INTEGER, b INTEGER, c INTEGER, d INTEGER, e INTEGER);
    INSERT INTO t1 VALUES(104,NULL,102,101,NULL),(107,106,108,109,105),(110,114,112,NULL,113),
      (116,119,117,115,NULL),(123,122,124,NULL,121),(127,128,129,126,125);
    CREATE TABLE t2(a INTEGER PRIMARY KEY, x VARCHAR(10), y NUMERIC, z BLOB);
    INSERT INTO t2 VALUES(1,'a',1.5,x'00'),(2,'b',NULL,'2'),(3,'abc',-3,3.0),(4,NULL,'10',NULL);
    CREATE INDEX t1a ON t1(a); CREATE INDEX t2x ON t2(x COLLATE NOCASE);
    CREATE TABLE t3(id INTEGER PRIMARY KEY, parent INTEGER REFERENCES t3(id) ON DELETE CASCADE, v TEXT);
    INSERT INTO t3 VALUES(1,NULL,'root'),(2,1,'x'),(3,2,'y'),(4,3,'z');
    CREATE VIEW v1 AS SELECT a, b, c AS k FROM t1 WHERE b > 0;
    CREATE TABLE log(m);
    CREATE TRIGGER t2i AFTER INSERT ON t2 BEGIN INSERT INTO log VALUES(new.x); END;
    """

/// Statements are run one by one, each on its own, so one that fails does not hide the rest;
/// a syntax error ends the input, as there is no telling where the next statement starts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let sql = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let database = Database()
    // A hang is a loop that never checks the interrupt: the limit stops every statement that does.
    database.timeLimit = .seconds(2)
    do {
        try database.execute(fuzzSchema)
    } catch {
        fatalError("the fuzzing schema failed: \(error)")
    }
    do {
        var parser = try Parser(sql)
        while let (statement, _) = try parser.nextStatement() {
            do {
                _ = try database.perform(statement, sql: sql, parameters: [.integer(1), .text("p")])
            } catch is SQLError {
                continue
            }
        }
    } catch is SQLError {
        // Not SQL we read: an answer.
    } catch {
        fatalError("an error that is not an SQLError escaped: \(error)")
    }
    // The database must still dump and load after whatever the input did.
    let dump = database.dump()
    do {
        _ = try Database.load(dump: dump)
    } catch {
        fatalError("the database's own dump does not load: \(error)\n\(dump)")
    }
    return 0
}
