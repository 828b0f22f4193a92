from odoo import fields, models


class FuxiSalesDishDay(models.Model):
    """A dish's or drink's sales of one local day in one store (see fuxi_sales_day.py): the
    dashboard's top and falling dishes."""

    _name = "fuxi.sales.dish.day"
    _description = "Daily Sales of a Dish"
    _log_access = False
    _order = "day desc, company_id, product_id"

    product_id = fields.Many2one("product.product", string="Dish / Drink", ondelete="cascade")
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True, index=True)
    quantity = fields.Float(digits=(16, 3))
    amount = fields.Float(digits=(16, 2))

    def init(self):
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_sales_dish_day_key_idx
                ON fuxi_sales_dish_day (product_id, company_id, day)
            """
        )
