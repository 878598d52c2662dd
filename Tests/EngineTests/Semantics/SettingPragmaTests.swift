// Setting pragmas: the values sqlite3 3.40 (Debian's build) answers for an in-memory database,
// and the settings that change what SQL means.
import XCTest
@testable import Engine

final class SettingPragmaTests: XCTestCase {
    func testStorageSettingsAnswerAsAnInMemorySQLiteDatabase() {
        let db = Database()
        assertRows(db, "PRAGMA page_size", "4096")
        assertRows(db, "PRAGMA journal_mode", "memory")
        // A memory database keeps its journal in memory unless it is turned off.
        assertRows(db, "PRAGMA journal_mode = WAL", "memory")
        assertRows(db, "PRAGMA journal_mode = OFF", "off")
        assertRows(db, "PRAGMA synchronous", "2")
        assertRows(db, "PRAGMA synchronous = normal; PRAGMA synchronous", "1")
        assertRows(db, "PRAGMA temp_store = memory; PRAGMA temp_store", "2")
        assertRows(db, "PRAGMA cache_size = -500; PRAGMA cache_size", "-500")
        assertRows(db, "PRAGMA busy_timeout = 50", "50")
        assertRows(db, "PRAGMA data_version = 5", "1")
        assertRows(db, "PRAGMA max_page_count", "1073741823")
        // page_size changes only before the first table.
        assertRows(db, "PRAGMA page_size = 1024; PRAGMA page_size", "1024")
        assertRows(db, "CREATE TABLE t(a); PRAGMA page_size = 8192; PRAGMA page_size", "1024")
        // case_sensitive_like can only be set.
        assertRows(db, "PRAGMA case_sensitive_like", "")
    }

    func testCaseSensitiveLikeAppliesToTheOperatorAndTheFunction() {
        let db = Database()
        assertRows(db, "SELECT 'a' LIKE 'A', like('A', 'a')", "1|1")
        assertRows(db, "PRAGMA case_sensitive_like = ON; SELECT 'a' LIKE 'A', 'a' LIKE 'a', like('A', 'a'), like('a', 'a')", "0|1|0|1")
        assertRows(db, "PRAGMA case_sensitive_like = 0; SELECT 'a' LIKE 'A'", "1")
    }

    func testRecursiveTriggersFireThemselvesUpToTheDepthLimit() {
        let db = Database()
        let setup = "CREATE TABLE t(a); CREATE TRIGGER r AFTER INSERT ON t WHEN new.a < 5 BEGIN INSERT INTO t VALUES (new.a + 1); END; "
        assertRows(db, setup + "INSERT INTO t VALUES (1); SELECT count(*) FROM t", "2")
        assertRows(db, "PRAGMA recursive_triggers = 1; DELETE FROM t; INSERT INTO t VALUES (1); SELECT group_concat(a) FROM t", "1,2,3,4,5")
        // Endless recursion stops at SQLite's depth limit (on a thread with a large stack, as
        // the shell and the Python module run statements), and the statement changes nothing.
        XCTAssertThrowsError(try runWithLargeStack {
            try db.execute("CREATE TRIGGER s AFTER INSERT ON t BEGIN INSERT INTO t VALUES (new.a + 1); END; INSERT INTO t VALUES (10)")
        }) { error in XCTAssertEqual((error as? SQLError)?.message, "too many levels of trigger recursion") }
        assertRows(db, "SELECT count(*) FROM t", "5")
    }

    func testIgnoreCheckConstraintsAndQueryOnly() {
        let db = Database()
        assertFails(db, "CREATE TABLE t(a CHECK (a > 0)); INSERT INTO t VALUES (-1)", .constraint, "CHECK constraint failed: a > 0")
        assertRows(db, "PRAGMA ignore_check_constraints = 1; INSERT INTO t VALUES (-1); SELECT a FROM t", "-1")
        assertFails(db, "PRAGMA query_only = 1; INSERT INTO t VALUES (2)", .readOnly, "attempt to write a readonly database")
        assertFails(db, "CREATE TABLE u(a)", .readOnly, "attempt to write a readonly database")
        // Reading, settings and transactions still work.
        assertRows(db, "BEGIN; SELECT count(*) FROM t; COMMIT", "")
        assertRows(db, "PRAGMA query_only = 0; INSERT INTO t VALUES (3); SELECT count(*) FROM t", "2")
    }

    func testLegacyPragmasThatWouldReshapeResultsAreRefused() {
        let db = Database()
        assertRows(db, "PRAGMA count_changes", "0")
        assertRows(db, "PRAGMA count_changes = 0; PRAGMA short_column_names = 1", "")
        assertFails(db, "PRAGMA count_changes = 1", .misuse, "PRAGMA count_changes = 1 is not supported: it changes how results are shaped")
        assertFails(db, "PRAGMA full_column_names = on", .misuse, "PRAGMA full_column_names = 1 is not supported: it changes how results are shaped")
    }

    func testFunctionListNamesEveryBuiltInFunctionAsSQLiteDoes() {
        let db = Database()
        assertRows(db, """
            SELECT name, narg, type, flags FROM pragma_function_list
            WHERE name IN ('abs', 'max', 'lag', 'json_extract', 'json_group_array', 'random', 'date', '->>', 'count') ORDER BY 1, 2, 3
            """, """
            ->>|2|s|2048
            abs|1|s|2099200
            count|0|w|2097152
            count|1|w|2097152
            date|-1|s|2099200
            json_extract|-1|s|2048
            json_group_array|1|w|1050624
            lag|1|w|2097152
            lag|2|w|2097152
            lag|3|w|2097152
            max|-1|s|2099200
            max|1|w|2097152
            random|0|s|2097152
            """)
        // octet_length() came in SQLite 3.43.
        assertRows(db, "SELECT count(*) FROM pragma_function_list WHERE name = 'octet_length'", "0")
    }
}
