from odoo.tests import HttpCase, tagged

from odoo.addons.fuxi_customer.tests.hoot import FuxiHootMixin


@tagged("post_install", "-at_install")
class TestCashierPanelHoot(FuxiHootMixin, HttpCase):
    def test_hoot_payment_panel(self):
        self.run_hoot_suite("@fuxi_cashier")
