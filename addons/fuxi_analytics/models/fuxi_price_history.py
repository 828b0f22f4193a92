import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

REASONS = [
    ("create", "New Dish"),
    ("change", "Price Change"),
    ("import", "Import"),
    ("opening", "Opening Price"),
]


class FuxiPriceHistory(models.Model):
    """历年价格: one price of a dish or drink, from the moment it was set.

    Written by product.template's create/write/load (models/product_template.py), so every
    path that changes a menu price — the dish form, a list, an import, code — leaves a dated
    record of who changed it from what to what. Records are not edited by hand."""

    _name = "fuxi.price.history"
    _description = "Dish Price History"
    _order = "date desc, id desc"
    _rec_name = "product_tmpl_id"

    product_tmpl_id = fields.Many2one(
        "product.template", string="Dish / Drink", required=True, ondelete="cascade", index=True
    )
    category_id = fields.Many2one(
        related="product_tmpl_id.fuxi_category_id", store=True, string="Dish Category"
    )
    kind = fields.Selection(related="product_tmpl_id.fuxi_kind", store=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_price = fields.Monetary(string="Old Price", aggregator="avg")
    new_price = fields.Monetary(string="New Price", required=True, aggregator="avg")
    change = fields.Monetary(compute="_compute_change", store=True, aggregator="sum")
    change_percent = fields.Float(
        string="Change (%)", compute="_compute_change", store=True, aggregator="avg"
    )
    reason = fields.Selection(REASONS, required=True, default="change")
    user_id = fields.Many2one(
        "res.users", string="Changed By", default=lambda self: self.env.user, index=True
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="The dish's company; empty when the dish is on every store's menu.",
    )
    currency_id = fields.Many2one(
        "res.currency", default=lambda self: self.env.company.currency_id, required=True
    )

    @api.depends("old_price", "new_price")
    def _compute_change(self):
        for record in self:
            record.change = record.new_price - (record.old_price or 0.0)
            record.change_percent = (
                record.change / record.old_price * 100.0 if record.old_price else 0.0
            )

    @api.model
    def _fuxi_record(self, templates, old_prices, reason):
        """Write one history record per dish whose price differs from ``old_prices``
        ({template id: price or None}); None means the dish had no price yet."""
        vals_list = []
        for template in templates:
            old = old_prices.get(template.id)
            if old is not None and not template.currency_id.compare_amounts(
                old, template.list_price
            ):
                continue
            vals_list.append(
                {
                    "product_tmpl_id": template.id,
                    "old_price": old or 0.0,
                    "new_price": template.list_price,
                    "reason": reason,
                    "company_id": template.company_id.id,
                    "currency_id": template.currency_id.id,
                    "user_id": self.env.uid,
                }
            )
        # whoever may change a price leaves its trace, even without rights on the history
        return self.sudo().create(vals_list)

    @api.model
    def _fuxi_price_at(self, template_ids, when):
        """{template id: price in force at ``when`` (UTC datetime)} from the history."""
        if not template_ids:
            return {}
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (product_tmpl_id) product_tmpl_id, new_price
                  FROM fuxi_price_history
                 WHERE product_tmpl_id IN %s AND date <= %s
                 ORDER BY product_tmpl_id, date DESC, id DESC
                """,
                tuple(template_ids),
                when,
            )
        )
        return dict(self.env.cr.fetchall())

    # ------------------------------------------------------------------ demo and install
    @api.model
    def _fuxi_open_missing(self):
        """An opening record for every dish without history (installing the addon on a
        database that has dishes already)."""
        templates = (
            self.env["product.template"]
            .with_context(active_test=False)
            .search([("is_fuxi_dish", "=", True)])
        )
        known = set(self.search([("product_tmpl_id", "in", templates.ids)]).product_tmpl_id.ids)
        missing = templates.filtered(lambda t: t.id not in known)
        return self._fuxi_record(missing, {}, "opening")

    @api.model
    def _fuxi_create_demo_history(self, years=3, seed=2026):
        """Demo data: ``years`` years of prices of every dish, ending at today's price — an
        opening price, then one or two rises a year (whole yuan). The last rise is more than
        a year ago, so the demo visits (fuxi_tracking: the last year, at today's prices) were
        charged what the history says the menu asked then."""
        rng = random.Random(seed)
        templates = self.env["product.template"].search([("is_fuxi_dish", "=", True)], order="id")
        today = fields.Date.context_today(self)
        start = today - timedelta(days=365 * years)
        admin = self.env.ref("base.user_admin")
        vals_list = []
        for template in templates:
            days = []
            for year in range(years - 1):
                first = 365 * year + 30
                days += sorted(rng.sample(range(first, first + 300), rng.randint(1, 2)))
            prices = [template.list_price]
            for _day in days:
                lower = round(prices[-1] / (1 + rng.uniform(0.03, 0.12)))
                prices.append(max(1.0, min(lower, prices[-1] - 1)))
            prices.reverse()  # oldest first: the opening price, …, today's price
            dates = [start] + [start + timedelta(days=day) for day in days]
            previous = 0.0
            for index, (day, value) in enumerate(zip(dates, prices, strict=True)):
                vals_list.append(
                    {
                        "product_tmpl_id": template.id,
                        "date": datetime.combine(day, time(2, 0)),
                        "old_price": previous,
                        "new_price": value,
                        "reason": "opening" if index == 0 else "change",
                        "company_id": template.company_id.id,
                        "currency_id": template.currency_id.id,
                        "user_id": admin.id,
                    }
                )
                previous = value
        # the dishes' present prices were recorded when they were created: replaced here
        self.search([("product_tmpl_id", "in", templates.ids)]).unlink()
        return self.create(vals_list)
