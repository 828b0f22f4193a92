"""Every Fuxi addon's Hoot suite, in one browser run.

Each run of a Hoot suite loads the whole ``web.assets_unit_tests`` bundle into a new headless
Chromium (~15 s before the first test starts). One run whose filter selects the suite of every
Fuxi addon that ships Hoot tests (``static/tests/**/*.test.js``) pays that once instead of once
per addon; a failing test still fails this test, and Hoot's error names the test by its full
path (``@fuxi_x/…``), so the addon is known. To run one addon's suite alone while working on
it: ``odoo --test-tags /web:WebSuite.test_unit_desktop[@fuxi_x]``.
"""

import logging
import re
from pathlib import Path

from odoo.tests import HttpCase

from odoo.addons.fuxi_customer.tests.hoot import FuxiHootMixin

ADDONS = Path(__file__).resolve().parent.parent / "addons"


def fuxi_hoot_suites():
    """``@fuxi_x`` for each addon with Hoot tests: a new addon's suite is picked up by itself."""
    return sorted(
        f"@{manifest.parent.name}"
        for manifest in ADDONS.glob("*/__manifest__.py")
        if any((manifest.parent / "static" / "tests").rglob("*.test.js"))
    )


class _FailedHootTests(logging.Handler):
    """The names of the Hoot tests the browser reports as failed (``@fuxi_x/suite/test``)."""

    FAILED = re.compile(r'\[HOOT\] Test "([^"]+)" failed')

    def __init__(self):
        super().__init__(logging.ERROR)
        self.names = []

    def emit(self, record):
        found = self.FAILED.search(record.getMessage())
        if found:
            self.names.append(found.group(1))


class TestFuxiHootSuites(FuxiHootMixin, HttpCase):
    # outside odoo.addons.*, Odoo's test metaclass does not fill these in
    test_tags = {"standard", "post_install"}
    test_module = "fuxi_tests"
    test_class = "TestFuxiHootSuites"
    test_sequence = 0

    def test_every_fuxi_hoot_suite(self):
        suites = fuxi_hoot_suites()
        # the addons whose JavaScript has unit tests today: none may drop out unnoticed
        for addon in (
            "fuxi_analytics",
            "fuxi_card_reader",
            "fuxi_cashier",
            "fuxi_customer",
            "fuxi_frontdesk",
            "fuxi_knowledge",
            "fuxi_marketing",
            "fuxi_service",
            "fuxi_tracking",
        ):
            self.assertIn(f"@{addon}", suites)
        failed = _FailedHootTests()
        logging.getLogger().addHandler(failed)
        try:
            self.run_hoot_suite(",".join(suites))
        except AssertionError as exc:
            # Odoo's own message says only "Some js test failed": name the tests (their
            # addon first) in the failure itself
            raise AssertionError(
                f"Hoot tests failed: {'; '.join(failed.names) or 'see the log above'}"
            ) from exc
        finally:
            logging.getLogger().removeHandler(failed)
