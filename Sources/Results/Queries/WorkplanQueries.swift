// The seven queries of the seed workplan, verbatim. They must run unchanged on the results
// database; tests pin their answers on a recorded history.

/// The workplan's "Useful Queries", exactly as written there.
public enum WorkplanQueries {
    public static let currentStatusSummary = """
        SELECT
            category,
            COUNT(*) as total,
            SUM(CASE WHEN status='PASS' THEN 1 ELSE 0 END) as passed,
            SUM(CASE WHEN status='FAIL' THEN 1 ELSE 0 END) as failed,
            SUM(CASE WHEN status='UNTESTED' THEN 1 ELSE 0 END) as untested
        FROM test_files
        GROUP BY category
        ORDER BY category;
        """

    public static let progressOverTime = """
        SELECT
            DATE(completed_at) as date,
            passed,
            failed,
            ROUND(100.0 * passed / total_files, 1) as pass_rate
        FROM test_runs
        WHERE completed_at IS NOT NULL
        ORDER BY completed_at DESC
        LIMIT 30;
        """

    public static let mostProblematicFiles = """
        SELECT
            file_path,
            COUNT(*) as failure_count
        FROM test_results
        WHERE status = 'FAIL'
        GROUP BY file_path
        HAVING COUNT(*) > 5
        ORDER BY failure_count DESC
        LIMIT 20;
        """

    public static let recentFailures = """
        SELECT
            tf.file_path,
            tf.category,
            tr.error_message,
            tr.tested_at
        FROM test_results tr
        JOIN test_files tf ON tr.file_path = tf.file_path
        WHERE tr.status = 'FAIL'
        ORDER BY tr.tested_at DESC
        LIMIT 50;
        """

    public static let progressByBranch = """
        SELECT
            branch_name,
            COUNT(*) as total_runs,
            AVG(passed * 100.0 / total_files) as avg_pass_rate,
            MAX(completed_at) as last_run
        FROM test_runs
        WHERE branch_name IS NOT NULL
        GROUP BY branch_name
        ORDER BY last_run DESC;
        """

    public static let mainBranchProgress = """
        SELECT
            run_id,
            started_at,
            passed,
            failed,
            ROUND(100.0 * passed / total_files, 1) as pass_rate
        FROM test_runs
        WHERE branch_name = 'main' AND completed_at IS NOT NULL
        ORDER BY completed_at DESC
        LIMIT 30;
        """

    public static let featureBranchVsMain = """
        SELECT
            'main' as branch,
            AVG(passed * 100.0 / total_files) as pass_rate
        FROM test_runs
        WHERE branch_name = 'main'
        UNION ALL
        SELECT
            branch_name as branch,
            AVG(passed * 100.0 / total_files) as pass_rate
        FROM test_runs
        WHERE branch_name != 'main'
        GROUP BY branch_name
        ORDER BY pass_rate DESC;
        """

    /// All seven, in the workplan's order.
    public static let all: [(name: String, sql: String)] = [
        ("current-status-summary", currentStatusSummary),
        ("progress-over-time", progressOverTime),
        ("most-problematic-files", mostProblematicFiles),
        ("recent-failures", recentFailures),
        ("progress-by-branch", progressByBranch),
        ("main-branch-progress", mainBranchProgress),
        ("feature-branch-vs-main", featureBranchVsMain),
    ]
}
