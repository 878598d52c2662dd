-- VibeSQL test results (written by the first recorder: seed schema, no version line)
CREATE TABLE test_files (
    file_path VARCHAR(500) PRIMARY KEY,
    category VARCHAR(50) NOT NULL,
    subcategory VARCHAR(50),
    status VARCHAR(20) NOT NULL,
    last_tested TIMESTAMP,
    last_passed TIMESTAMP
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
    ci_run_id VARCHAR(100)
);
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
INSERT INTO test_files VALUES('test/select1.test','select',NULL,'PASS','2024-06-01 12:00:00','2024-06-01 12:00:00');
INSERT INTO test_files VALUES('test/evidence/in1.test','evidence',NULL,'FAIL','2024-06-01 12:00:00',NULL);
INSERT INTO test_runs VALUES(7,'2024-06-01 11:59:00','2024-06-01 12:00:00',2,1,1,0,'0123456789abcdef0123456789abcdef01234567','main','ci-41');
INSERT INTO test_results VALUES(70,7,'test/select1.test','PASS','2024-06-01 12:00:00',1200,NULL);
INSERT INTO test_results VALUES(71,7,'test/evidence/in1.test','FAIL','2024-06-01 12:00:00',300,'query result mismatch at line 42');
