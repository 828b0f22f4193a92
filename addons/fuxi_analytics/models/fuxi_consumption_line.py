from odoo import api, models

# what a line's buckets (its visit's and its dish's) depend on
BUCKET_FIELDS = {"consumption_id", "product_id", "quantity", "price_unit", "discount", "subtotal"}


class FuxiConsumptionLine(models.Model):
    """Keeps the daily sales buckets (fuxi_sales_day.py) exact on every line write. Lines
    written while their visit is created are left to the visit's create."""

    _inherit = "fuxi.consumption.line"

    def _fuxi_in_visit_create(self):
        return self.env.context.get("fuxi_consumption_create")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self._fuxi_in_visit_create():
            Buckets = self.env["fuxi.sales.day"].sudo()
            Buckets._fuxi_refresh(*Buckets._fuxi_keys(lines=records))
        return records

    def write(self, vals):
        if self._fuxi_in_visit_create() or not BUCKET_FIELDS.intersection(vals):
            return super().write(vals)
        Buckets = self.env["fuxi.sales.day"].sudo()
        before = Buckets._fuxi_keys(lines=self)
        result = super().write(vals)
        after = Buckets._fuxi_keys(lines=self)
        Buckets._fuxi_refresh(before[0] | after[0], before[1] | after[1])
        return result

    def unlink(self):
        if self._fuxi_in_visit_create():
            return super().unlink()
        Buckets = self.env["fuxi.sales.day"].sudo()
        visits = self.consumption_id
        before = Buckets._fuxi_keys(lines=self)
        result = super().unlink()
        # the visits' amounts fall with their lines
        after = Buckets._fuxi_keys(visits=visits)
        Buckets._fuxi_refresh(before[0] | after[0], before[1] | after[1])
        return result
