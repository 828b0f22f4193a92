from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.res_partner import RFM_SEGMENTS

RANKINGS = [
    ("customer_dishes", "Customer Consumption"),
    ("dish_customers", "Dish Consumption"),
    ("customer_spend", "Customer Spend"),
]
PERIODS = [
    ("this_month", "This Month"),
    ("last_month", "Last Month"),
    ("this_year", "This Year"),
    ("last_year", "Last Year"),
    ("custom", "Custom Range"),
]


class FuxiRanking(models.TransientModel):
    """The three statistics of the seed, for a period, ranked by the database.

    1. 客户消费统计: one customer's dishes and drinks by quantity;
    2. 菜式品种消费统计: one dish's customers by quantity;
    3. 客户消费额统计: all customers by amount spent.
    The ranking is one INSERT … SELECT with ROW_NUMBER(): nothing is looped over in Python.
    """

    _name = "fuxi.ranking"
    _description = "Consumption Ranking"

    ranking = fields.Selection(RANKINGS, required=True, default="customer_spend")
    period = fields.Selection(PERIODS, required=True, default="this_month")
    date_from = fields.Date(
        compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    date_to = fields.Date(
        compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", domain=[("is_fuxi_customer", "=", True)]
    )
    product_id = fields.Many2one(
        "product.product", string="Dish / Drink", domain=[("is_fuxi_dish", "=", True)]
    )
    product_kind = fields.Selection(
        [("all", "Dishes and Drinks"), ("dish", "Dishes Only"), ("drink", "Drinks Only")],
        string="Show",
        default="all",
        required=True,
    )
    limit = fields.Integer(string="Top", default=0, help="Keep only the first N rows (0 = all).")
    line_ids = fields.One2many("fuxi.ranking.line", "ranking_id", string="Rows of the Ranking")
    row_count = fields.Integer(compute="_compute_totals", string="Rows")
    customer_count = fields.Integer(compute="_compute_totals", string="Distinct Customers")
    total_quantity = fields.Float(compute="_compute_totals", string="Total Quantity")
    total_amount = fields.Monetary(compute="_compute_totals", string="Total Amount")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    @api.depends("period")
    def _compute_dates(self):
        today = fields.Date.context_today(self)
        for ranking in self:
            if ranking.period == "this_month":
                start = today.replace(day=1)
                end = start + relativedelta(months=1, days=-1)
            elif ranking.period == "last_month":
                start = today.replace(day=1) - relativedelta(months=1)
                end = today.replace(day=1) - timedelta(days=1)
            elif ranking.period == "this_year":
                start, end = today.replace(month=1, day=1), today.replace(month=12, day=31)
            elif ranking.period == "last_year":
                start = today.replace(year=today.year - 1, month=1, day=1)
                end = start.replace(month=12, day=31)
            else:
                start = ranking.date_from or today.replace(day=1)
                end = ranking.date_to or today
            ranking.date_from, ranking.date_to = start, end

    def _compute_totals(self):
        for ranking in self:
            lines = ranking.line_ids
            ranking.row_count = len(lines)
            ranking.customer_count = len(lines.partner_id)
            ranking.total_quantity = sum(lines.mapped("quantity"))
            ranking.total_amount = sum(lines.mapped("amount"))

    # ------------------------------------------------------------------ computing
    def _utc_bounds(self):
        """[start, end) in UTC for the local days date_from..date_to (both included)."""
        self.ensure_one()
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai")
        start = tz.localize(datetime.combine(self.date_from, time.min))
        end = tz.localize(datetime.combine(self.date_to + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _check_parameters(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        if self.limit < 0:
            raise UserError(self.env._("Top N cannot be negative."))
        if self.ranking == "customer_dishes" and not self.partner_id:
            raise UserError(self.env._("Choose the customer whose dishes are ranked."))
        if self.ranking == "dish_customers" and not self.product_id:
            raise UserError(self.env._("Choose the dish whose customers are ranked."))

    def _ranking_query(self):
        """The ranking as one SELECT: rank, customer with their class, region and value,
        dish, kind, quantity, amount, visits, average — what the user sees, in rank order."""
        return SQL(
            """
            SELECT r.rank, r.partner_id, p.customer_class_id, p.region_id, p.rfm_segment,
                   r.product_id, r.kind, r.quantity, r.amount, r.visits,
                   r.amount / NULLIF(r.visits, 0) AS average
              FROM (%(core)s) r
              LEFT JOIN res_partner p ON p.id = r.partner_id
             ORDER BY r.rank
            """,
            core=self._ranking_core_query(),
        )

    def _ranking_core_query(self):
        """The grouping and numbering of the ranking, by the ranking's kind, over the visits
        the user may read (record rules and allowed companies)."""
        start, end = self._utc_bounds()
        Consumption = self.env["fuxi.consumption"]
        readable_line = Consumption._fuxi_readable_condition(SQL.identifier("l", "consumption_id"))
        limit = SQL("LIMIT %s", self.limit) if self.limit else SQL()
        kind = SQL("AND l.kind = %s", self.product_kind) if self.product_kind != "all" else SQL()
        if self.ranking == "customer_dishes":
            return SQL(
                """
                SELECT ROW_NUMBER() OVER (ORDER BY SUM(l.quantity) DESC, SUM(l.subtotal) DESC,
                                                   l.product_id) AS rank,
                       NULL::int AS partner_id, l.product_id, l.kind,
                       SUM(l.quantity) AS quantity, SUM(l.subtotal) AS amount,
                       COUNT(DISTINCT l.consumption_id) AS visits
                  FROM fuxi_consumption_line l
                 WHERE l.partner_id = %(partner)s AND l.date >= %(start)s AND l.date < %(end)s
                       %(kind)s AND %(readable)s
                 GROUP BY l.product_id, l.kind
                 ORDER BY rank %(limit)s
                """,
                readable=readable_line,
                partner=self.partner_id.id,
                start=start,
                end=end,
                kind=kind,
                limit=limit,
            )
        if self.ranking == "dish_customers":
            return SQL(
                """
                SELECT ROW_NUMBER() OVER (ORDER BY SUM(l.quantity) DESC, SUM(l.subtotal) DESC,
                                                   l.partner_id NULLS LAST) AS rank,
                       l.partner_id, l.product_id, l.kind,
                       SUM(l.quantity) AS quantity, SUM(l.subtotal) AS amount,
                       COUNT(DISTINCT l.consumption_id) AS visits
                  FROM fuxi_consumption_line l
                 WHERE l.product_id = %(product)s AND l.date >= %(start)s AND l.date < %(end)s
                       AND %(readable)s
                 GROUP BY l.partner_id, l.product_id, l.kind
                 ORDER BY rank %(limit)s
                """,
                readable=readable_line,
                product=self.product_id.id,
                start=start,
                end=end,
                limit=limit,
            )
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY SUM(c.amount_total) DESC, COUNT(*) DESC,
                                               c.partner_id) AS rank,
                   c.partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                   NULL::numeric AS quantity, SUM(c.amount_total) AS amount,
                   COUNT(*) AS visits
              FROM fuxi_consumption c
             WHERE c.partner_id IS NOT NULL AND c.date >= %(start)s AND c.date < %(end)s
                   AND %(readable)s
             GROUP BY c.partner_id
             ORDER BY rank %(limit)s
            """,
            readable=Consumption._fuxi_readable_condition(SQL.identifier("c", "id")),
            start=start,
            end=end,
            limit=limit,
        )

    def action_compute(self):
        self.ensure_one()
        # the rows are deleted and written in SQL: only the ranking's owner may do that
        self.check_access("write")
        self._check_parameters()
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        # rows of an earlier run: transient, referenced by nothing — deleted in one statement
        self.env.cr.execute(SQL("DELETE FROM fuxi_ranking_line WHERE ranking_id = %s", self.id))
        self.env["fuxi.ranking.line"].invalidate_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fuxi_ranking_line
                       (ranking_id, company_id, rank, partner_id, customer_class_id, region_id,
                        rfm_segment, product_id,
                        kind, quantity, amount, visits, average,
                        create_uid, create_date, write_uid, write_date)
                SELECT %(ranking)s, %(company)s, q.rank, q.partner_id, q.customer_class_id,
                       q.region_id, q.rfm_segment, q.product_id, q.kind, q.quantity, q.amount,
                       q.visits, q.average,
                       %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s, NOW() AT TIME ZONE 'UTC'
                  FROM (%(query)s) q
                """,
                ranking=self.id,
                company=self.company_id.id,
                uid=self.env.uid,
                query=self._ranking_query(),
            )
        )
        self.invalidate_recordset(["line_ids"])
        return self.action_open_lines()

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_tracking.fuxi_ranking_line_action"
        )
        action["domain"] = [("ranking_id", "=", self.id)]
        action["display_name"] = self._display_title()
        action["context"] = {"fuxi_ranking": self.ranking}
        return action

    def action_print(self):
        self.ensure_one()
        if not self.line_ids:
            self.action_compute()
        return self.env.ref("fuxi_tracking.action_report_fuxi_ranking").report_action(self)

    def _display_title(self):
        self.ensure_one()
        label = dict(self._fields["ranking"]._description_selection(self.env))[self.ranking]
        subject = self.partner_id.display_name or self.product_id.display_name or ""
        return " · ".join(
            part for part in (label, subject, f"{self.date_from} ~ {self.date_to}") if part
        )


