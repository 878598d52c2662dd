"""`vibesql-git serve` and `vibesql-git report` in a real browser (headless Chromium).

Each test saves a screenshot in the artifacts folder (see conftest.py)."""
import json
import time
import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import get_json, PASSING_SELECT


def wait_for(browser, condition, timeout=20):
    return WebDriverWait(browser, timeout, poll_frequency=0.2).until(lambda driver: condition(driver))


def text(browser, element_id):
    return browser.find_element(By.ID, element_id).text


def status_rows(repo):
    """`vibesql-git status --format json`: one object per category."""
    result = repo.tool("status", "--format", "json")
    return json.loads(result.stdout)


def test_overview_numbers_equal_vibesql_git_status(server, repo, browser, artifacts):
    browser.get(server + "/")
    wait_for(browser, lambda d: d.find_element(By.ID, "pass-rate").text)
    rows = status_rows(repo)
    passed = sum(row["passed"] for row in rows)
    total = sum(row["total"] for row in rows)
    assert int(text(browser, "passed-files")) == passed
    assert int(text(browser, "total-files")) == total
    assert text(browser, "pass-rate") == f"{100 * passed / total:.1f}%"
    bars = browser.find_elements(By.CSS_SELECTOR, "#category-bars .bar-row")
    assert [bar.find_element(By.CSS_SELECTOR, ".bar-label").text for bar in bars] == [row["category"] for row in rows]
    for bar, row in zip(bars, rows):
        assert f"({row['passed']}/{row['total']})" in bar.find_element(By.CSS_SELECTOR, ".bar-figure").text
    assert {row["category"] for row in rows} == {"dml", "null", "select"}, "categories below the suite's root"
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart circle.dot"), "the baseline's chart has points"
    browser.save_screenshot(str(artifacts / "overview.png"))


