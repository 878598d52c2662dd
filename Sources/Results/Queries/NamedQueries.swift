// Named queries for what users ask of the history, runnable as `vibesql-git query NAME`.

/// A preset query.
public struct NamedQuery: Sendable, Equatable {
    public var name: String
    public var summary: String
    public var sql: String

    public init(name: String, summary: String, sql: String) {
        self.name = name
        self.summary = summary
        self.sql = sql
    }
}

public enum NamedQueries {
    public static let all: [NamedQuery] = [
        NamedQuery(name: "status", summary: "current status by category", sql: """
            SELECT category, COUNT(*) AS total,
                   SUM(CASE WHEN status = 'PASS' THEN 1 ELSE 0 END) AS passed,
                   SUM(CASE WHEN status = 'FAIL' THEN 1 ELSE 0 END) AS failed,
                   SUM(CASE WHEN status = 'CRASH' THEN 1 ELSE 0 END) AS crashed,
                   SUM(CASE WHEN status = 'TIMEOUT' THEN 1 ELSE 0 END) AS timed_out,
                   SUM(CASE WHEN status = 'UNTESTED' THEN 1 ELSE 0 END) AS untested,
                   ROUND(100.0 * SUM(CASE WHEN status = 'PASS' THEN 1 ELSE 0 END) / COUNT(*), 1) AS pass_rate
            FROM test_files GROUP BY category ORDER BY category
            """),
        NamedQuery(name: "progress", summary: "pass rate of each run over time", sql: """
            SELECT DATE(completed_at) AS date, SUBSTR(git_commit, 1, 7) AS git_commit, branch_name, suite,
                   passed, failed, total_files, ROUND(100.0 * passed / total_files, 1) AS pass_rate
            FROM test_runs WHERE completed_at IS NOT NULL AND total_files > 0
            ORDER BY completed_at DESC LIMIT 30
            """),
        NamedQuery(name: "problematic", summary: "files that failed in the most runs", sql: """
            SELECT file_path, COUNT(*) AS failure_count, MAX(tested_at) AS last_failed
            FROM test_results WHERE status <> 'PASS'
            GROUP BY file_path ORDER BY failure_count DESC, file_path LIMIT 20
            """),
        NamedQuery(name: "recent-failures", summary: "the latest failing results", sql: """
            SELECT tr.file_path, tf.category, tr.status, tr.error_message, tr.tested_at
            FROM test_results tr JOIN test_files tf ON tr.file_path = tf.file_path
            WHERE tr.status <> 'PASS' ORDER BY tr.tested_at DESC, tr.file_path LIMIT 50
            """),
        NamedQuery(name: "by-branch", summary: "runs and average pass rate per branch", sql: """
            SELECT branch_name, COUNT(*) AS total_runs,
                   ROUND(AVG(passed * 100.0 / total_files), 1) AS avg_pass_rate, MAX(completed_at) AS last_run
            FROM test_runs WHERE branch_name IS NOT NULL AND total_files > 0
            GROUP BY branch_name ORDER BY last_run DESC
            """),
        NamedQuery(name: "branch-vs-main", summary: "each branch's latest pass rate against main's", sql: """
            WITH latest AS (
                SELECT branch_name, MAX(completed_at) AS at FROM test_runs
                WHERE branch_name IS NOT NULL GROUP BY branch_name
            ), rates AS (
                SELECT t.branch_name, ROUND(100.0 * t.passed / t.total_files, 1) AS pass_rate
                FROM test_runs t JOIN latest l ON l.branch_name = t.branch_name AND l.at = t.completed_at
                WHERE t.total_files > 0
            )
            SELECT r.branch_name, r.pass_rate, m.pass_rate AS main_pass_rate,
                   ROUND(r.pass_rate - m.pass_rate, 1) AS difference
            FROM rates r LEFT JOIN rates m ON m.branch_name = 'main'
            ORDER BY difference DESC, r.branch_name
            """),
        NamedQuery(name: "flaky", summary: "files that both passed and failed on one commit (clean work trees)", sql: """
            SELECT r.file_path, t.git_commit,
                   SUM(CASE WHEN r.status = 'PASS' THEN 1 ELSE 0 END) AS passes,
                   SUM(CASE WHEN r.status <> 'PASS' THEN 1 ELSE 0 END) AS failures
            FROM test_results r JOIN test_runs t ON t.run_id = r.run_id
            WHERE t.dirty = 0 AND t.git_commit IS NOT NULL
            GROUP BY r.file_path, t.git_commit
            HAVING SUM(CASE WHEN r.status = 'PASS' THEN 1 ELSE 0 END) > 0
               AND SUM(CASE WHEN r.status <> 'PASS' THEN 1 ELSE 0 END) > 0
            ORDER BY failures DESC, r.file_path
            """),
        NamedQuery(name: "slowest", summary: "files by average duration", sql: """
            SELECT file_path, COUNT(*) AS runs, CAST(AVG(duration_ms) AS INTEGER) AS avg_ms, MAX(duration_ms) AS max_ms
            FROM test_results WHERE duration_ms IS NOT NULL
            GROUP BY file_path ORDER BY avg_ms DESC, file_path LIMIT 20
            """),
        NamedQuery(name: "failure-patterns", summary: "failing records of the latest run grouped by error, literals stripped", sql: """
            SELECT error_pattern, COUNT(*) AS failures, COUNT(DISTINCT file_path) AS files, MIN(record_key) AS example
            FROM test_failures
            WHERE run_id = (SELECT run_id FROM test_runs ORDER BY completed_at DESC, run_id DESC LIMIT 1)
            GROUP BY error_pattern ORDER BY failures DESC, error_pattern LIMIT 30
            """),
        NamedQuery(name: "punchlist", summary: "failing files in priority order", sql: Punchlist.sql),
    ]

    public static func named(_ name: String) -> NamedQuery? {
        all.first { $0.name == name } ?? WorkplanQueries.all.first { $0.name == name }
            .map { NamedQuery(name: $0.name, summary: "workplan query", sql: $0.sql) }
    }
}

/// The punchlist: every file whose current status is not PASS, crashes and timeouts first
/// (they hide everything after them), then the files closest to passing (fewest failing
/// records), so the quickest wins come first.
public enum Punchlist {
    public static let sql = """
        SELECT f.file_path, f.category, f.status, r.records_failed, r.records_run, r.error_message
        FROM test_files f LEFT JOIN test_results r ON r.run_id = f.last_run_id AND r.file_path = f.file_path
        WHERE f.status <> 'PASS' AND f.status <> 'UNTESTED'
        ORDER BY CASE f.status WHEN 'CRASH' THEN 0 WHEN 'TIMEOUT' THEN 1 ELSE 2 END, r.records_failed, f.file_path
        """
}
