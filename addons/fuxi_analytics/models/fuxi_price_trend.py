from odoo import fields, models, tools


class FuxiPriceTrend(models.Model):
    """价格走势: each dish's menu price at the end of every month since its first recorded
    price — what the graphs of a dish's price over the years and of the average price per
    category are drawn from (an average over the menu as it was, not over the changes)."""

    _name = "fuxi.price.trend"
    _description = "Dish Price Trend"
    _auto = False
    _order = "month desc, product_tmpl_id"
    _rec_name = "product_tmpl_id"
    _depends = {
        "fuxi.price.history": ["product_tmpl_id", "date", "new_price", "company_id"],
        "product.template": ["fuxi_category_id", "fuxi_kind", "is_fuxi_dish", "active"],
    }

    month = fields.Date(readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Dish / Drink", readonly=True)
    category_id = fields.Many2one("fuxi.dish.category", string="Dish Category", readonly=True)
    kind = fields.Selection([("dish", "Dish"), ("drink", "Drink")], readonly=True)
    price = fields.Monetary(readonly=True, aggregator="avg")
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE VIEW fuxi_price_trend AS
            SELECT ROW_NUMBER() OVER (ORDER BY t.id, m.month) AS id,
                   m.month::date AS month, t.id AS product_tmpl_id,
                   t.fuxi_category_id AS category_id, t.fuxi_kind AS kind,
                   h.new_price AS price, h.company_id, h.currency_id
              FROM product_template t
              JOIN LATERAL (SELECT MIN(date) AS first_date FROM fuxi_price_history
                             WHERE product_tmpl_id = t.id) f ON f.first_date IS NOT NULL
             CROSS JOIN LATERAL generate_series(date_trunc('month', f.first_date),
                                                date_trunc('month', NOW() AT TIME ZONE 'UTC'),
                                                INTERVAL '1 month') AS m(month)
             CROSS JOIN LATERAL (SELECT new_price, company_id, currency_id
                                   FROM fuxi_price_history p
                                  WHERE p.product_tmpl_id = t.id
                                    AND p.date < m.month + INTERVAL '1 month'
                                  ORDER BY p.date DESC, p.id DESC
                                  LIMIT 1) h
             WHERE t.is_fuxi_dish AND t.active
            """
        )
