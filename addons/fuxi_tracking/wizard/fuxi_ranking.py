from datetime import date, datetime, time, timedelta

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


def report_session(cr):
    """Settings for one report query in this transaction (SET LOCAL ends with it, also on a
    read-only replica cursor).

    PostgreSQL's JIT compiler switches itself on for any statement its planner costs above
    jit_above_cost — and a report over a year of buckets is costed far above it. Compiling
    took about as long as running: on the 5M-line bench, a rolling year's dish statistic
    spent 10.8 s of its 23 s in JIT (EXPLAIN ANALYZE, loaded machine). The reports run the
    same few plans over and over, so they are better off interpreted. A larger work_mem
    keeps their sorts and hashes of a year's bucket rows (1.5 M rows for a rolling year of
    customer × dish) in memory instead of spilling to disk.
    """
    cr.execute("SET LOCAL jit = off")
    cr.execute("SET LOCAL work_mem = '64MB'")


def bucket_plan(date_from, date_to):
    """The local days date_from..date_to as whole buckets and edge day ranges:
    ([(grain, first day)], [(first day, last day)]) — whole years, then whole months, and the
    days of partly covered months."""
    parts, edges = [], []
    day = date_from
    while day <= date_to:
        if day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= date_to:
            parts.append(("year", day))
            day = date(day.year + 1, 1, 1)
            continue
        month_end = day.replace(day=1) + relativedelta(months=1, days=-1)
        if day.day == 1 and month_end <= date_to:
            parts.append(("month", day))
        else:
            edges.append((day, min(month_end, date_to)))
        day = month_end + timedelta(days=1)
    return parts, edges


def widen_plan(env, parts, edges, date_to, companies, utc):
    """A period that ends inside a month (the manager's "this month", "this year": up to
    today) read from that month's bucket, and then from its year's, when no visit of these
    stores falls on the days after the period that the bucket also covers: the same rows,
    read from one bucket instead of the edge days' lines (and eleven months). Exact whatever
    the day: a later visit keeps the plan as it was. ``utc(day)``: the UTC start of a local
    day. (A function: fuxi_analytics' statistics borrow the rankings' _bucket_scope.)"""
    if not edges or edges[-1][1] != date_to or edges[-1][0].day != 1:
        return parts, edges
    Consumption = env["fuxi.consumption"].sudo()
    Consumption.flush_model(["date", "company_id"])

    def empty(first, last):
        if first > last:
            return True
        return not Consumption.search_count(
            [
                ("company_id", "in", companies),
                ("date", ">=", utc(first)),
                ("date", "<", utc(last + timedelta(days=1))),
            ],
            limit=1,
        )

    month = edges[-1][0]
    month_end = month + relativedelta(months=1, days=-1)
    if not empty(date_to + timedelta(days=1), month_end):
        return parts, edges
    parts, edges = [*parts, ("month", month)], edges[:-1]
    # every month of the year up to this one read from its month bucket: the year's
    year = [part for part in parts if part[0] == "month" and part[1].year == month.year]
    if len(year) == month.month and empty(month_end + timedelta(days=1), date(month.year, 12, 31)):
        parts = [part for part in parts if part not in year] + [("year", date(month.year, 1, 1))]
    return parts, edges


