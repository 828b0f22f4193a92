"""Repository-wide pytest settings for `make test`.

A skipped test is a test that did not protect anything: pytest-odoo skips every HttpCase
without --odoo-http, Odoo skips browser tests without websocket-client or Chromium. The run
fails when anything was skipped, unless FUXI_ALLOW_SKIPS=1 (for a quick local run).

scripts/fuxi runs Odoo's own tests of the modules Fuxi extends before pytest and passes their
result in ODOO_TESTS_SUMMARY ("Odoo's own tests: N passed, N failed"): a failure there is
repeated here and fails the session, so that pytest's summary stays the closing line of
`make test` and no reader of that line misses it.
"""

import os
import re


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    odoo_tests = os.environ.get("ODOO_TESTS_SUMMARY", "")
    failed = re.search(r"(\d+) failed", odoo_tests)
    if failed and int(failed.group(1)):
        reporter.write("\n")
        reporter.write_line(f"FAILED: {odoo_tests} (see their errors above).", red=True)
        session.exitstatus = 1
    if os.environ.get("FUXI_ALLOW_SKIPS") == "1":
        return
    skipped = reporter.stats.get("skipped", [])
    if skipped and exitstatus == 0:
        reporter.write("\n")
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped; every test must run (see -rs above).",
            red=True,
        )
        session.exitstatus = 1
