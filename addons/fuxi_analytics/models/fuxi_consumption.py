from odoo import api, models

# what a visit's buckets depend on (its amounts change through its lines)
BUCKET_FIELDS = {"partner_id", "company_id", "date", "guest_count", "line_ids"}


class FuxiConsumption(models.Model):
    """Keeps the daily sales buckets (fuxi_sales_day.py) exact on every visit write."""

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

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        Buckets = self.env["fuxi.sales.day"].sudo()
        Buckets._fuxi_refresh(*Buckets._fuxi_keys(visits=records))
        return records

    def write(self, vals):
        if not BUCKET_FIELDS.intersection(vals):
            return super().write(vals)
        Buckets = self.env["fuxi.sales.day"].sudo()
        before = Buckets._fuxi_keys(visits=self)
        result = super().write(vals)
        after = Buckets._fuxi_keys(visits=self)
        Buckets._fuxi_refresh(before[0] | after[0], before[1] | after[1])
        return result

    def unlink(self):
        Buckets = self.env["fuxi.sales.day"].sudo()
        before = Buckets._fuxi_keys(visits=self)
        result = super().unlink()
        Buckets._fuxi_refresh(*before)
        return result
