from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestGreetingBenefits(TransactionCase):
    def test_birthday_discount_named(self):
        """With the cashier installed, a greeting names the birthday discount."""
        company = self.env.company
        self.env["fuxi.cashier.price.rule"].search([("kind", "=", "birthday")]).active = False
        self.env["fuxi.cashier.price.rule"].create(
            {"name": "生日月8折", "kind": "birthday", "percent": 20, "company_id": company.id}
        )
        guest = self.env["res.partner"].create({"name": "周小云", "is_fuxi_customer": True})
        text = guest.with_context(lang="en_US").fuxi_greeting_benefits
        self.assertIn("生日月8折", text)
        self.assertIn("20% off", text)
