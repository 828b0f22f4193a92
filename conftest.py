"""Repository-wide pytest settings for `make test`.

A skipped test is a test that did not protect anything: pytest-odoo skips every HttpCase
without --odoo-http, Odoo skips browser tests without websocket-client or Chromium. The run
fails when anything was skipped, unless FUXI_ALLOW_SKIPS=1 (for a quick local run).

scripts/fuxi runs Odoo's own tests of the modules Fuxi extends before pytest and passes their
result in ODOO_TESTS_SUMMARY ("Odoo's own tests: N passed, N failed"): a failure there is
repeated here and fails the session, so that pytest's summary stays the closing line of
`make test` and no reader of that line misses it.

tests/test_upgrade_group_move.py builds and upgrades its databases in Odoo subprocesses that
mostly use one core: when it is collected, they start with the session and run beside the
other tests (its tests wait for them at the end).
"""

import os
import re

UPGRADE_TEST = "test_upgrade_group_move.py"


def _upgrade_test_module(session):
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None and item.nodeid.split("::")[0].endswith(UPGRADE_TEST):
            return module
    return None


def pytest_collection_finish(session):
    module = _upgrade_test_module(session)
    if module is not None and not session.config.option.collectonly:
        module.start_upgrade_run(session.config)


def pytest_sessionfinish(session, exitstatus):
    module = _upgrade_test_module(session)
    if module is not None:
        module.cleanup_upgrade_run()  # its databases, also when its tests did not run
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
