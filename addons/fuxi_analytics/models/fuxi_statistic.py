"""统计分析: the statistics the seeds ask for beyond fuxi_tracking's three rankings.

Python entry point (plain values, for the dashboard, the benchmark and RPC clients)::

    env["fuxi.statistic"].get_statistic(
        statistic,            # "customer_quantity" | "dish_customers" | "dish_quantity"
                              # | "region_city" | "region_province"
        date_from, date_to,   # local days, both included ("2026-03-01", "2026-03-31")
        limit=0,              # Top N (0 = all rows)
        company_ids=None,     # stores; None/[] = the user's allowed companies
        product_kind="all",   # "all" | "dish" | "drink"
    )
    → {"statistic", "date_from", "date_to", "row_count", "rows": [{...}], "totals": {...}}

Each row (STATISTIC_COLUMNS, and the names): rank, then
- customers: partner_id, partner_name, quantity, visits;
- dishes: product_id, product_name, kind, kind_name, quantity, customers, visits;
- regions: province_id, province_name, (city_id, city_name,) customers, visits, guests;
then amount and share (of the period's revenue, 0..1; False when it had none). Totals are
those of the whole period, not only of the Top N. The same SQL fills the wizard's rows (list,
pivot, graph) and the Word export.
"""

from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.fuxi_tracking.wizard.fuxi_ranking import (
    PERIODS,
    FuxiRanking,
    parts_condition,
    report_session,
)

STATISTICS = [
    ("customer_quantity", "Customers by Quantity"),
    ("dish_customers", "Dishes by Customers"),
    ("dish_quantity", "Dishes by Quantity"),
    ("region_city", "Consumption by City"),
    ("region_province", "Consumption by Province"),
]
KINDS = [("all", "Dishes and Drinks"), ("dish", "Dishes Only"), ("drink", "Drinks Only")]
ROW_COLUMNS = (
    "rank",
    "partner_id",
    "product_id",
    "kind",
    "province_id",
    "city_id",
    "quantity",
    "customers",
    "visits",
    "guests",
    "amount",
    "share",
)

# the columns of each statistic's rows (the others are empty for it)
STATISTIC_COLUMNS = {
    "customer_quantity": ("rank", "partner_id", "quantity", "visits", "amount", "share"),
    "dish_customers": (
        "rank",
        "product_id",
        "kind",
        "quantity",
        "customers",
        "visits",
        "amount",
        "share",
    ),
    "region_city": (
        "rank",
        "province_id",
        "city_id",
        "customers",
        "visits",
        "guests",
        "amount",
        "share",
    ),
    "region_province": ("rank", "province_id", "customers", "visits", "guests", "amount", "share"),
}
STATISTIC_COLUMNS["dish_quantity"] = STATISTIC_COLUMNS["dish_customers"]

# What reading a bucket costs, in days of lines (about 7,000 lines a day at the bench's
# scale): a customer bucket is a row per guest (a month ~3 days of lines, a year ~11), a
# customer × dish bucket a row per guest and dish (a month ~19 days, a year ~135). Only the
# speed depends on these figures, never the result.
BUCKET_COST = {
    "customer": {"month": 3, "year": 11},
    "customer_dish": {"month": 19, "year": 135},
}


def _month_end(day):
    return day.replace(day=1) + relativedelta(months=1, days=-1)


def signed_plan(date_from, date_to, today, cost):
    """The local days date_from..date_to as a signed sum of whole buckets and of days read
    from the lines: ([(sign, grain, first day)], [(sign, first day, last day)]) whose sum
    over any additive figure is that figure over the period, exactly.

    A partly covered month is its covered days, or its month bucket minus its other days;
    a partly covered year is its whole and partial months, or its year bucket minus the rest
    — whichever reads fewer rows (``cost``: a bucket's cost in days of lines). Days after
    ``today`` cost nothing (no visit is dated there, though one would still count)."""

    def days(first, last):
        return max((min(last, today) - first).days + 1, 0)

    def bucket(grain, first):
        return cost[grain] if first <= today else 0

    def month_part(first, last, sign):
        """The days first..last of one month: (cost, buckets, lines)."""
        month_first, month_last = first.replace(day=1), _month_end(first)
        if first == month_first and last == month_last:
            return bucket("month", month_first), [(sign, "month", month_first)], []
        covered = (days(first, last), [], [(sign, first, last)])
        missing = [
            (lo, hi)
            for lo, hi in (
                (month_first, first - timedelta(days=1)),
                (last + timedelta(days=1), month_last),
            )
            if lo <= hi
        ]
        whole = (
            bucket("month", month_first) + sum(days(lo, hi) for lo, hi in missing),
            [(sign, "month", month_first)],
            [(-sign, lo, hi) for lo, hi in missing],
        )
        return min(covered, whole, key=lambda option: option[0])

    def months(first, last, sign):
        total, buckets, lines = 0, [], []
        day = first
        while day <= last:
            part = month_part(day, min(_month_end(day), last), sign)
            total += part[0]
            buckets += part[1]
            lines += part[2]
            day = _month_end(day) + timedelta(days=1)
        return total, buckets, lines

    buckets, lines = [], []
    day = date_from
    while day <= date_to:
        year_first, year_last = date(day.year, 1, 1), date(day.year, 12, 31)
        first, last = day, min(year_last, date_to)
        if first == year_first and last == year_last:
            buckets.append((1, "year", year_first))
        else:
            parts = months(first, last, 1)
            whole = [bucket("year", year_first), [(1, "year", year_first)], []]
            for lo, hi in (
                (year_first, first - timedelta(days=1)),
                (last + timedelta(days=1), year_last),
            ):
                if lo <= hi:
                    rest = months(lo, hi, -1)
                    whole[0] += rest[0]
                    whole[1] += rest[1]
                    whole[2] += rest[2]
            best = min(parts, tuple(whole), key=lambda option: option[0])
            buckets += best[1]
            lines += best[2]
        day = year_last + timedelta(days=1)
    return buckets, lines


def minus(sign):
    """The sign of a term of signed_plan, as SQL to put before its figures: nothing for an
    added term — multiplying every NUMERIC of a year's bucket rows by 1 cost a tenth of a
    customer statistic — a minus for a subtracted one."""
    return SQL("-") if sign < 0 else SQL()


