from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerUi(HttpCase):
    def test_register_guest_tour(self):
        self.env.ref("fuxi_customer.sequence_customer_code").write({"prefix": "TOUR", "padding": 4})
        new_test_user(
            self.env,
            "fx_tour",
            groups="base.group_user,fuxi_customer.group_fuxi_customer_user",
            tz="Asia/Shanghai",
        )
        self.start_tour("/odoo", "fuxi_customer_register_guest", login="fx_tour")
        guest = self.env["res.partner"].search([("name", "=", "欧阳娜娜")])
        self.assertEqual(len(guest), 1)
        self.assertTrue(guest.ref.startswith("TOUR"))
        self.assertTrue(guest.is_fuxi_customer)
        self.assertEqual(
            guest.customer_class_id, self.env.ref("fuxi_customer.customer_class_regular")
        )