class FuxiRankingLine(models.TransientModel):
    """A row of a computed ranking.

    The table is made here (_auto = False): unlogged, and without foreign keys — a ranking of
    all customers writes tens of thousands of rows at once, and seven foreign-key checks per
    row cost five times the ranking itself. Rows are transient like their wizard, seen by
    their creator only (record rules: the creator, in the ranking's company), vacuumed with
    it and deleted when the ranking is run again.
    """

    _name = "fuxi.ranking.line"
    _description = "Consumption Ranking Row"
    _order = "ranking_id, rank"
    _auto = False
    _log_access = True

    ranking_id = fields.Many2one("fuxi.ranking", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", readonly=True)
    rank = fields.Integer(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_class_id = fields.Many2one("fuxi.customer.class", readonly=True)
    region_id = fields.Many2one("fuxi.region", readonly=True)
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Customer Value", readonly=True)
    product_id = fields.Many2one("product.product", string="Dish / Drink", readonly=True)
    kind = fields.Selection([("dish", "Dish"), ("drink", "Drink")], readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Monetary(readonly=True)
    visits = fields.Integer(readonly=True)
    average = fields.Monetary(string="Average per Visit", readonly=True)
    currency_id = fields.Many2one(related="ranking_id.currency_id")

    def init(self):
        self.env.cr.execute(
            """
            CREATE UNLOGGED TABLE IF NOT EXISTS fuxi_ranking_line (
                id SERIAL PRIMARY KEY,
                ranking_id INTEGER NOT NULL,
                company_id INTEGER,
                rank INTEGER,
                partner_id INTEGER,
                customer_class_id INTEGER,
                region_id INTEGER,
                rfm_segment VARCHAR,
                product_id INTEGER,
                kind VARCHAR,
                quantity NUMERIC,
                amount NUMERIC,
                visits INTEGER,
                average NUMERIC,
                create_uid INTEGER,
                create_date TIMESTAMP,
                write_uid INTEGER,
                write_date TIMESTAMP
            );
            CREATE INDEX IF NOT EXISTS fuxi_ranking_line_ranking_rank_idx
                ON fuxi_ranking_line (ranking_id, rank);
            """
        )
        # rows of an earlier version keep their table: the column is added (they are
        # transient, and without a company only the superuser sees them)
        self.env.cr.execute(
            "ALTER TABLE fuxi_ranking_line ADD COLUMN IF NOT EXISTS company_id INTEGER"
        )
