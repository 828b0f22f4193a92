from odoo import models


class FuxiConsumption(models.Model):
    """The daily sales buckets (fuxi_sales_day.py) are kept exact on every visit and line
    write by fuxi_tracking's bucket keeper (see FuxiBucketKeeper there)."""

    _inherit = "fuxi.consumption"

    def init(self):
        result = super().init()
        # recomputing one guest's day reads their visits of that day, not all of them
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_consumption_partner_date_idx
                ON fuxi_consumption (partner_id, date) WHERE partner_id IS NOT NULL
            """
        )
        return result
