"""Hoot unit-test suites run from Python, through Odoo's own runner of them.

Odoo's ``WebSuite`` (web/tests/test_js.py) opens /web/tests in headless Chromium and picks
the suites from the test's parameters (``--test-tags /web:WebSuite[@fuxi_x]``);
``WebSuite.get_hoot_filters`` turns them into Hoot's ``id=`` filters. An addon's HttpCase
mixes in ``FuxiHootMixin`` and calls ``self.run_hoot_suite("@fuxi_x")``: the same filters and
the same page as ``WebSuite.test_unit_desktop``, without inheriting (and so re-running) every
test of WebSuite in each addon, as subclassing it would.
"""

from odoo.addons.web.tests.test_js import WebSuite


class _SuiteParams:
    """The part of a WebSuite test that get_hoot_filters reads: its parameters."""

    get_hoot_filters = WebSuite.get_hoot_filters
    _generate_hash = WebSuite._generate_hash

    def __init__(self, suite):
        self._test_params = [("+", suite)]


class FuxiHootMixin:
    """For an HttpCase: ``self.run_hoot_suite("@fuxi_x")`` fails the test on any Hoot failure."""

    def run_hoot_suite(self, suite):
        self.hoot_filters = _SuiteParams(suite).get_hoot_filters()
        WebSuite.test_unit_desktop(self)


def run_hoot_suite(case, suite):
    """Same as FuxiHootMixin.run_hoot_suite, for a case that does not mix it in."""
    FuxiHootMixin.run_hoot_suite(case, suite)
