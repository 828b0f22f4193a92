from odoo.tests import HttpCase, tagged

from odoo.addons.fuxi_customer.tests.common import run_hoot_suite


@tagged("post_install", "-at_install")
class TestKnowledgeJs(HttpCase):
    def test_hoot(self):
        run_hoot_suite(self, "@fuxi_knowledge")
