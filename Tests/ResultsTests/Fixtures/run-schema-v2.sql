-- VibeSQL results: one conformance run
-- schema-version: 2
-- run: 1883387680621894770
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE test_files (
    file_path VARCHAR(500) PRIMARY KEY,
    category VARCHAR(50) NOT NULL,
    subcategory VARCHAR(50),
    status VARCHAR(20) NOT NULL,
    last_tested TIMESTAMP,
    last_passed TIMESTAMP,
    last_run_id INTEGER
);
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
CREATE INDEX test_results_by_run ON test_results (run_id, file_path);
CREATE INDEX test_results_by_file ON test_results (file_path);
CREATE INDEX test_failures_by_run ON test_failures (run_id, file_path);
INSERT INTO test_runs VALUES(1883387680621894770,'2026-12-01 15:20:58.845','2026-12-01 15:20:58.866',2,1,1,0,'7f55cc570e08f61fa389d0a61cd7c7d5a1c4ee5f','main','ci-7',2,'custom','25b514925050e2e45a3e5ea418a6c2ad','vibesql','sqlite','vm',0,21,0,0,3,2,1,0,'','suite','2026-12-01 15:20:58.000');
INSERT INTO test_results VALUES(7220675907080928098,1883387680621894770,'test/a.test','FAIL','2026-12-01 15:20:58.866',4,'line 4: wrong result',2,1,1,0);
INSERT INTO test_results VALUES(641490470126924397,1883387680621894770,'test/b.test','PASS','2026-12-01 15:20:58.866',0,NULL,1,1,0,0);
INSERT INTO test_failures VALUES(6483397637589551206,1883387680621894770,'test/a.test',4,'test/a.test#468901e67ee0c0c0.1','query','SELECT 1 + 1','wrong result','3','2',NULL,'wrong result');
COMMIT;
