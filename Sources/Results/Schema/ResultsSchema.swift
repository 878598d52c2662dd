// The results database's schema, by version. Version 1 is the seed schema of the workplan
// (test_files, test_runs, test_results); version 2 adds test_failures and the columns that make
// per-record comparisons and git-aware history possible; version 3 adds the shard a run was
// (its index, the shard count and the plan's fingerprint) for runs split across CI machines.
// Every run dump names its version, and `RunDumpReader` migrates older dumps forward, so
// history kept in git stays readable.

/// The schema of the results database.
public enum ResultsSchema {
    /// The version this library writes.
    public static let currentVersion = 3

    /// Table names in dependency order (parents first).
    public static let tables = ["test_files", "test_runs", "test_results", "test_failures"]

    /// The tables a run dump carries rows for (`test_files` is derived, never recorded).
    public static let recordedTables = ["test_runs", "test_results", "test_failures"]

    /// The current schema's statements, one string each.
    public static let statements: [String] = [
        """
        CREATE TABLE test_files (
            file_path VARCHAR(500) PRIMARY KEY,
            category VARCHAR(50) NOT NULL,
            subcategory VARCHAR(50),
            status VARCHAR(20) NOT NULL,
            last_tested TIMESTAMP,
            last_passed TIMESTAMP,
            last_run_id INTEGER
        );
        """,
        """
        CREATE TABLE test_runs (
            run_id INTEGER PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            completed_at TIMESTAMP,
            total_files INTEGER,
            passed INTEGER,
            failed INTEGER,
            untested INTEGER,
            git_commit VARCHAR(40),
            branch_name VARCHAR(200),
            ci_run_id VARCHAR(100),
            schema_version INTEGER NOT NULL DEFAULT 3,
            suite VARCHAR(100),
            suite_fingerprint VARCHAR(64),
            engine VARCHAR(50),
            engine_name VARCHAR(50),
            host VARCHAR(200),
            dirty BOOLEAN,
            duration_ms INTEGER,
            crashed INTEGER,
            timed_out INTEGER,
            records_total INTEGER,
            records_passed INTEGER,
            records_failed INTEGER,
            records_skipped INTEGER,
            commit_parents VARCHAR(500),
            commit_subject VARCHAR(500),
            commit_time TIMESTAMP,
            shard_index INTEGER,
            shard_count INTEGER,
            shard_plan VARCHAR(64)
        );
        """,
        """
        CREATE TABLE test_results (
            result_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            file_path VARCHAR(500) NOT NULL,
            status VARCHAR(20) NOT NULL CHECK (status IN ('PASS', 'FAIL', 'CRASH', 'TIMEOUT', 'UNTESTED')),
            tested_at TIMESTAMP NOT NULL,
            duration_ms INTEGER,
            error_message VARCHAR(2000),
            records_run INTEGER,
            records_passed INTEGER,
            records_failed INTEGER,
            records_skipped INTEGER,
            FOREIGN KEY (run_id) REFERENCES test_runs(run_id),
            FOREIGN KEY (file_path) REFERENCES test_files(file_path)
        );
        """,
        """
        CREATE TABLE test_failures (
            failure_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            file_path VARCHAR(500) NOT NULL,
            line INTEGER NOT NULL,
            record_key VARCHAR(600) NOT NULL,
            kind VARCHAR(20) NOT NULL,
            sql_text TEXT NOT NULL,
            message VARCHAR(500) NOT NULL,
            expected TEXT,
            actual TEXT,
            error_message VARCHAR(2000),
            error_pattern VARCHAR(2000),
            UNIQUE (run_id, record_key),
            FOREIGN KEY (run_id) REFERENCES test_runs(run_id),
            FOREIGN KEY (file_path) REFERENCES test_files(file_path)
        );
        """,
        "CREATE INDEX test_results_by_run ON test_results (run_id, file_path);",
        "CREATE INDEX test_results_by_file ON test_results (file_path);",
        "CREATE INDEX test_failures_by_run ON test_failures (run_id, file_path);",
    ]

    /// The columns of `test_runs` added in version 3 (a version 2 run leaves them NULL: it was
    /// not sharded).
    public static let version3RunColumns = ["shard_index", "shard_count", "shard_plan"]

    /// The current schema as one SQL text (what `schema.sql` in the results ref holds).
    public static var sql: String {
        "-- VibeSQL results database, schema version \(currentVersion)\n"
            + statements.joined(separator: "\n") + "\n"
    }