def parts_condition(alias, parts):
    if not parts:
        return SQL("FALSE")
    return SQL(" OR ").join(
        SQL(
            "(%s = %s AND %s = %s)",
            SQL.identifier(alias, "grain"),
            grain,
            SQL.identifier(alias, "day"),
            day,
        )
        for grain, day in parts
    )


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

    def _bucket_scope(self):
        """(parts, edge conditions, company ids) when the buckets can answer for this user and
        period, else None: the buckets are per local day of their time zone and per company, so
        they serve a user of that time zone whom no record rule restricts beyond companies."""
        self.ensure_one()
        tz = self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai"
        if tz != self.env["fuxi.bucket.keeper"]._fuxi_bucket_tz():
            return None
        companies = self.env["fuxi.consumption"]._fuxi_bucket_companies()
        if companies is None:
            return None
        zone = pytz.timezone(tz)

        def utc(day):
            local = zone.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        parts, edges = widen_plan(
            self.env, *bucket_plan(self.date_from, self.date_to), self.date_to, companies, utc
        )

        def edge_condition(column):
            if not edges:
                return SQL("FALSE")
            return SQL(" OR ").join(
                SQL("(%s >= %s AND %s < %s)", column, utc(a), column, utc(b + timedelta(days=1)))
                for a, b in edges
            )

        edge_condition.edges = edges
        return parts, edge_condition, companies

    def _ranking_core_query(self):
        """The grouping and numbering of the ranking, by the ranking's kind, over the visits
        the user may read (record rules and allowed companies): from the buckets (whole
        months and years) plus the lines of the edge days when the buckets can answer, from
        the lines otherwise. Both give the same rows in the same order."""
        scope = self._bucket_scope()
        if scope is not None:
            return self._ranking_bucket_query(*scope)
        return self._ranking_line_query()

    def _closed_bucket(self):
        """(grain, first day) when the period is one whole month or year that has ended."""
        self.ensure_one()
        parts, edges = bucket_plan(self.date_from, self.date_to)
        if len(parts) != 1 or edges or self.date_to >= fields.Date.context_today(self):
            return None
        return parts[0]

    def _closed_key(self, closed, companies):
        subject = {"customer_dishes": self.partner_id.id, "dish_customers": self.product_id.id}
        kind = self.product_kind if self.ranking == "customer_dishes" else "all"
        return (self.ranking, *closed, companies, subject.get(self.ranking) or 0, kind)

    def _store_closed(self):
        """Keep the rows of a closed period's ranking (on the primary: the wizard and the
        daily job write, the read-only verb only reads them)."""
        self.ensure_one()
        closed, scope = self._closed_bucket(), self._bucket_scope()
        if not closed or scope is None:
            return
        Closed = self.env["fuxi.ranking.closed"].sudo()
        key = self._closed_key(closed, scope[2])
        if Closed._fuxi_read(*key, 0, 1) is None:
            Closed._fuxi_store(*key, self._ranking_bucket_query(*scope, limit=0))

    @api.model
    def _cron_store_closed_rankings(self):
        """Rank last month and last year by spend for each store and all stores together."""
        # the buckets' local days, whatever the time zone of the job's user
        Ranking = self.with_context(tz=self.env["fuxi.bucket.keeper"]._fuxi_bucket_tz())
        today = fields.Date.context_today(Ranking)
        last_month = today.replace(day=1) - relativedelta(months=1)
        last_year = today.replace(year=today.year - 1, month=1, day=1)
        companies = self.env["fuxi.bucket.keeper"]._fuxi_company_ids()
        scopes = [companies] + ([[company] for company in companies] if len(companies) > 1 else [])
        Closed = self.env["fuxi.ranking.closed"].sudo()
        for first, last in (
            (last_month, last_month + relativedelta(months=1, days=-1)),
            (last_year, last_year.replace(month=12, day=31)),
        ):
            ranking = Ranking.new(
                {
                    "ranking": "customer_spend",
                    "period": "custom",
                    "date_from": first,
                    "date_to": last,
                }
            )
            closed, scope = ranking._closed_bucket(), ranking._bucket_scope()
            if not closed or scope is None:
                continue
            for stores in scopes:
                Closed._fuxi_store(
                    *ranking._closed_key(closed, stores),
                    ranking._ranking_bucket_query(scope[0], scope[1], stores, limit=0),
                )

    def _ranking_bucket_query(self, parts, edge_condition, companies, limit=None, page=None):
        """The ranking from the buckets; with ``page`` (offset, size) only that page in rank
        order, its rows numbered NULL and the number of rows as full_count — the rows are
        not all numbered (a top-N sort instead of sorting every row)."""
        limit = self.limit if limit is None else limit
        limit = SQL("LIMIT %s", limit) if limit else SQL()

        def rank(order):
            if page is None:
                return SQL("ROW_NUMBER() OVER (ORDER BY %s) AS rank", order)
            return SQL("NULL::bigint AS rank, COUNT(*) OVER () AS full_count")

        def tail(order):
            if page is None:
                return SQL("ORDER BY rank %s", limit)
            offset, size = page
            if size:
                return SQL("ORDER BY %s LIMIT %s OFFSET %s", order, size, offset)
            return SQL("ORDER BY %s OFFSET %s", order, offset)

        single = (
            page is not None
            and len(parts) == 1
            and not getattr(edge_condition, "edges", True)
            and len(companies) == 1
        )
        if single and self.ranking == "dish_customers":
            return self._dish_bucket_page(parts[0], companies[0], *page)
        if single and self.ranking == "customer_spend":
            # one bucket of one store: a guest is one row of it, already summed — the page
            # straight from the rank index (a top-N read, not a sort of every guest) and
            # the count kept with the buckets (not a count of every guest's row)
            offset, size = page
            bucket = SQL(
                "b.company_id = %s AND b.grain = %s AND b.day = %s", companies[0], *parts[0]
            )
            return SQL(
                """
                SELECT NULL::bigint AS rank,
                       (SELECT COALESCE(SUM(b.customers), 0)
                          FROM fuxi_bucket_customer_count b WHERE %(bucket)s) AS full_count,
                       b.partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                       NULL::numeric AS quantity, b.amount_total::numeric AS amount,
                       b.visits::bigint AS visits
                  FROM fuxi_bucket_customer b
                 WHERE %(bucket)s
                 ORDER BY b.amount_total DESC, b.visits DESC, b.partner_id
                 %(limit)s OFFSET %(offset)s
                """,
                bucket=bucket,
                limit=SQL("LIMIT %s", size) if size else SQL(),
                offset=offset,
            )
        if self.ranking == "customer_spend":
            order = SQL("SUM(u.amount) DESC, SUM(u.visits) DESC, u.partner_id")
            return SQL(
                """
                SELECT %(rank)s,
                       u.partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                       NULL::numeric AS quantity, SUM(u.amount)::numeric AS amount,
                       SUM(u.visits)::bigint AS visits
                  FROM (
                    SELECT b.partner_id, b.amount_total AS amount, b.visits
                      FROM fuxi_bucket_customer b
                     WHERE b.company_id = ANY(%(companies)s) AND (%(parts)s)
                     UNION ALL
                    SELECT c.partner_id, c.amount_total, 1
                      FROM fuxi_consumption c
                     WHERE c.partner_id IS NOT NULL AND c.company_id = ANY(%(companies)s)
                       AND (%(edges)s)
                  ) u
                 GROUP BY u.partner_id
                 %(tail)s
                """,
                rank=rank(order),
                tail=tail(order),
                companies=companies,
                parts=parts_condition("b", parts),
                edges=edge_condition(SQL("c.date")),
            )
        if self.ranking == "customer_dishes":
            subject = SQL("partner_id = %s", self.partner_id.id)
            group, order = SQL("product_id, kind"), SQL("u.product_id")
            columns = SQL("NULL::int AS partner_id, u.product_id, u.kind")
        else:
            subject = SQL("product_id = %s", self.product_id.id)
            group, order = SQL("partner_id, product_id, kind"), SQL("u.partner_id NULLS LAST")
            columns = SQL("u.partner_id, u.product_id, u.kind")
        kind = (
            SQL("AND kind = %s", self.product_kind)
            if self.ranking == "customer_dishes" and self.product_kind != "all"
            else SQL()
        )
        order = SQL("SUM(u.quantity) DESC, SUM(u.amount) DESC, %s", order)
        return SQL(
            """
            SELECT %(rank)s,
                   %(columns)s, SUM(u.quantity)::numeric AS quantity,
                   SUM(u.amount)::numeric AS amount, SUM(u.visits)::bigint AS visits
              FROM (
                SELECT %(group)s, quantity, amount, visits
                  FROM fuxi_bucket_customer_dish
                 WHERE %(subject)s %(kind)s AND company_id = ANY(%(companies)s) AND (%(parts)s)
                 UNION ALL
                SELECT %(group)s, SUM(quantity), SUM(subtotal), COUNT(DISTINCT consumption_id)
                  FROM fuxi_consumption_line l
                 WHERE %(subject)s %(kind)s AND (%(edges)s)
                   AND l.consumption_id IN (
                        SELECT id FROM fuxi_consumption WHERE company_id = ANY(%(companies)s))
                 GROUP BY %(group)s
              ) u
             GROUP BY %(ugroup)s
             %(tail)s
            """,
            rank=rank(order),
            tail=tail(order),
            columns=columns,
            group=group,
            ugroup=SQL("u.partner_id, u.product_id, u.kind")
            if self.ranking == "dish_customers"
            else SQL("u.product_id, u.kind"),
            subject=subject,
            kind=kind,
            companies=companies,
            parts=parts_condition("fuxi_bucket_customer_dish", parts),
            edges=edge_condition(SQL("l.date")),
        )

    def _dish_bucket_page(self, part, company, offset, size):
        """The page of the dish's customers in one bucket of one store: each named guest is
        one row of the bucket (per kind), read from the rank index in the ranking's order (a
        top-N read: no sum and no sort of every customer of the dish); the walk-ins' appended
        rows added up and put in their place; the count is the dish bucket's number of
        customers plus the walk-ins' rows — the rows of the same ranking as the general
        query."""
        key = SQL(
            "company_id = %s AND grain = %s AND day = %s AND product_id = %s",
            company,
            *part,
            self.product_id.id,
        )
        return SQL(
            """
            WITH named AS (
                SELECT partner_id, product_id, kind, quantity, amount, visits
                  FROM fuxi_bucket_customer_dish_row
                 WHERE %(key)s AND partner_id IS NOT NULL AND NOT delta
                 ORDER BY quantity DESC, amount DESC, partner_id
                 %(reach)s
            ), walk_ins AS (
                SELECT NULL::int AS partner_id, product_id, kind, SUM(quantity) AS quantity,
                       SUM(amount) AS amount, SUM(visits) AS visits
                  FROM fuxi_bucket_customer_dish_row
                 WHERE %(key)s AND partner_id IS NULL
                 GROUP BY product_id, kind
                HAVING SUM(line_count) <> 0
            )
            SELECT NULL::bigint AS rank,
                   (SELECT COALESCE(SUM(customers), 0) FROM fuxi_bucket_dish_row WHERE %(key)s)
                   + (SELECT COUNT(*) FROM walk_ins) AS full_count,
                   u.partner_id, u.product_id, u.kind, u.quantity::numeric AS quantity,
                   u.amount::numeric AS amount, u.visits::bigint AS visits
              FROM (SELECT * FROM named UNION ALL SELECT * FROM walk_ins) u
             ORDER BY u.quantity DESC, u.amount DESC, u.partner_id NULLS LAST
             %(limit)s OFFSET %(offset)s
            """,
            key=key,
            reach=SQL("LIMIT %s", offset + size) if size else SQL(),
            limit=SQL("LIMIT %s", size) if size else SQL(),
            offset=offset,
        )

    def _ranking_line_query(self):
        """The ranking straight from the lines and visits (the reference of the buckets)."""
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

    @api.model
    @api.readonly
    def get_ranking(
        self,
        ranking,
        date_from,
        date_to,
        offset=0,
        limit=80,
        partner_id=False,
        product_id=False,
        product_kind="all",
    ):
        """One page of a ranking and the exact number of its rows, as plain values, without
        writing anything (a read replica can answer it)::

            {"count": 74276, "offset": 0, "rows": [{rank, partner_id, partner_name,
             product_id, product_name, kind, quantity, amount, visits, average}, ...]}
        """
        try:
            offset, limit = max(int(offset or 0), 0), max(int(limit or 0), 0)
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("The page's offset and size are numbers.")) from error
        if ranking not in dict(RANKINGS):
            raise UserError(self.env._("There is no ranking %(name)s.", name=ranking))
        wizard = self.new(
            {
                "ranking": ranking,
                "period": "custom",
                "date_from": date_from,
                "date_to": date_to,
                "partner_id": partner_id or False,
                "product_id": product_id or False,
                "product_kind": product_kind or "all",
            }
        )
        if not wizard.date_from or not wizard.date_to:
            raise UserError(self.env._("Give the first and the last day of the period."))
        wizard._check_parameters()
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        report_session(self.env.cr)
        stored = None
        closed, scope = wizard._closed_bucket(), wizard._bucket_scope()
        if closed and scope is not None:
            stored = (
                self.env["fuxi.ranking.closed"]
                .sudo()
                ._fuxi_read(*wizard._closed_key(closed, scope[2]), offset, limit)
            )
        if stored is not None:
            count, records = stored
        else:
            count, records = self._ranking_page(wizard, offset, limit)
        partners = dict(
            self.env["res.partner"]
            .browse({r["partner_id"] for r in records if r["partner_id"]})
            .mapped(lambda p: (p.id, p.display_name))
        )
        products = dict(
            self.env["product.product"]
            .browse({r["product_id"] for r in records if r["product_id"]})
            .mapped(lambda p: (p.id, p.display_name))
        )
        rows = []
        for r in records:
            amount, visits = float(r["amount"] or 0.0), int(r["visits"] or 0)
            rows.append(
                {
                    "rank": int(r["rank"]),
                    "partner_id": r["partner_id"] or False,
                    "partner_name": partners.get(r["partner_id"], ""),
                    "product_id": r["product_id"] or False,
                    "product_name": products.get(r["product_id"], ""),
                    "kind": r["kind"] or False,
                    "quantity": float(r["quantity"]) if r["quantity"] is not None else False,
                    "amount": amount,
                    "visits": visits,
                    "average": amount / visits if visits else 0.0,
                }
            )
        return {"count": int(count), "offset": offset, "rows": rows}

    @api.model
    def _ranking_page(self, wizard, offset, limit):
        """(number of rows, rows of the page) ranked now: from the buckets only the page is
        sorted out (its rows numbered here), from the lines every row is numbered."""
        scope = wizard._bucket_scope()
        if scope is not None:
            query = wizard._ranking_bucket_query(*scope, page=(offset, limit))
        else:
            page = SQL("LIMIT %s OFFSET %s", limit, offset) if limit else SQL("OFFSET %s", offset)
            query = SQL(
                """
                SELECT r.*, COUNT(*) OVER () AS full_count
                  FROM (%(core)s) r
                 ORDER BY r.rank %(page)s
                """,
                core=wizard._ranking_core_query(),
                page=page,
            )
        self.env.cr.execute(query)
        names = [desc[0] for desc in self.env.cr.description]
        records = [dict(zip(names, values, strict=True)) for values in self.env.cr.fetchall()]
        for position, record in enumerate(records, start=offset + 1):
            record["rank"] = position
        count = records[0]["full_count"] if records else self._ranking_count(wizard)
        return count, records

    @api.model
    def _ranking_count(self, wizard):
        """The number of rows when the page is past the end (the page query said nothing)."""
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM (%s) r", wizard._ranking_core_query()))
        return self.env.cr.fetchone()[0]

    def action_compute(self):
        self.ensure_one()
        # the rows are deleted and written in SQL: only the ranking's owner may do that
        self.check_access("write")
        self._check_parameters()
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        report_session(self.env.cr)
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
        self._store_closed()
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
