from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def unlink(self):
        """A deleted guest's visits become walk-ins (the database sets them free): their
        buckets go with the guest, the walk-ins' of those days are recomputed; the
        statistics' rows (no foreign key) name nobody instead."""
        self.env["fuxi.sales.guest.day"].flush_model()
        self.env.cr.execute(
            "SELECT DISTINCT company_id, day FROM fuxi_sales_guest_day WHERE partner_id IN %s",
            [tuple(self.ids) or (0,)],
        )
        days = self.env.cr.fetchall()
        self.env["fuxi.statistic.line"]._fuxi_forget("partner_id", self.ids)
        result = super().unlink()
        if days:
            self.env["fuxi.sales.day"].sudo()._fuxi_refresh(
                {(0, company, day) for company, day in days}, set()
            )
        return result