    /// Version 2, exactly as its recorder wrote it (kept to read its dumps as data).
    public static let version2Statements: [String] = [
        """
        CREATE TABLE test_files (
            file_path VARCHAR(500) PRIMARY KEY,
            category VARCHAR(50) NOT NULL,
            subcategory VARCHAR(50),
            status VARCHAR(20) NOT NULL,
            last_tested TIMESTAMP,
            last_passed TIMESTAMP,
            last_run_id INTEGER
        );
        """,
        """
        CREATE TABLE test_runs (
            run_id INTEGER PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            completed_at TIMESTAMP,
            total_files INTEGER,
            passed INTEGER,
            failed INTEGER,
            untested INTEGER,
            git_commit VARCHAR(40),
            branch_name VARCHAR(200),
            ci_run_id VARCHAR(100),
            schema_version INTEGER NOT NULL DEFAULT 2,
            suite VARCHAR(100),
            suite_fingerprint VARCHAR(64),
            engine VARCHAR(50),
            engine_name VARCHAR(50),
            host VARCHAR(200),
            dirty BOOLEAN,
            duration_ms INTEGER,
            crashed INTEGER,
            timed_out INTEGER,
            records_total INTEGER,
            records_passed INTEGER,
            records_failed INTEGER,
            records_skipped INTEGER,
            commit_parents VARCHAR(500),
            commit_subject VARCHAR(500),
            commit_time TIMESTAMP
        );
        """,
        """
        CREATE TABLE test_results (
            result_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            file_path VARCHAR(500) NOT NULL,
            status VARCHAR(20) NOT NULL CHECK (status IN ('PASS', 'FAIL', 'CRASH', 'TIMEOUT', 'UNTESTED')),
            tested_at TIMESTAMP NOT NULL,
            duration_ms INTEGER,
            error_message VARCHAR(2000),
            records_run INTEGER,
            records_passed INTEGER,
            records_failed INTEGER,
            records_skipped INTEGER,
            FOREIGN KEY (run_id) REFERENCES test_runs(run_id),
            FOREIGN KEY (file_path) REFERENCES test_files(file_path)
        );
        """,
        """
        CREATE TABLE test_failures (
            failure_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            file_path VARCHAR(500) NOT NULL,
            line INTEGER NOT NULL,
            record_key VARCHAR(600) NOT NULL,
            kind VARCHAR(20) NOT NULL,
            sql_text TEXT NOT NULL,
            message VARCHAR(500) NOT NULL,
            expected TEXT,
            actual TEXT,
            error_message VARCHAR(2000),
            error_pattern VARCHAR(2000),
            UNIQUE (run_id, record_key),
            FOREIGN KEY (run_id) REFERENCES test_runs(run_id),
            FOREIGN KEY (file_path) REFERENCES test_files(file_path)
        );
        """,
        "CREATE INDEX test_results_by_run ON test_results (run_id, file_path);",
        "CREATE INDEX test_results_by_file ON test_results (file_path);",
        "CREATE INDEX test_failures_by_run ON test_failures (run_id, file_path);",
    ]

    /// Version 1, the workplan's seed schema, exactly as the first recorder wrote it. Kept to
    /// read old dumps: they are loaded with their own schema, then migrated.
    public static let version1Statements: [String] = [
        """
        CREATE TABLE test_files (
            file_path VARCHAR(500) PRIMARY KEY,
            category VARCHAR(50) NOT NULL,
            subcategory VARCHAR(50),
            status VARCHAR(20) NOT NULL,
            last_tested TIMESTAMP,
            last_passed TIMESTAMP
        );
        """,
        """
        CREATE TABLE test_runs (
            run_id INTEGER PRIMARY KEY,
            started_at TIMESTAMP NOT NULL,
            completed_at TIMESTAMP,
            total_files INTEGER,
            passed INTEGER,
            failed INTEGER,
            untested INTEGER,
            git_commit VARCHAR(40),
            branch_name VARCHAR(200),
            ci_run_id VARCHAR(100)
        );
        """,
        """
        CREATE TABLE test_results (
            result_id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL,
            file_path VARCHAR(500) NOT NULL,
            status VARCHAR(20) NOT NULL,
            tested_at TIMESTAMP NOT NULL,
            duration_ms INTEGER,
            error_message VARCHAR(2000),
            FOREIGN KEY (run_id) REFERENCES test_runs(run_id),
            FOREIGN KEY (file_path) REFERENCES test_files(file_path)
        );
        """,
    ]
}
