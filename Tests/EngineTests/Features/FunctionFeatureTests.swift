// Date and time, ROUND and AVG as the results database's queries use them.
import XCTest
@testable import Engine

final class FunctionFeatureTests: XCTestCase {
    func testDateTimeFunctions() {
        let db = Database()
        assertRows(db, """
            SELECT date('2024-03-15 10:20:30'), datetime('2024-03-15', '+1 day', '+90 minutes'),
              strftime('%Y/%m/%d %H:%M', '2024-02-29 23:59:59', '+1 second'), strftime('%j %w', '2024-12-31')
            """, "2024-03-15|2024-03-16 01:30:00|2024/03/01 00:00|366 2")
        assertRows(db, "SELECT date('2024-01-31', '+1 month'), datetime(0, 'unixepoch'), julianday('2000-01-01'), date('nonsense')",
                   "2024-03-02|1970-01-01 00:00:00|2451544.5|")
    }

    func testCurrentTimestamp() throws {
        let db = Database()
        assertRows(db, """
            SELECT length(CURRENT_TIMESTAMP), CURRENT_TIMESTAMP LIKE '____-__-__ __:__:__', length(CURRENT_DATE),
              length(CURRENT_TIME), date(CURRENT_TIMESTAMP) = CURRENT_DATE
            """, "19|1|10|8|1")
        try db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); INSERT INTO runs (id) VALUES (1)")
        assertRows(db, "SELECT typeof(at), at = datetime(at) FROM runs", "text|1")
    }

    func testRoundAndAvg() throws {
        let db = Database()
        assertRows(db, "SELECT round(2.5), round(-2.5), round(1.2345, 2), round(1234.5678, -2), typeof(round(3)), round(NULL)",
                   "3.0|-3.0|1.23|1235.0|real|")
        try db.execute("CREATE TABLE n (x INTEGER, g TEXT); INSERT INTO n VALUES (1, 'a'), (2, 'a'), (4, 'b'), (NULL, 'b')")
        assertRows(db, "SELECT g, avg(x), typeof(avg(x)), sum(x), count(x), count(*) FROM n GROUP BY g ORDER BY g",
                   "a|1.5|real|3|2|2\nb|4.0|real|4|1|2")
        assertRows(db, "SELECT avg(x) IS NULL, typeof(sum(x)), total(x) FROM n WHERE x > 100", "1|null|0.0")
        assertRows(db, "SELECT ROUND(100.0 * 2 / 3, 1), AVG(x * 100.0 / 3) FROM n", "66.7|77.7777777777778")
    }
}
