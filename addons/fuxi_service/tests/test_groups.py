from odoo.tests import TransactionCase

from odoo.addons.fuxi_customer.tests.common import assert_ladder


class TestGroups(TransactionCase):
    """The area's rights ladder is declared by this addon, not by fuxi_customer."""

    def test_area_ladder_is_this_addons(self):
        assert_ladder(self, "fuxi_service", "service")

    def test_special_rights_are_separate(self):
        manager = self.env["res.users"].create(
            {
                "name": "客户经理",
                "login": "fx_special_rights",
                "groups_id": [
                    (6, 0, self.env.ref("fuxi_customer.group_fuxi_customer_manager").ids)
                ],
            }
        )
        transfer = self.env.ref("fuxi_service.group_fuxi_transfer")
        urge = self.env.ref("fuxi_service.group_fuxi_urge")
        self.assertFalse(manager.has_group("fuxi_service.group_fuxi_transfer"))
        manager.groups_id |= transfer
        self.assertTrue(manager.has_group("fuxi_service.group_fuxi_transfer"))
        self.assertFalse(manager.has_group("fuxi_service.group_fuxi_urge"))
        self.assertEqual(transfer.category_id, urge.category_id)
        self.assertIn("Transfer", manager.fuxi_rights)