# the rank orders of the statistics: (column, descending), the line-level query's order
CUSTOMER_ORDER = (("quantity", True), ("amount", True), ("partner_id", False))
DISH_ORDER = {
    "dish_customers": (
        ("customers", True),
        ("quantity", True),
        ("amount", True),
        ("product_id", False),
    ),
    "dish_quantity": (
        ("quantity", True),
        ("amount", True),
        ("customers", True),
        ("product_id", False),
    ),
}


class FuxiStatistic(models.TransientModel):
    _name = "fuxi.statistic"
    _inherit = ["fuxi.docx.export"]
    _description = "Consumption Statistic"

    statistic = fields.Selection(STATISTICS, required=True, default="customer_quantity")
    period = fields.Selection(PERIODS, required=True, default="this_month")
    date_from = fields.Date(
        compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    date_to = fields.Date(
        compute="_compute_dates", store=True, readonly=False, required=True, precompute=True
    )
    product_kind = fields.Selection(KINDS, string="Show", default="all", required=True)
    limit = fields.Integer(string="Top", default=0, help="Keep only the first N rows (0 = all).")
    store_ids = fields.Many2many(
        "res.company",
        string="Stores",
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Only these stores' visits; empty: every store you have selected.",
    )
    line_ids = fields.One2many("fuxi.statistic.line", "statistic_id", string="Rows")
    total_amount = fields.Monetary(readonly=True)
    total_quantity = fields.Float(readonly=True)
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )

    # the period choices and their local-day bounds are fuxi_tracking's rankings' own
    _compute_dates = FuxiRanking._compute_dates
    _utc_bounds = FuxiRanking._utc_bounds
    _bucket_scope = FuxiRanking._bucket_scope

    # ------------------------------------------------------------------ the queries
    def _check_parameters(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(self.env._("The period ends before it starts."))
        if self.limit < 0:
            raise UserError(self.env._("Top N cannot be negative."))
        if self.statistic not in dict(STATISTICS):
            raise UserError(self.env._("There is no statistic %(name)s.", name=self.statistic))
        if self.product_kind not in dict(KINDS):
            raise UserError(self.env._("Show dishes, drinks or both."))
        # a new (in-memory) record holds its stores as new records: compare the real ones
        foreign = self.store_ids._origin - self.env.companies
        if foreign:
            raise UserError(
                self.env._(
                    "Select these stores first (company switcher): %(names)s.",
                    names=", ".join(foreign.mapped("name")),
                )
            )

    def _store_condition(self, company_sql):
        if not self.store_ids:
            return SQL("TRUE")
        return SQL("%s IN %s", company_sql, tuple(self.store_ids._origin.ids))

    def _statistic_query(self):
        """One SELECT of ROW_COLUMNS in rank order (Top N applied), plus the period's
        total_amount and total_quantity on every row (window sums before the limit)."""
        self.ensure_one()
        start, end = self._utc_bounds()
        Consumption = self.env["fuxi.consumption"]
        limit = SQL("LIMIT %s", self.limit) if self.limit else SQL()
        if self.statistic.startswith("region_"):
            amount = {
                "all": SQL("c.amount_total"),
                "dish": SQL("c.amount_dishes"),
                "drink": SQL("c.amount_drinks"),
            }[self.product_kind]
            city = SQL("r.fuxi_city_id") if self.statistic == "region_city" else SQL("NULL::int")
            region_query = self._region_bucket_query(city, limit)
            if region_query is not None:
                return region_query
            return SQL(
                """
                SELECT ROW_NUMBER() OVER (ORDER BY SUM(%(amount)s) DESC, COUNT(*) DESC,
                                                   r.fuxi_province_id NULLS LAST,
                                                   %(city)s NULLS LAST) AS rank,
                       NULL::int AS partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                       r.fuxi_province_id AS province_id, %(city)s AS city_id,
                       NULL::numeric AS quantity, COUNT(DISTINCT c.partner_id) AS customers,
                       COUNT(*) AS visits, SUM(c.guest_count) AS guests,
                       SUM(%(amount)s) AS amount,
                       SUM(%(amount)s) / NULLIF(SUM(SUM(%(amount)s)) OVER (), 0) AS share,
                       SUM(SUM(%(amount)s)) OVER () AS total_amount,
                       NULL::numeric AS total_quantity
                  FROM fuxi_consumption c
                  LEFT JOIN res_partner p ON p.id = c.partner_id
                  LEFT JOIN fuxi_region r ON r.id = p.region_id
                 WHERE c.date >= %(start)s AND c.date < %(end)s
                       AND %(store)s AND %(readable)s
                 GROUP BY r.fuxi_province_id, %(city)s
                 ORDER BY rank %(limit)s
                """,
                amount=amount,
                city=city,
                start=start,
                end=end,
                store=self._store_condition(SQL("c.company_id")),
                readable=Consumption._fuxi_readable_condition(SQL.identifier("c", "id")),
                limit=limit,
            )
        scope = self._bucket_scope()
        if scope is not None:
            companies = scope[2]
            if self.store_ids:
                companies = [c for c in companies if c in self.store_ids._origin.ids]
            return self._statistic_bucket_query(companies, limit)
        return self._statistic_line_query(start, end, limit)

    def _statistic_line_query(self, start, end, limit):
        """The customer and dish statistics straight from the lines (the buckets' reference,
        and the query for users the buckets cannot serve)."""
        Consumption = self.env["fuxi.consumption"]
        kind = SQL("AND l.kind = %s", self.product_kind) if self.product_kind != "all" else SQL()
        if self.store_ids:
            store = SQL(
                "l.consumption_id IN (SELECT id FROM fuxi_consumption c WHERE %s)",
                self._store_condition(SQL("c.company_id")),
            )
        else:
            store = SQL("TRUE")
        common = {
            "start": start,
            "end": end,
            "kind": kind,
            "store": store,
            "readable": Consumption._fuxi_readable_condition(SQL.identifier("l", "consumption_id")),
            "limit": limit,
        }
        totals = SQL(
            """SUM(SUM(l.subtotal)) OVER () AS total_amount,
               SUM(SUM(l.quantity)) OVER () AS total_quantity"""
        )
        if self.statistic == "customer_quantity":
            return SQL(
                """
                SELECT ROW_NUMBER() OVER (ORDER BY SUM(l.quantity) DESC, SUM(l.subtotal) DESC,
                                                   l.partner_id) AS rank,
                       l.partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                       NULL::int AS province_id, NULL::int AS city_id,
                       SUM(l.quantity) AS quantity, NULL::bigint AS customers,
                       COUNT(DISTINCT l.consumption_id) AS visits, NULL::bigint AS guests,
                       SUM(l.subtotal) AS amount,
                       SUM(l.subtotal) / NULLIF(SUM(SUM(l.subtotal)) OVER (), 0) AS share,
                       %(totals)s
                  FROM fuxi_consumption_line l
                 WHERE l.partner_id IS NOT NULL AND l.date >= %(start)s AND l.date < %(end)s
                       %(kind)s AND %(store)s AND %(readable)s
                 GROUP BY l.partner_id
                 ORDER BY rank %(limit)s
                """,
                totals=totals,
                **common,
            )
        if self.statistic == "dish_customers":
            order = SQL(
                "COUNT(DISTINCT l.partner_id) DESC, SUM(l.quantity) DESC, SUM(l.subtotal) DESC"
            )
        else:
            order = SQL(
                "SUM(l.quantity) DESC, SUM(l.subtotal) DESC, COUNT(DISTINCT l.partner_id) DESC"
            )
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY %(order)s, l.product_id) AS rank,
                   NULL::int AS partner_id, l.product_id, l.kind,
                   NULL::int AS province_id, NULL::int AS city_id,
                   SUM(l.quantity) AS quantity, COUNT(DISTINCT l.partner_id) AS customers,
                   COUNT(DISTINCT l.consumption_id) AS visits, NULL::bigint AS guests,
                   SUM(l.subtotal) AS amount,
                   SUM(l.subtotal) / NULLIF(SUM(SUM(l.subtotal)) OVER (), 0) AS share,
                   %(totals)s
              FROM fuxi_consumption_line l
             WHERE l.date >= %(start)s AND l.date < %(end)s
                   %(kind)s AND %(store)s AND %(readable)s
             GROUP BY l.product_id, l.kind
             ORDER BY rank %(limit)s
            """,
            order=order,
            totals=totals,
            **common,
        )

    def _region_bucket_query(self, city, limit):
        """The region statistic from buckets: each guest's whole months and years from
        fuxi_tracking's customer buckets, the edge days and the walk-ins from the guests'
        daily buckets (fuxi_sales_day.py); summed per guest first, then rolled up to their
        present region's city and province. None when the buckets cannot answer for this
        user (time zone, record rules).

        The guest's region is joined to the bucket rows, before they are summed per guest:
        PostgreSQL cannot estimate how many guests a union of buckets groups into (it
        guesses 67), and joined after the sums it looked each of a year's 76,000 guests up
        one by one (~170 ms); joined before, it hashes the guests once."""
        scope = self._bucket_scope()
        if scope is None:
            return None
        parts, edge_condition, companies = scope
        if self.store_ids:
            companies = [c for c in companies if c in self.store_ids._origin.ids]
        amount = {
            "all": ("b.amount_total", "g.revenue"),
            "dish": ("b.amount_dishes", "g.amount_dishes"),
            "drink": ("b.amount_drinks", "g.amount_drinks"),
        }[self.product_kind]
        edges = SQL(" OR ").join(
            SQL("(g.day >= %s AND g.day <= %s)", first, last)
            for first, last in edge_condition.edges
        )
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY SUM(x.amount) DESC, SUM(x.visits) DESC,
                                               r.fuxi_province_id NULLS LAST,
                                               %(city)s NULLS LAST) AS rank,
                   NULL::int AS partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                   r.fuxi_province_id AS province_id, %(city)s AS city_id,
                   NULL::numeric AS quantity, COUNT(x.partner_id) AS customers,
                   SUM(x.visits) AS visits, SUM(x.covers) AS guests,
                   SUM(x.amount) AS amount,
                   SUM(x.amount) / NULLIF(SUM(SUM(x.amount)) OVER (), 0) AS share,
                   SUM(SUM(x.amount)) OVER () AS total_amount,
                   NULL::numeric AS total_quantity
              FROM (
                    SELECT u.partner_id, p.region_id, SUM(u.visits) AS visits,
                           SUM(u.covers) AS covers, SUM(u.amount) AS amount
                      FROM (
                            SELECT b.partner_id, b.visits, b.guests AS covers,
                                   %(bucket_amount)s AS amount
                              FROM fuxi_bucket_customer b
                             WHERE b.company_id = ANY(%(companies)s) AND (%(parts)s)
                             UNION ALL
                            SELECT g.partner_id, g.visits, g.covers, %(day_amount)s
                              FROM fuxi_sales_guest_day g
                             WHERE g.company_id = ANY(%(companies)s)
                               AND (g.partner_id IS NULL OR %(edges)s)
                               AND g.day >= %(first)s AND g.day <= %(last)s
                           ) u
                      LEFT JOIN res_partner p ON p.id = u.partner_id
                     GROUP BY u.partner_id, p.region_id
                    HAVING SUM(u.visits) > 0
                   ) x
              LEFT JOIN fuxi_region r ON r.id = x.region_id
             GROUP BY r.fuxi_province_id, %(city)s
             ORDER BY rank %(limit)s
            """,
            city=city,
            bucket_amount=SQL(amount[0]),
            day_amount=SQL(amount[1]),
            companies=companies,
            parts=parts_condition("b", parts),
            edges=edges if edge_condition.edges else SQL("FALSE"),
            first=self.date_from,
            last=self.date_to,
            limit=limit,
        )

    def _plan_lines(self, lines, sign, condition_sql):
        """The SQL condition on ``condition_sql`` (a UTC timestamp column) of the line terms
        of ``sign``: their local days in the buckets' time zone."""
        zone = pytz.timezone(self.env["fuxi.bucket.keeper"]._fuxi_bucket_tz())

        def utc(day):
            local = zone.localize(datetime.combine(day, time.min))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        ranges = [(first, last) for term_sign, first, last in lines if term_sign == sign]
        if not ranges:
            return None
        return SQL(" OR ").join(
            SQL(
                "(%s >= %s AND %s < %s)",
                condition_sql,
                utc(first),
                condition_sql,
                utc(last + timedelta(days=1)),
            )
            for first, last in ranges
        )

    def _statistic_bucket_query(self, companies, limit):
        """The customer and dish statistics from fuxi_tracking's buckets: the period as a
        signed sum of whole buckets and of days read from the lines (signed_plan: e.g. the
        365 days to today are last December's month bucket minus its first day plus this
        year's bucket), so that a year reads about one year bucket. The same rows as
        _statistic_line_query."""
        kind = self.product_kind
        today = fields.Date.context_today(self)
        every_company = set(companies) >= set(self.env["fuxi.bucket.keeper"]._fuxi_company_ids())
        line_kind = SQL("AND l.kind = %s", kind) if kind != "all" else SQL()
        # a line has no company: its visit's, unless every store is counted anyway
        line_store = (
            SQL()
            if every_company
            else SQL(
                "AND l.consumption_id IN (SELECT id FROM fuxi_consumption"
                " WHERE company_id = ANY(%s))",
                companies,
            )
        )
        base_mode = self.statistic != "customer_quantity" and len(companies) == 1
        if self.statistic == "customer_quantity":
            cost = BUCKET_COST["customer"]
        else:
            # one whole bucket of one store is read from the dish bucket (its distinct
            # customers known): only the other terms are read per guest and dish
            cost = dict(BUCKET_COST["customer_dish"], **({"year": 1} if base_mode else {}))
        buckets, lines = signed_plan(self.date_from, self.date_to, today, cost)
        totals = SQL(
            """SUM(u.amount) / NULLIF(SUM(SUM(u.amount)) OVER (), 0) AS share,
               SUM(SUM(u.amount)) OVER () AS total_amount,
               SUM(SUM(u.quantity)) OVER () AS total_quantity"""
        )

        def bucket_parts(sign, skip=()):
            return [
                (grain, day) for s, grain, day in buckets if s == sign and (grain, day) not in skip
            ]

        if self.statistic == "customer_quantity":
            quantity, amount, visits = {
                "all": (
                    "b.dish_quantity + b.drink_quantity",
                    "b.dish_amount + b.drink_amount",
                    "b.line_visits",
                ),
                "dish": ("b.dish_quantity", "b.dish_amount", "b.dish_visits"),
                "drink": ("b.drink_quantity", "b.drink_amount", "b.drink_visits"),
            }[kind]
            terms = []
            for sign in (1, -1):
                sign_parts = bucket_parts(sign)
                if sign_parts:
                    terms.append(
                        SQL(
                            """SELECT b.partner_id, %(sign)s(%(quantity)s) AS quantity,
                                      %(sign)s(%(amount)s) AS amount,
                                      %(sign)s%(visits)s AS visits
                                 FROM fuxi_bucket_customer b
                                WHERE b.company_id = ANY(%(companies)s) AND (%(parts)s)""",
                            sign=minus(sign),
                            quantity=SQL(quantity),
                            amount=SQL(amount),
                            visits=SQL(visits),
                            companies=companies,
                            parts=parts_condition("b", sign_parts),
                        )
                    )
                days = self._plan_lines(lines, sign, SQL("l.date"))
                if days is not None:
                    terms.append(
                        SQL(
                            """SELECT l.partner_id, %(sign)s SUM(l.quantity) AS quantity,
                                      %(sign)s SUM(l.subtotal) AS amount,
                                      %(sign)s COUNT(DISTINCT l.consumption_id) AS visits
                                 FROM fuxi_consumption_line l
                                WHERE l.partner_id IS NOT NULL AND (%(days)s) %(kind)s %(store)s
                                GROUP BY l.partner_id""",
                            sign=minus(sign),
                            days=days,
                            kind=line_kind,
                            store=line_store,
                        )
                    )
            if len(companies) == 1 and not lines and buckets == [(1, *buckets[0][1:])]:
                # one bucket of one store (this year, last month): a row per guest already
                return self._ranked(
                    CUSTOMER_ORDER,
                    limit,
                    SQL(
                        """
                        SELECT b.partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                               NULL::int AS province_id, NULL::int AS city_id,
                               %(quantity)s::float8 AS quantity, NULL::bigint AS customers,
                               %(visits)s::bigint AS visits, NULL::bigint AS guests,
                               %(amount)s AS amount,
                               %(amount)s / NULLIF(SUM(%(amount)s) OVER (), 0) AS share,
                               SUM(%(amount)s) OVER () AS total_amount,
                               SUM(%(quantity)s) OVER () AS total_quantity
                          FROM fuxi_bucket_customer b
                         WHERE b.company_id = %(company)s AND b.grain = %(grain)s
                           AND b.day = %(day)s AND %(visits)s > 0
                        """,
                        quantity=SQL("(%s)", SQL(quantity)),
                        amount=SQL("(%s)", SQL(amount)),
                        visits=SQL(visits),
                        company=companies[0],
                        grain=buckets[0][1],
                        day=buckets[0][2],
                    ),
                )
            return self._ranked(
                CUSTOMER_ORDER,
                limit,
                SQL(
                    """
                SELECT u.partner_id, NULL::int AS product_id, NULL::varchar AS kind,
                       NULL::int AS province_id, NULL::int AS city_id,
                       SUM(u.quantity)::float8 AS quantity, NULL::bigint AS customers,
                       SUM(u.visits)::bigint AS visits, NULL::bigint AS guests,
                       SUM(u.amount) AS amount, %(totals)s
                  FROM (%(terms)s) u
                 GROUP BY u.partner_id
                HAVING SUM(u.visits) > 0
                """,
                    totals=totals,
                    terms=SQL(" UNION ALL ").join(terms),
                ),
            )
        bucket_kind = SQL("AND b.kind = %s", kind) if kind != "all" else SQL()
        # the largest bucket added is the base (one store: its dish rows know their customers)
        base = None
        if base_mode:
            positive = [
                (BUCKET_COST["customer_dish"][grain], grain, day)
                for sign, grain, day in buckets
                if sign == 1
            ]
            if positive:
                base = max(positive)[1:]
        pair_terms = []
        for sign in (1, -1):
            sign_parts = bucket_parts(sign, skip=[base] if base else ())
            if sign_parts:
                pair_terms.append(
                    SQL(
                        """SELECT b.product_id, b.kind, b.partner_id,
                                  %(sign)s b.quantity AS quantity,
                                  %(sign)s b.amount AS amount,
                                  %(sign)s b.visits AS visits,
                                  %(sign)s b.line_count AS lines
                             FROM fuxi_bucket_customer_dish b
                            WHERE b.company_id = ANY(%(companies)s) AND (%(parts)s) %(kind)s""",
                        sign=minus(sign),
                        companies=companies,
                        parts=parts_condition("b", sign_parts),
                        kind=bucket_kind,
                    )
                )
            days = self._plan_lines(lines, sign, SQL("l.date"))
            if days is not None:
                pair_terms.append(
                    SQL(
                        """SELECT l.product_id, l.kind, l.partner_id,
                                  %(sign)s SUM(l.quantity) AS quantity,
                                  %(sign)s SUM(l.subtotal) AS amount,
                                  %(sign)s COUNT(DISTINCT l.consumption_id) AS visits,
                                  %(sign)s COUNT(*) AS lines
                             FROM fuxi_consumption_line l
                            WHERE (%(days)s) %(kind)s %(store)s
                            GROUP BY l.product_id, l.kind, l.partner_id""",
                        sign=minus(sign),
                        days=days,
                        kind=line_kind,
                        store=line_store,
                    )
                )
        # each guest and dish (walk-ins: one group) over the terms
        pairs = SQL(
            """SELECT t.product_id, t.kind, t.partner_id, SUM(t.quantity) AS quantity,
                      SUM(t.amount) AS amount, SUM(t.visits) AS visits, SUM(t.lines) AS lines
                 FROM (%s) t
                GROUP BY t.product_id, t.kind, t.partner_id""",
            SQL(" UNION ALL ").join(pair_terms)
            if pair_terms
            else SQL(
                "SELECT NULL::int AS product_id, NULL::varchar AS kind, NULL::int AS partner_id,"
                " 0::numeric AS quantity, 0::numeric AS amount, 0 AS visits, 0 AS lines"
                " WHERE FALSE"
            ),
        )
        if base is None:
            source = SQL(
                """SELECT p.product_id, p.kind, SUM(p.quantity) AS quantity,
                          SUM(p.amount) AS amount, SUM(p.visits) AS visits,
                          SUM(p.lines) AS lines,
                          COUNT(p.partner_id) FILTER (WHERE p.lines > 0) AS customers
                     FROM (%s) p
                    GROUP BY p.product_id, p.kind""",
                pairs,
            )
        else:
            source = self._dish_base_source(base, companies[0], buckets, lines, line_kind)
        return self._ranked(
            DISH_ORDER[self.statistic],
            limit,
            SQL(
                """
            SELECT NULL::int AS partner_id, u.product_id, u.kind,
                   NULL::int AS province_id, NULL::int AS city_id,
                   SUM(u.quantity) AS quantity, SUM(u.customers)::bigint AS customers,
                   SUM(u.visits)::bigint AS visits, NULL::bigint AS guests,
                   SUM(u.amount) AS amount, %(totals)s
              FROM (%(source)s) u
             GROUP BY u.product_id, u.kind
            HAVING SUM(u.lines) > 0
            """,
                totals=totals,
                source=source,
            ),
        )

    def _dish_base_source(self, base, company, buckets, lines, line_kind):
        """The dish rows of one store from a base bucket and the plan's other terms: the
        sums from the dish buckets and the lines per dish; the distinct customers are the
        base's, corrected by the guests the other terms touch — one more if they bought the
        dish only outside the base, one fewer if the others take all of their base's visits
        away. Only those guests' visits are read per guest and dish (integers, hashed
        against the base's rows); a named guest's row is only ever changed in place (never
        appended to, fuxi_bucket.py).

        Both sides of that correction come in dish and guest order (the base's rows from
        fuxi_tracking's pair index, read as they are stored): the planner merges them
        instead of hashing every guest and dish of a year bucket (900,000 rows) to look up
        the other terms' few."""
        kind = self.product_kind
        bucket_kind = SQL("AND b.kind = %s", kind) if kind != "all" else SQL()
        others = [(sign, grain, day) for sign, grain, day in buckets if (grain, day) != base]
        sums = [
            SQL(
                """SELECT b.product_id, b.kind, b.quantity, b.amount, b.visits,
                          b.line_count AS lines, b.customers
                     FROM fuxi_bucket_dish b
                    WHERE b.company_id = %(company)s AND b.grain = %(grain)s
                      AND b.day = %(day)s %(kind)s""",
                company=company,
                grain=base[0],
                day=base[1],
                kind=bucket_kind,
            )
        ]
        visits = []
        for sign in (1, -1):
            sign_parts = [(grain, day) for s, grain, day in others if s == sign]
            if sign_parts:
                sums.append(
                    SQL(
                        """SELECT b.product_id, b.kind, %(sign)s b.quantity,
                                  %(sign)s b.amount, %(sign)s b.visits,
                                  %(sign)s b.line_count, 0
                             FROM fuxi_bucket_dish b
                            WHERE b.company_id = %(company)s AND (%(parts)s) %(kind)s""",
                        sign=minus(sign),
                        company=company,
                        parts=parts_condition("b", sign_parts),
                        kind=bucket_kind,
                    )
                )
                # in dish and guest order of its own (a subquery: a union's branch does not
                # see that its bucket's index is in that order), a bigint like the lines'
                # counts (so that the union stays one stream merged in that order)
                visits.append(
                    SQL(
                        """SELECT * FROM (
                           SELECT r.product_id, r.kind, r.partner_id,
                                  (%(sign)s r.visits)::bigint AS visits
                             FROM fuxi_bucket_customer_dish_row r
                            WHERE r.partner_id IS NOT NULL AND NOT r.delta
                              AND r.company_id = %(company)s AND (%(parts)s) %(kind)s
                            ORDER BY r.product_id, r.kind, r.partner_id) r""",
                        sign=minus(sign),
                        company=company,
                        parts=parts_condition("r", sign_parts),
                        kind=SQL("AND r.kind = %s", kind) if kind != "all" else SQL(),
                    )
                )
            days = self._plan_lines(lines, sign, SQL("l.date"))
            if days is not None:
                store = SQL(
                    "l.consumption_id IN (SELECT id FROM fuxi_consumption WHERE company_id = %s)",
                    company,
                )
                if set(self.env["fuxi.bucket.keeper"]._fuxi_company_ids()) <= {company}:
                    store = SQL("TRUE")
                sums.append(
                    SQL(
                        """SELECT l.product_id, l.kind, %(sign)s SUM(l.quantity),
                                  %(sign)s SUM(l.subtotal),
                                  %(sign)s COUNT(DISTINCT l.consumption_id),
                                  %(sign)s COUNT(*), 0
                             FROM fuxi_consumption_line l
                            WHERE (%(days)s) %(kind)s AND %(store)s
                            GROUP BY l.product_id, l.kind""",
                        sign=minus(sign),
                        days=days,
                        kind=line_kind,
                        store=store,
                    )
                )
                visits.append(
                    SQL(
                        """SELECT l.product_id, l.kind, l.partner_id,
                                  %(sign)s COUNT(DISTINCT l.consumption_id) AS visits
                             FROM fuxi_consumption_line l
                            WHERE l.partner_id IS NOT NULL AND (%(days)s) %(kind)s
                              AND %(store)s
                            GROUP BY l.product_id, l.kind, l.partner_id""",
                        sign=minus(sign),
                        days=days,
                        kind=line_kind,
                        store=store,
                    )
                )
        if visits:
            sums.append(
                SQL(
                    """SELECT s.product_id, s.kind, 0, 0, 0, 0,
                              COUNT(*) FILTER (WHERE COALESCE(r.visits, 0) + s.visits > 0)
                              - COUNT(*) FILTER (WHERE COALESCE(r.visits, 0) > 0)
                         FROM (SELECT t.product_id, t.kind, t.partner_id,
                                      SUM(t.visits) AS visits
                                 FROM (SELECT * FROM (%(visits)s) v
                                        ORDER BY 1, 2, 3) t
                                GROUP BY t.product_id, t.kind, t.partner_id) s
                         LEFT JOIN (SELECT base.product_id, base.kind, base.partner_id,
                                           base.visits
                                      FROM fuxi_bucket_customer_dish_row base
                                     WHERE base.grain = %(grain)s AND base.day = %(day)s
                                       AND base.company_id = %(company)s
                                       AND base.partner_id IS NOT NULL AND NOT base.delta
                                     ORDER BY base.product_id, base.kind,
                                              base.partner_id) r
                           ON r.product_id = s.product_id AND r.kind = s.kind
                          AND r.partner_id = s.partner_id
                        GROUP BY s.product_id, s.kind""",
                    visits=SQL(" UNION ALL ").join(visits),
                    grain=base[0],
                    day=base[1],
                    company=company,
                )
            )
        return SQL(" UNION ALL ").join(sums)

    @api.model
    def _ranked(self, order, limit, query):
        """``query``'s rows numbered in ``order`` (column names, descending or not), Top N
        applied: one sort serves the numbering and the order.

        The sums are NUMERIC (exact), and sorting tens of thousands of NUMERIC sums cost ten
        times sorting doubles (0.6 s for a year's 74,000 guests): they are ordered as
        doubles, the same order while they keep at most 15 significant digits (a double
        holds every such decimal apart: quantities and amounts of a restaurant chain). The
        customer statistic hands its quantities over as doubles already: each exact sum
        converted once (what the verb's rows and the screen's rows hold), not again for the
        sort key and the output — a NUMERIC becomes a double through its text. Its amounts
        stay NUMERIC: the screen's rows keep them so, and a double becomes a NUMERIC through
        its text too."""
        keys = SQL(", ").join(
            SQL("%s::float8 DESC", SQL.identifier("x", column))
            if descending
            else SQL.identifier("x", column)
            for column, descending in order
        )
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY %(keys)s) AS rank, %(columns)s
              FROM (%(query)s) x
             ORDER BY %(keys)s %(limit)s
            """,
            keys=keys,
            columns=SQL(", ").join(
                SQL.identifier("x", column)
                for column in (*ROW_COLUMNS[1:], "total_amount", "total_quantity")
            ),
            query=query,
            limit=limit,
        )

    def _prepare_query(self):
        """Checks, what the statistic's SQL reads written first, the report session."""
        self._check_parameters()
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        self.env["res.partner"].flush_model(["region_id"])
        self.env["fuxi.region"].flush_model()
        report_session(self.env.cr)

    def _fetch(self):
        """(rows as dicts of the statistic's columns (STATISTIC_COLUMNS), total amount,
        total quantity)."""
        self._prepare_query()
        columns = STATISTIC_COLUMNS[self.statistic]
        # the sums leave the database as doubles and the counts as integers (what the rows
        # hold): psycopg2 makes a Decimal of each NUMERIC, five per row of tens of thousands
        doubles = ("quantity", "amount", "share", "total_amount", "total_quantity")
        integers = ("rank", "customers", "visits", "guests")

        def typed(column):
            if column not in doubles + integers:
                return SQL.identifier("q", column)
            return SQL(
                "%s::%s",
                SQL.identifier("q", column),
                SQL("float8" if column in doubles else "bigint"),
            )

        # the period's totals, the same on every row, leave with the first one only
        totals = [
            SQL("CASE WHEN q.rank = 1 THEN %s END", typed(column))
            for column in ("total_amount", "total_quantity")
        ]
        self.env.cr.execute(
            SQL(
                "SELECT %s FROM (%s) q ORDER BY q.rank",
                SQL(", ").join([*map(typed, columns), *totals]),
                self._statistic_query(),
            )
        )
        records = self.env.cr.fetchall()
        width = len(columns)
        total_amount = float(records[0][width] or 0.0) if records else 0.0
        total_quantity = float(records[0][width + 1] or 0.0) if records else 0.0
        # the values come typed from the database (a function call per value cost more than
        # the statistic's query for tens of thousands of rows): zip stops at the columns (the
        # totals stay out), and the guests' names go in as the rows are made
        if self.statistic == "customer_quantity":
            names = self._partner_names({record[1] for record in records if record[1]})
            rows = [
                dict(zip(columns, record, strict=False), partner_name=names.get(record[1]) or "")
                for record in records
            ]
        else:
            rows = [dict(zip(columns, record, strict=False)) for record in records]
        # only a row with an empty value is mended: False, the rows' value for "none" (the
        # ORM's; XML-RPC cannot send None)
        for index in [i for i, record in enumerate(records) if None in record[:width]]:
            rows[index].update(
                (column, False)
                for column, value in zip(columns, records[index], strict=False)
                if value is None
            )
        return rows, total_amount, total_quantity

    # ------------------------------------------------------------------ the verb
    # readonly: over /web/dataset/call_kw Odoo runs it on the read replica when one is
    # configured (db_replica_host): it only reads (the wizard is new(), never saved)
    @api.readonly
    @api.model
    def get_statistic(
        self,
        statistic,
        date_from,
        date_to,
        limit=0,
        company_ids=None,
        product_kind="all",
    ):
        """The statistic for a period as plain values (see the module's docstring)."""
        try:
            limit = int(limit or 0)
            store_ids = [int(company) for company in (company_ids or [])]
        except (TypeError, ValueError) as error:
            raise UserError(self.env._("Top N and stores are numbers.")) from error
        wizard = self.new(
            {
                "statistic": statistic,
                "period": "custom",
                "date_from": date_from,
                "date_to": date_to,
                "limit": limit,
                "product_kind": product_kind,
                "store_ids": [(6, 0, store_ids)],
            }
        )
        if not wizard.date_from or not wizard.date_to:
            raise UserError(self.env._("Give the first and the last day of the period."))
        rows, total_amount, total_quantity = wizard._fetch()
        wizard._add_names(rows)
        return {
            "statistic": wizard.statistic,
            "date_from": fields.Date.to_string(wizard.date_from),
            "date_to": fields.Date.to_string(wizard.date_to),
            "row_count": len(rows),
            "rows": rows,
            "totals": {
                "amount": total_amount,
                "quantity": total_quantity,
                "rows_amount": sum(row["amount"] or 0.0 for row in rows),
                "rows_quantity": sum(row.get("quantity") or 0.0 for row in rows),
            },
        }

    def _add_names(self, rows):
        """Names in the reader's language, one read per model."""

        def names(model, column, field="name"):
            records = self.env[model].browse({row[column] for row in rows if row[column]})
            if records._fields[field].store:
                # only that column: reading a field of res.partner otherwise loads every
                # prefetched column of every guest (3 of the 4 s of a 74,000-row statistic)
                records.fetch([field])
            return {record.id: record[field] for record in records}

        if self.statistic == "customer_quantity":
            return  # named as they were read (_fetch)
        if self.statistic.startswith("region_"):
            provinces = names("fuxi.region", "province_id")
            cities = names("fuxi.region", "city_id") if self.statistic == "region_city" else {}
            no_region = self.env._("No region / walk-in")
            for row in rows:
                row["province_name"] = provinces.get(row["province_id"]) or no_region
                if self.statistic == "region_city":
                    row["city_name"] = cities.get(row["city_id"]) or (
                        self.env._("No city given") if row["province_id"] else no_region
                    )
        else:
            products = names("product.product", "product_id", "display_name")
            kinds = dict(
                self.env["fuxi.statistic.line"]._fields["kind"]._description_selection(self.env)
            )
            for row in rows:
                row["product_name"] = products.get(row["product_id"], "")
                row["kind_name"] = kinds.get(row["kind"], "")

    def _partner_names(self, partner_ids):
        """{id: name} of these guests in one query: a statistic of every customer names
        tens of thousands of them, and loading as many records into the ORM's cache cost
        more than the statistic. The same rights as reading them: the model's access
        rights, its record rules (a guest they hide refuses the whole, as a read would)."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        Partner.check_access("read")
        if not partner_ids:
            return {}
        Partner.flush_model(["name"])
        # the record rules' query, the ids as one array literal: a list would be sent as
        # ARRAY[7, 8, …], tens of thousands of constants for PostgreSQL to parse and plan
        # (0.28 s for a year's 74,000 guests, against 0.11 s as one text value)
        query = Partner._search([])
        query.add_where(
            SQL(
                "%s = ANY(%s::int[])",
                SQL.identifier(Partner._table, "id"),
                "{" + ",".join(map(str, sorted(partner_ids))) + "}",
            )
        )
        self.env.cr.execute(
            query.select(
                SQL.identifier(Partner._table, "id"), SQL.identifier(Partner._table, "name")
            )
        )
        found = dict(self.env.cr.fetchall())
        if len(found) != len(partner_ids):
            # the ORM's own refusal (names the model and the hidden records)
            Partner.browse(sorted(set(partner_ids) - set(found))).check_access("read")
        return found

    # ------------------------------------------------------------------ the wizard
    def unlink(self):
        # the rows go with their statistic (what the foreign key's ON DELETE CASCADE did)
        if self.ids:
            self.env.cr.execute(
                "DELETE FROM fuxi_statistic_line WHERE statistic_id = ANY(%s)", [self.ids]
            )
            self.env["fuxi.statistic.line"].invalidate_model()
        return super().unlink()

    def action_compute(self):
        self.ensure_one()
        self.check_access("write")
        self.line_ids.unlink()
        total_amount, total_quantity = self._insert_lines()
        self.write({"total_amount": total_amount, "total_quantity": total_quantity})
        return self.action_open_lines()

    def _insert_lines(self):
        """The statistic's rows as this wizard's lines, inserted by the statistic's own
        query: a statistic of every customer has tens of thousands of rows, and bringing
        them to Python to send them back kept the manager waiting (6 s for a year's 76,000
        guests, most of it PostgreSQL parsing the rows sent back as array constants; a minute
        through the ORM before that). The lines have no computed or tracked field to keep but
        their stored company (the wizard's). Answers (total amount, total quantity) of the
        whole period."""
        Line = self.env["fuxi.statistic.line"]
        Line.check_access("create")
        self._prepare_query()
        # a column added to ROW_COLUMNS and to the lines is inserted as well (PostgreSQL
        # casts the sums to the lines' column types, as an assignment)
        columns = [column for column in ROW_COLUMNS if column in Line._fields]
        self.env.cr.execute(
            SQL(
                """
                WITH q AS MATERIALIZED (%(query)s),
                     inserted AS (
                        INSERT INTO fuxi_statistic_line
                               (statistic_id, company_id, create_uid, write_uid, create_date,
                                write_date, %(columns)s)
                        SELECT %(wizard)s, %(company)s, %(uid)s, %(uid)s, %(now)s, %(now)s,
                               %(values)s
                          FROM q)
                SELECT q.total_amount::float8, q.total_quantity::float8 FROM q LIMIT 1
                """,
                query=self._statistic_query(),
                columns=SQL(", ").join(SQL.identifier(column) for column in columns),
                values=SQL(", ").join(SQL.identifier("q", column) for column in columns),
                wizard=self.id,
                company=self.company_id.id,
                uid=self.env.uid,
                now=fields.Datetime.now(),
            )
        )
        totals = self.env.cr.fetchone()
        Line.invalidate_model()
        self.invalidate_recordset(["line_ids"])
        return (totals[0] or 0.0, totals[1] or 0.0) if totals else (0.0, 0.0)

    def action_open_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_analytics.fuxi_statistic_line_action"
        )
        action["domain"] = [("statistic_id", "=", self.id)]
        action["display_name"] = self._display_title()
        if self.statistic.startswith("region_"):
            rows = (
                ["province_id", "city_id"] if self.statistic == "region_city" else ["province_id"]
            )
        elif self.statistic == "customer_quantity":
            rows = ["partner_id"]
        else:
            rows = ["product_id"]
        action["context"] = {
            "fuxi_statistic": self.statistic,
            "pivot_row_groupby": rows,
            "graph_groupbys": rows[-1:],
        }
        return action

    # ------------------------------------------------------------------ Word
    def _fuxi_docx_check(self):
        self._check_parameters()

    def _fuxi_docx_filename(self):
        return f"{self._statistic_label()} {self.date_from}~{self.date_to}.docx"

    def _fuxi_docx_table(self):
        """The statistic's rows as computed now (the same query as the list)."""
        self.ensure_one()
        rows, total_amount, _total_quantity = self._fetch()
        self._add_names(rows)
        currency = self.currency_id or self.env.company.currency_id
        qty, money, share = self._fuxi_fmt_quantity, self._fuxi_fmt_amount, self._fuxi_fmt_share
        _ = self.env._
        statistic = self.statistic
        if statistic == "customer_quantity":
            headers = [
                _("Rank"),
                _("Customer"),
                _("Quantity"),
                _("Visits"),
                _("Amount"),
                _("Share"),
            ]
            cells = [
                [
                    str(r["rank"]),
                    r["partner_name"],
                    qty(r["quantity"]),
                    str(r["visits"]),
                    money(r["amount"], currency),
                    share(r["share"]),
                ]
                for r in rows
            ]
            sums = [
                "",
                _("Total"),
                qty(sum(r["quantity"] for r in rows)),
                str(sum(r["visits"] for r in rows)),
            ]
        elif statistic.startswith("region_"):
            headers = [_("Rank"), _("Province")]
            if statistic == "region_city":
                headers.append(_("City"))
            headers += [_("Distinct Customers"), _("Visits"), _("Guests"), _("Amount"), _("Share")]
            cells = []
            for r in rows:
                names = [r["province_name"]]
                if statistic == "region_city":
                    names.append(r["city_name"])
                cells.append(
                    [
                        str(r["rank"]),
                        *names,
                        str(r["customers"]),
                        str(r["visits"]),
                        str(r["guests"]),
                        money(r["amount"], currency),
                        share(r["share"]),
                    ]
                )
            sums = ["", _("Total")] + ([""] if statistic == "region_city" else [])
            sums += ["", str(sum(r["visits"] for r in rows)), str(sum(r["guests"] for r in rows))]
        else:
            headers = [
                _("Rank"),
                _("Dish / Drink"),
                _("Kind"),
                _("Distinct Customers"),
                _("Quantity"),
                _("Visits"),
                _("Amount"),
                _("Share"),
            ]
            cells = [
                [
                    str(r["rank"]),
                    r["product_name"],
                    r["kind_name"],
                    str(r["customers"]),
                    qty(r["quantity"]),
                    str(r["visits"]),
                    money(r["amount"], currency),
                    share(r["share"]),
                ]
                for r in rows
            ]
            sums = [
                "",
                _("Total"),
                "",
                "",
                qty(sum(r["quantity"] for r in rows)),
                str(sum(r["visits"] for r in rows)),
            ]
        sums += [
            money(sum(r["amount"] for r in rows), currency),
            share(sum(r["share"] or 0.0 for r in rows)),
        ]
        stores = ", ".join(self.store_ids._origin.mapped("name")) or _("All selected stores")
        kinds = dict(self._fields["product_kind"]._description_selection(self.env))
        info = [
            self._fuxi_period_line(self.date_from, self.date_to),
            _("Stores: %(stores)s", stores=stores),
            _("Show: %(kind)s", kind=kinds[self.product_kind]),
            _("Revenue of the period: %(amount)s", amount=money(total_amount, currency)),
        ]
        if self.limit:
            info.append(
                _("Top %(limit)s of %(title)s", limit=self.limit, title=self._statistic_label())
            )
        return {
            "title": self._statistic_label(),
            "info": info,
            "headers": headers,
            "rows": cells,
            "totals": sums,
            "numeric": self._fuxi_numeric_columns(headers),
        }

    def _statistic_label(self):
        return dict(self._fields["statistic"]._description_selection(self.env))[self.statistic]

    def _display_title(self):
        self.ensure_one()
        return f"{self._statistic_label()} · {self.date_from} ~ {self.date_to}"


class FuxiStatisticLine(models.TransientModel):
    """A row of a computed statistic: seen by its creator (transient), in list, pivot and
    graph."""

    _name = "fuxi.statistic.line"
    _description = "Consumption Statistic Row"
    _order = "statistic_id, rank"

    def _is_an_ordinary_table(self):
        # No foreign keys on these rows (Odoo makes none for a table that is not "ordinary"):
        # PostgreSQL checked eight per row inserted, 2.4 of the 3.3 s a year's 76,000 guests
        # took to insert. The rows are a throwaway copy of a statistic, read by the user who
        # computed it and vacuumed within the hour; a guest deleted meanwhile shows empty
        # (the unlink of guests, dishes and regions clears them here: _fuxi_forget).
        return False

    # what the foreign keys' ON DELETE SET NULL did
    _FORGETTABLE = ("partner_id", "product_id", "province_id", "city_id")

    @api.model
    def _fuxi_forget(self, column, ids):
        """Rows naming these deleted records (guests, dishes, regions) name none."""
        if column not in self._FORGETTABLE or not ids:
            return
        self.flush_model([column])
        self.env.cr.execute(
            SQL(
                "UPDATE fuxi_statistic_line SET %s = NULL WHERE %s = ANY(%s)",
                SQL.identifier(column),
                SQL.identifier(column),
                list(ids),
            )
        )
        self.invalidate_model([column])

    statistic_id = fields.Many2one("fuxi.statistic", required=True, ondelete="cascade", index=True)
    rank = fields.Integer(readonly=True, aggregator=False)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Dish / Drink", readonly=True)
    kind = fields.Selection([("dish", "Dish"), ("drink", "Drink")], readonly=True)
    province_id = fields.Many2one("fuxi.region", string="Province", readonly=True)
    city_id = fields.Many2one("fuxi.region", string="City", readonly=True)
    quantity = fields.Float(readonly=True)
    customers = fields.Integer(string="Distinct Customers", readonly=True)
    visits = fields.Integer(readonly=True)
    guests = fields.Integer(readonly=True)
    amount = fields.Monetary(readonly=True)
    share = fields.Float(string="Share of Revenue", readonly=True, digits=(16, 4))
    currency_id = fields.Many2one(related="statistic_id.currency_id")
    company_id = fields.Many2one(related="statistic_id.company_id", store=True)
