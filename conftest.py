"""Repository-wide pytest settings for `make test`.

A skipped test is a test that did not protect anything: pytest-odoo skips every HttpCase
without --odoo-http, Odoo skips browser tests without websocket-client or Chromium. The run
fails when anything was skipped, unless FUXI_ALLOW_SKIPS=1 (for a quick local run).
"""

import os


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or os.environ.get("FUXI_ALLOW_SKIPS") == "1":
        return
    skipped = reporter.stats.get("skipped", [])
    if skipped and exitstatus == 0:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped; every test must run (see -rs above).",
            red=True,
        )
        session.exitstatus = 1