def test_custom_query_runs_and_its_permalink_reproduces_it(server, browser, artifacts):
    browser.get(server + "/sql")
    box = browser.find_element(By.ID, "sql-box")
    box.clear()
    box.send_keys("SELECT file_path, category, status FROM test_files ORDER BY file_path")
    browser.find_element(By.ID, "run-sql").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "row-count"))
    assert text(browser, "row-count") == "3"
    first = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.data tbody td")]
    assert "suite/select/basic.test" in first
    permalink = browser.find_element(By.ID, "permalink").get_attribute("href")
    assert "/sql?q=" in permalink
    browser.save_screenshot(str(artifacts / "sql-query.png"))
    browser.get("about:blank")
    browser.get(permalink)
    wait_for(browser, lambda d: d.find_elements(By.ID, "row-count"))
    assert [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.data tbody td")] == first
    assert browser.find_element(By.ID, "sql-box").get_attribute("value").startswith("SELECT file_path, category")
    # The same result as data.
    query = urllib.parse.urlparse(permalink).query
    data = get_json(server + "/sql.json?" + query)
    assert data["row_count"] == 3 and data["error"] is None


def test_named_query_is_one_click(server, browser, artifacts):
    browser.get(server + "/sql")
    browser.find_element(By.LINK_TEXT, "current-status-summary").click()
    wait_for(browser, lambda d: d.find_elements(By.ID, "row-count"))
    assert int(text(browser, "row-count")) == 3
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.data th")]
    assert headers[:2] == ["category", "total"]
    browser.save_screenshot(str(artifacts / "sql-named-query.png"))


def test_compare_shows_the_seeded_regression(server, browser, artifacts):
    browser.get(server + "/compare")
    wait_for(browser, lambda d: d.find_elements(By.ID, "compare-summary"))
    assert text(browser, "compare-summary").startswith("1 regressed")
    rows = browser.find_elements(By.CSS_SELECTOR, "#main section table.data tbody tr")
    cells = [[td.text for td in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    assert ["regressed", "suite/select/basic.test", "PASS", "FAIL"] == cells[0][:4]
    assert float(text(browser, "rate-change").split()[0]) < 0
    browser.save_screenshot(str(artifacts / "compare.png"))
    # Each record links to its detail: the failing record, its SQL shown as text.
    browser.find_element(By.CSS_SELECTOR, "a.record-link").click()
    wait_for(browser, lambda d: "Record" in d.title)
    assert "suite/select/basic.test:" in browser.find_element(By.CSS_SELECTOR, "a.location").text
    assert "<script>alert(1)</script>" in browser.find_element(By.CSS_SELECTOR, ".record-body pre").text
    browser.save_screenshot(str(artifacts / "record.png"))


def test_failures_page_shows_the_record_as_text(server, browser, artifacts):
    browser.get(server + "/failures?category=select")
    wait_for(browser, lambda d: d.find_elements(By.ID, "failures-summary"))
    assert text(browser, "failures-summary").startswith("1 failing file")
    pres = [pre.text for pre in browser.find_elements(By.CSS_SELECTOR, ".record-body pre")]
    assert any("<script>alert(1)</script>" in pre for pre in pres), pres
    assert any("<b>not this</b>" in pre for pre in pres), "expected output shown as text"
    # No injected element ran or was created.
    assert browser.execute_script("return document.querySelectorAll('main script, main b').length") == 0
    browser.save_screenshot(str(artifacts / "failures.png"))


def test_a_write_is_refused_with_its_message(server, browser, artifacts):
    browser.get(server + "/sql?q=" + urllib.parse.quote("DELETE FROM test_runs"))
    wait_for(browser, lambda d: d.find_elements(By.ID, "error"))
    assert text(browser, "error") == "attempt to write a readonly database"
    browser.save_screenshot(str(artifacts / "write-refused.png"))
    assert get_json(server + "/sql.json?q=" + urllib.parse.quote("SELECT COUNT(*) AS n FROM test_runs"))["tables"][0]["rows"] == [[3]]


def test_a_slow_query_stops_at_the_time_limit(server, browser, artifacts):
    sql = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT COUNT(*) FROM n"
    started = time.monotonic()
    browser.get(server + "/sql?q=" + urllib.parse.quote(sql))
    wait_for(browser, lambda d: d.find_elements(By.ID, "error"))
    elapsed = time.monotonic() - started
    assert text(browser, "error").startswith("interrupted"), text(browser, "error")
    assert "500 ms" in text(browser, "error")
    assert elapsed < 15
    assert float(text(browser, "elapsed")) < 5000
    browser.save_screenshot(str(artifacts / "time-limit.png"))


def test_a_new_run_appears_live(server, repo, browser, artifacts):
    browser.get(server + "/")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#recent ~ table tbody tr, section table.data"))
    marker = browser.execute_script("window.__sameDocument = true; return document.body.dataset.tip")
    before = text(browser, "pass-rate")
    # Fix the regression on the feature branch and record a run, while the page stays open.
    repo.write("suite/select/basic.test", PASSING_SELECT)
    repo.commit_and_run("feature: fixed")
    wait_for(browser, lambda d: d.execute_script("return document.body.dataset.tip") != marker, timeout=30)
    assert browser.execute_script("return window.__sameDocument === true"), "updated without a reload"
    assert text(browser, "pass-rate") == "100.0%" != before
    assert "updated" in text(browser, "live")
    browser.save_screenshot(str(artifacts / "live-update.png"))


def test_static_report_opens_from_file_and_shows_the_same_pass_rate(server, repo, browser, artifacts, tmp_path):
    result = repo.tool("report", "-o", str(tmp_path / "report"))
    assert result.returncode == 0, result.stderr
    served = get_json(server + "/overview.json")["pass_rate"]
    browser.get((tmp_path / "report" / "index.html").as_uri())
    wait_for(browser, lambda d: d.find_elements(By.ID, "pass-rate"))
    assert text(browser, "pass-rate") == f"{served:.1f}%"
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert browser.find_elements(By.ID, "query-flaky"), "the named queries' results are in the report"
    browser.save_screenshot(str(artifacts / "static-report.png"))
    badge = json.loads((tmp_path / "report" / "badge.json").read_text())
    assert badge["schemaVersion"] == 1 and badge["message"] == f"{served:.1f}%"
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["pass_rate"] == served
