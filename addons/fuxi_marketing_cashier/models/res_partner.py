from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _fuxi_greeting_benefits(self):
        """The birthday month discount the bill will apply, as the guest reads it."""
        text = super()._fuxi_greeting_benefits()
        company = self.company_id or self.env.company
        rule = (
            self.env["fuxi.cashier.price.rule"]
            .sudo()
            .search(
                [("kind", "=", "birthday"), ("company_id", "in", (company.id, False))],
                order="percent desc, sequence, id",
                limit=1,
            )
        )
        if not rule:
            return text
        benefit = self.env._(
            "In your birthday month you enjoy %(rule)s (%(percent)s%% off) at %(restaurant)s.",
            rule=rule.with_context(lang=self.env.lang).name,
            percent=f"{rule.percent:g}",
            restaurant=company.name,
        )
        return f"{text} {benefit}".strip() if text else benefit
