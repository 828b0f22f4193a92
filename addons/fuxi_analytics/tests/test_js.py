from odoo.tests import HttpCase, tagged

from odoo.addons.fuxi_customer.tests.common import run_hoot_suite


@tagged("post_install", "-at_install")
class TestAnalyticsJs(HttpCase):
    # an2: the dashboard's Hoot suite
    def test_hoot(self):
        run_hoot_suite(self, "@fuxi_analytics")
