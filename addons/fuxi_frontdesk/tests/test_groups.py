from odoo.tests import TransactionCase

from odoo.addons.fuxi_customer.tests.common import assert_ladder


class TestGroups(TransactionCase):
    """The area's rights ladder is declared by this addon, not by fuxi_customer."""

    def test_area_ladder_is_this_addons(self):
        assert_ladder(self, "fuxi_frontdesk", "frontdesk")
