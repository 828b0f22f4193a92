"""Exact pre-aggregates of the consumption lines and visits (the rankings' buckets).

Three tables, each with a month and a year grain (``grain`` + ``day``, the first local day of
the bucket; local = the time zone of the system parameter ``fuxi_tracking.bucket_tz``,
default Asia/Shanghai):

- ``fuxi_bucket_customer_dish``: company × customer (NULL = walk-ins) × dish × kind —
  quantity, amount, visits (distinct visits with that dish), line_count;
- ``fuxi_bucket_dish``: company × dish × kind — the same sums plus ``customers`` (distinct named
  customers of the bucket; not additive over buckets or companies);
- ``fuxi_bucket_customer``: company × named customer — visits, guests, amount_total /
  amount_dishes / amount_drinks (the visits' totals), and from the lines: line_visits /
  dish_visits / drink_visits (visits with at least one line / dish / drink), dish_quantity,
  drink_quantity, dish_amount, drink_amount.

Why months and years and no days: customer × dish × day is as many rows as the lines (a
guest rarely orders the same dish twice in a day), and even customer × dish × month is 1.4 M
rows for 2.5 M lines of a year; a year bucket is 0.9 M, a customer year bucket 75 k. The
periods the manager picks (this/last month, this/last year) are whole buckets; a custom
range is whole years + whole months + edge days read from the lines (indexed by date).

Maintenance, in the transaction of every write: the buckets a write touches (before and
after) are recomputed from their source — a month bucket from its lines/visits, a year bucket
from its twelve month buckets, a dish bucket from the customer × dish buckets of the same
grain — and upserted (or deleted when empty). Recomputing instead of adding deltas keeps the
distinct counts (visits, customers) exact and makes a second refresh of the same key
harmless. Two transactions refreshing the same bucket conflict on its row (REPEATABLE READ:
serialization failure, which Odoo retries).
"""

from odoo import api, fields, models
from odoo.tools import SQL

BUCKET_TZ_PARAM = "fuxi_tracking.bucket_tz"
DEFAULT_BUCKET_TZ = "Asia/Shanghai"
GRAINS = [("month", "Month"), ("year", "Year")]
# numeric columns (Odoo makes a Float with digits NUMERIC): sums of the lines' numeric
# quantities and amounts stay exact, so rankings order ties as the line-level query does
EXACT = (16, 4)


def local_ts(column, tz):
    """The naive UTC timestamp ``column`` as a naive local timestamp of ``tz``."""
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)", column, tz)


def utc_ts(local_day, tz):
    """The local midnight starting ``local_day`` (date/timestamp SQL) as a naive UTC timestamp."""
    return SQL("((%s::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC')", local_day, tz)


class FuxiBucketMixin(models.AbstractModel):
    _name = "fuxi.bucket.mixin"
    _description = "Consumption Bucket"
    _log_access = False
    # the buckets key names: (column, SQL type) of the unique key, in index order
    _fuxi_bucket_key = ()

    grain = fields.Selection(GRAINS, required=True, readonly=True)
    day = fields.Date(string="First Day", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, ondelete="cascade")

    def _fuxi_key_sql(self, alias=None):
        def col(name):
            column = SQL.identifier(alias, name) if alias else SQL.identifier(name)
            return SQL("COALESCE(%s, 0)", column) if name == "partner_id" else column

        return SQL(", ").join(col(name) for name, _type in self._fuxi_bucket_key)

    def init(self):
        if not self._fuxi_bucket_key:
            return
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s)",
                SQL.identifier(f"{self._table}_key_uniq"),
                SQL.identifier(self._table),
                self._fuxi_key_sql(),
            )
        )

    def _fuxi_upsert(self, grain, keys_sql, source_sql, values):
        """Replace the ``grain`` buckets of ``keys_sql`` (rows of the key columns but kind)
        by ``source_sql`` (rows of the key columns and ``values``): upsert what the source has,
        delete the buckets it no longer has."""
        key_names = [name for name, _type in self._fuxi_bucket_key if name not in ("grain",)]
        table = SQL.identifier(self._table)
        cols = [*key_names, *values]
        matched = [name for name in key_names if name != "kind"]

        def same(left, right, names):
            return SQL(" AND ").join(
                SQL(
                    "%s IS NOT DISTINCT FROM %s",
                    SQL.identifier(left, name),
                    SQL.identifier(right, name),
                )
                if name == "partner_id"
                else SQL("%s = %s", SQL.identifier(left, name), SQL.identifier(right, name))
                for name in names
            )

        self.env.cr.execute(
            SQL(
                """
                WITH k AS (%(keys)s),
                     src AS (%(source)s),
                     gone AS (
                        DELETE FROM %(table)s b USING k
                         WHERE b.grain = %(grain)s AND %(match_k)s
                           AND NOT EXISTS (SELECT 1 FROM src WHERE %(match_src)s)
                     )
                INSERT INTO %(table)s (grain, %(cols)s)
                SELECT %(grain)s, %(cols)s FROM src
                ON CONFLICT (%(conflict)s) DO UPDATE SET %(sets)s
                """,
                keys=keys_sql,
                source=source_sql,
                table=table,
                grain=grain,
                match_k=same("b", "k", matched),
                match_src=same("b", "src", key_names),
                cols=SQL(", ").join(SQL.identifier(name) for name in cols),
                conflict=self._fuxi_key_sql(),
                sets=SQL(", ").join(
                    SQL("%s = EXCLUDED.%s", SQL.identifier(name), SQL.identifier(name))
                    for name in values
                ),
            )
        )


class FuxiBucketCustomerDish(models.Model):
    _name = "fuxi.bucket.customer.dish"
    _inherit = "fuxi.bucket.mixin"
    _description = "Consumption Bucket: Customer × Dish"
    _fuxi_bucket_key = (
        ("grain", "varchar"),
        ("company_id", "int"),
        ("product_id", "int"),
        ("day", "date"),
        ("partner_id", "int"),
        ("kind", "varchar"),
    )

    partner_id = fields.Many2one(
        "res.partner", string="Customer", readonly=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        "product.product", string="Dish / Drink", required=True, readonly=True, ondelete="cascade"
    )
    kind = fields.Selection([("dish", "Dish"), ("drink", "Drink")], required=True, readonly=True)
    quantity = fields.Float(readonly=True, digits=EXACT)
    amount = fields.Float(readonly=True, digits=EXACT)
    visits = fields.Integer(readonly=True)
    line_count = fields.Integer(readonly=True)

    def init(self):
        super().init()
        # one customer's dishes (the customer's dishes ranking, the guest's buckets)
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_dish_partner_idx
                ON fuxi_bucket_customer_dish (partner_id, grain, day)
                INCLUDE (company_id, product_id, kind, quantity, amount, visits)
            """
        )

    VALUES = ("quantity", "amount", "visits", "line_count")

    def _fuxi_refresh(self, keys, tz):
        """keys: {(company_id, partner_id or None, product_id, month's first day)}."""
        if not keys:
            return
        companies, partners, products, months = (list(column) for column in zip(*keys, strict=True))
        month_keys = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[])"
            " AS k(company_id, partner_id, product_id, day)",
            companies,
            partners,
            products,
            months,
        )
        self._fuxi_upsert(
            "month",
            month_keys,
            SQL(
                """
                SELECT k.day, k.company_id, k.product_id, k.partner_id,
                       COALESCE(l.kind, 'dish') AS kind,
                       SUM(l.quantity) AS quantity, SUM(l.subtotal) AS amount,
                       COUNT(DISTINCT l.consumption_id) AS visits, COUNT(*) AS line_count
                  FROM k
                  JOIN fuxi_consumption_line l
                    ON l.product_id = k.product_id AND l.partner_id = k.partner_id
                   AND l.date >= %(start)s AND l.date < %(end)s
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                   AND c.company_id = k.company_id
                 GROUP BY k.day, k.company_id, k.product_id, k.partner_id, l.kind
                 UNION ALL
                -- walk-ins: the dish's lines of the month without a customer
                SELECT k.day, k.company_id, k.product_id, k.partner_id,
                       COALESCE(l.kind, 'dish') AS kind,
                       SUM(l.quantity) AS quantity, SUM(l.subtotal) AS amount,
                       COUNT(DISTINCT l.consumption_id) AS visits, COUNT(*) AS line_count
                  FROM k
                  JOIN fuxi_consumption_line l
                    ON l.product_id = k.product_id AND l.partner_id IS NULL
                   AND l.date >= %(start)s AND l.date < %(end)s
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                   AND c.company_id = k.company_id
                 WHERE k.partner_id IS NULL
                 GROUP BY k.day, k.company_id, k.product_id, k.partner_id, l.kind
                """,
                start=utc_ts(SQL("k.day"), tz),
                end=utc_ts(SQL("(k.day + interval '1 month')"), tz),
            ),
            self.VALUES,
        )
        year_keys = SQL(
            "SELECT DISTINCT company_id, partner_id, product_id,"
            " date_trunc('year', day)::date AS day FROM (%s) mk",
            month_keys,
        )
        self._fuxi_upsert(
            "year",
            year_keys,
            SQL(
                """
                SELECT k.day, k.company_id, k.product_id, k.partner_id, b.kind,
                       SUM(b.quantity) AS quantity, SUM(b.amount) AS amount,
                       SUM(b.visits) AS visits, SUM(b.line_count) AS line_count
                  FROM k
                  JOIN fuxi_bucket_customer_dish b
                    ON b.grain = 'month' AND b.company_id = k.company_id
                   AND b.product_id = k.product_id
                   AND b.partner_id IS NOT DISTINCT FROM k.partner_id
                   AND b.day >= k.day AND b.day < k.day + interval '1 year'
                 GROUP BY k.day, k.company_id, k.product_id, k.partner_id, b.kind
                """
            ),
            self.VALUES,
        )


class FuxiBucketDish(models.Model):
    _name = "fuxi.bucket.dish"
    _inherit = "fuxi.bucket.mixin"
    _description = "Consumption Bucket: Dish"
    _fuxi_bucket_key = (
        ("grain", "varchar"),
        ("company_id", "int"),
        ("day", "date"),
        ("product_id", "int"),
        ("kind", "varchar"),
    )

    product_id = fields.Many2one(
        "product.product", string="Dish / Drink", required=True, readonly=True, ondelete="cascade"
    )
    kind = fields.Selection([("dish", "Dish"), ("drink", "Drink")], required=True, readonly=True)
    quantity = fields.Float(readonly=True, digits=EXACT)
    amount = fields.Float(readonly=True, digits=EXACT)
    visits = fields.Integer(readonly=True)
    line_count = fields.Integer(readonly=True)
    customers = fields.Integer(string="Distinct Customers", readonly=True)

    VALUES = ("quantity", "amount", "visits", "line_count", "customers")

    def _fuxi_refresh(self, keys):
        """keys: {(company_id, product_id, month's first day)}: the dish's month and year."""
        if not keys:
            return
        companies, products, months = (list(column) for column in zip(*keys, strict=True))
        month_keys = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[], %s::date[])"
            " AS k(company_id, product_id, day)",
            companies,
            products,
            months,
        )
        year_keys = SQL(
            "SELECT DISTINCT company_id, product_id, date_trunc('year', day)::date AS day"
            " FROM (%s) mk",
            month_keys,
        )
        for grain, keys_sql in (("month", month_keys), ("year", year_keys)):
            self._fuxi_upsert(
                grain,
                keys_sql,
                SQL(
                    """
                    SELECT k.day, k.company_id, k.product_id, b.kind,
                           SUM(b.quantity) AS quantity, SUM(b.amount) AS amount,
                           SUM(b.visits) AS visits, SUM(b.line_count) AS line_count,
                           COUNT(b.partner_id) AS customers
                      FROM k
                      JOIN fuxi_bucket_customer_dish b
                        ON b.grain = %(grain)s AND b.day = k.day
                       AND b.company_id = k.company_id AND b.product_id = k.product_id
                     GROUP BY k.day, k.company_id, k.product_id, b.kind
                    """,
                    grain=grain,
                ),
                self.VALUES,
            )


class FuxiBucketCustomer(models.Model):
    _name = "fuxi.bucket.customer"
    _inherit = "fuxi.bucket.mixin"
    _description = "Consumption Bucket: Customer"
    _fuxi_bucket_key = (
        ("grain", "varchar"),
        ("company_id", "int"),
        ("day", "date"),
        ("partner_id", "int"),
    )

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade"
    )
    visits = fields.Integer(readonly=True)
    guests = fields.Integer(readonly=True)
    amount_total = fields.Float(readonly=True, digits=EXACT)
    amount_dishes = fields.Float(readonly=True, digits=EXACT)
    amount_drinks = fields.Float(readonly=True, digits=EXACT)
    line_visits = fields.Integer(readonly=True)
    dish_visits = fields.Integer(readonly=True)
    drink_visits = fields.Integer(readonly=True)
    dish_quantity = fields.Float(readonly=True, digits=EXACT)
    drink_quantity = fields.Float(readonly=True, digits=EXACT)
    dish_amount = fields.Float(readonly=True, digits=EXACT)
    drink_amount = fields.Float(readonly=True, digits=EXACT)

    def init(self):
        super().init()
        # a customer's months → their year (refresh), a guest's buckets
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_partner_idx
                ON fuxi_bucket_customer (partner_id, grain, day)
            """
        )

    VALUES = (
        "visits",
        "guests",
        "amount_total",
        "amount_dishes",
        "amount_drinks",
        "line_visits",
        "dish_visits",
        "drink_visits",
        "dish_quantity",
        "drink_quantity",
        "dish_amount",
        "drink_amount",
    )

    def _fuxi_refresh(self, keys, tz):
        """keys: {(company_id, partner_id, month's first day)} of named customers."""
        if not keys:
            return
        companies, partners, months = (list(column) for column in zip(*keys, strict=True))
        month_keys = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[], %s::date[])"
            " AS k(company_id, partner_id, day)",
            companies,
            partners,
            months,
        )
        self._fuxi_upsert(
            "month",
            month_keys,
            SQL(
                """
                SELECT k.day, k.company_id, k.partner_id, %(columns)s
                  FROM k
                  JOIN fuxi_consumption c
                    ON c.partner_id = k.partner_id AND c.company_id = k.company_id
                   AND c.date >= %(start)s AND c.date < %(end)s
                  %(lines)s
                 GROUP BY k.day, k.company_id, k.partner_id
                """,
                columns=CUSTOMER_COLUMNS,
                lines=CUSTOMER_LINES,
                start=utc_ts(SQL("k.day"), tz),
                end=utc_ts(SQL("(k.day + interval '1 month')"), tz),
            ),
            self.VALUES,
        )
        year_keys = SQL(
            "SELECT DISTINCT company_id, partner_id, date_trunc('year', day)::date AS day"
            " FROM (%s) mk",
            month_keys,
        )
        self._fuxi_upsert(
            "year",
            year_keys,
            SQL(
                """
                SELECT k.day, k.company_id, k.partner_id, %(sums)s
                  FROM k
                  JOIN fuxi_bucket_customer b
                    ON b.grain = 'month' AND b.company_id = k.company_id
                   AND b.partner_id = k.partner_id
                   AND b.day >= k.day AND b.day < k.day + interval '1 year'
                 GROUP BY k.day, k.company_id, k.partner_id
                """,
                sums=SQL(", ").join(
                    SQL("SUM(b.%s) AS %s", SQL.identifier(name), SQL.identifier(name))
                    for name in self.VALUES
                ),
            ),
            self.VALUES,
        )


# a visit's figures and those of its lines (LATERAL: one row per visit)
CUSTOMER_COLUMNS = SQL(
    """COUNT(*) AS visits, SUM(c.guest_count) AS guests,
       SUM(c.amount_total) AS amount_total, SUM(c.amount_dishes) AS amount_dishes,
       SUM(c.amount_drinks) AS amount_drinks,
       COUNT(*) FILTER (WHERE x.lines > 0) AS line_visits,
       COUNT(*) FILTER (WHERE x.dishes > 0) AS dish_visits,
       COUNT(*) FILTER (WHERE x.drinks > 0) AS drink_visits,
       COALESCE(SUM(x.dish_quantity), 0) AS dish_quantity,
       COALESCE(SUM(x.drink_quantity), 0) AS drink_quantity,
       COALESCE(SUM(x.dish_amount), 0) AS dish_amount,
       COALESCE(SUM(x.drink_amount), 0) AS drink_amount"""
)
CUSTOMER_LINES = SQL(
    """CROSS JOIN LATERAL (
        SELECT COUNT(*) AS lines,
               COUNT(*) FILTER (WHERE l.kind = 'drink') AS drinks,
               COUNT(*) FILTER (WHERE l.kind IS DISTINCT FROM 'drink') AS dishes,
               SUM(l.quantity) FILTER (WHERE l.kind IS DISTINCT FROM 'drink') AS dish_quantity,
               SUM(l.quantity) FILTER (WHERE l.kind = 'drink') AS drink_quantity,
               SUM(l.subtotal) FILTER (WHERE l.kind IS DISTINCT FROM 'drink') AS dish_amount,
               SUM(l.subtotal) FILTER (WHERE l.kind = 'drink') AS drink_amount
          FROM fuxi_consumption_line l WHERE l.consumption_id = c.id
    ) x"""
)


class FuxiConsumptionBuckets(models.AbstractModel):
    """Keeping the buckets: which buckets a set of visits/lines falls in, refreshing them,
    filling them all (migration, bench)."""

    _name = "fuxi.bucket.keeper"
    _description = "Consumption Buckets Keeper"

    @api.model
    def _fuxi_bucket_tz(self):
        return (
            self.env["ir.config_parameter"].sudo().get_param(BUCKET_TZ_PARAM) or DEFAULT_BUCKET_TZ
        )

    @api.model
    def _fuxi_snapshot(self, consumption_ids=(), line_ids=()):
        """The buckets the visits ``consumption_ids`` and the lines ``line_ids`` (and their
        visits) fall in now: (customer × dish keys, customer keys)."""
        consumption_ids, line_ids = list(consumption_ids), list(line_ids)
        if not consumption_ids and not line_ids:
            return set(), set()
        self.env.flush_all()
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT DISTINCT c.company_id, l.partner_id, l.product_id,
                       date_trunc('month', %(local)s)::date
                  FROM fuxi_consumption_line l
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                 WHERE l.consumption_id = ANY(%(visits)s) OR l.id = ANY(%(lines)s)
                """,
                local=local_ts(SQL("l.date"), tz),
                visits=consumption_ids,
                lines=line_ids,
            )
        )
        dish_keys = set(cr.fetchall())
        cr.execute(
            SQL(
                """
                SELECT DISTINCT c.company_id, c.partner_id,
                       date_trunc('month', %(local)s)::date
                  FROM fuxi_consumption c
                 WHERE c.partner_id IS NOT NULL
                   AND (c.id = ANY(%(visits)s) OR c.id IN (
                        SELECT consumption_id FROM fuxi_consumption_line
                         WHERE id = ANY(%(lines)s)))
                """,
                local=local_ts(SQL("c.date"), tz),
                visits=consumption_ids,
                lines=line_ids,
            )
        )
        return dish_keys, set(cr.fetchall())

    @api.model
    def _fuxi_refresh(self, snapshots):
        """Recompute the buckets of the given snapshots (before and after a write)."""
        dish_keys, customer_keys = set(), set()
        for dishes, customers in snapshots:
            dish_keys |= dishes
            customer_keys |= customers
        if not dish_keys and not customer_keys:
            return
        self.env.flush_all()
        tz = self._fuxi_bucket_tz()
        self.env["fuxi.bucket.customer.dish"]._fuxi_refresh(dish_keys, tz)
        self.env["fuxi.bucket.dish"]._fuxi_refresh(
            {(company, product, month) for company, _partner, product, month in dish_keys}
        )
        self.env["fuxi.bucket.customer"]._fuxi_refresh(customer_keys, tz)
        # the stored rankings of these periods no longer hold
        self.env["fuxi.ranking.closed"]._fuxi_forget(
            {key[3] for key in dish_keys} | {key[2] for key in customer_keys}
        )
        for model in ("fuxi.bucket.customer.dish", "fuxi.bucket.dish", "fuxi.bucket.customer"):
            self.env[model].invalidate_model()

    @api.model
    def _fuxi_fill_all(self):
        """Rebuild every bucket from the lines and visits: one statement per table and grain
        (migration, benchmark loads, a change of the buckets' time zone)."""
        cr = self.env.cr
        tz = self._fuxi_bucket_tz()
        self.env.flush_all()
        cr.execute("TRUNCATE fuxi_bucket_customer_dish, fuxi_bucket_dish, fuxi_bucket_customer")
        month = SQL("date_trunc('month', %s)::date", local_ts(SQL("l.date"), tz))
        # one bulk pass over millions of lines: hash the groups in memory rather than on disk
        cr.execute("SET LOCAL work_mem = '256MB'")
        # visits are counted as the groups of a visit's lines of one dish (two hash
        # aggregations instead of sorting every line for a COUNT(DISTINCT))
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_bucket_customer_dish
                       (grain, day, company_id, product_id, partner_id, kind,
                        quantity, amount, visits, line_count)
                SELECT 'month', v.day, v.company_id, v.product_id, v.partner_id, v.kind,
                       SUM(v.quantity), SUM(v.amount), COUNT(*), SUM(v.lines)
                  FROM (
                    SELECT %(month)s AS day, c.company_id, l.product_id, l.partner_id,
                           COALESCE(l.kind, 'dish') AS kind, SUM(l.quantity) AS quantity,
                           SUM(l.subtotal) AS amount, COUNT(*) AS lines
                      FROM fuxi_consumption_line l
                      JOIN fuxi_consumption c ON c.id = l.consumption_id
                     GROUP BY l.consumption_id, 1, 2, 3, 4, 5
                  ) v
                 GROUP BY 2, 3, 4, 5, 6
                """,
                month=month,
            )
        )
        cr.execute(
            """
            INSERT INTO fuxi_bucket_customer_dish
                   (grain, day, company_id, product_id, partner_id, kind,
                    quantity, amount, visits, line_count)
            SELECT 'year', date_trunc('year', day)::date, company_id, product_id, partner_id,
                   kind, SUM(quantity), SUM(amount), SUM(visits), SUM(line_count)
              FROM fuxi_bucket_customer_dish WHERE grain = 'month'
             GROUP BY 2, 3, 4, 5, 6
            """
        )
        cr.execute(
            """
            INSERT INTO fuxi_bucket_dish
                   (grain, day, company_id, product_id, kind,
                    quantity, amount, visits, line_count, customers)
            SELECT grain, day, company_id, product_id, kind, SUM(quantity), SUM(amount),
                   SUM(visits), SUM(line_count), COUNT(partner_id)
              FROM fuxi_bucket_customer_dish
             GROUP BY 1, 2, 3, 4, 5
            """
        )
        Customer = self.env["fuxi.bucket.customer"]
        names = SQL(", ").join(SQL.identifier(name) for name in Customer.VALUES)
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_bucket_customer (grain, day, company_id, partner_id, %(names)s)
                SELECT 'month', date_trunc('month', %(local)s)::date, c.company_id,
                       c.partner_id, %(columns)s
                  FROM fuxi_consumption c
                  %(lines)s
                 WHERE c.partner_id IS NOT NULL
                 GROUP BY 2, 3, 4
                """,
                names=names,
                local=local_ts(SQL("c.date"), tz),
                columns=CUSTOMER_COLUMNS,
                lines=CUSTOMER_LINES,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_bucket_customer (grain, day, company_id, partner_id, %(names)s)
                SELECT 'year', date_trunc('year', day)::date, company_id, partner_id, %(sums)s
                  FROM fuxi_bucket_customer WHERE grain = 'month'
                 GROUP BY 2, 3, 4
                """,
                names=names,
                sums=SQL(", ").join(
                    SQL("SUM(%s)", SQL.identifier(name)) for name in Customer.VALUES
                ),
            )
        )
        cr.execute("RESET work_mem")
        self.env["fuxi.ranking.closed"]._fuxi_forget_all()
        for model in ("fuxi.bucket.customer.dish", "fuxi.bucket.dish", "fuxi.bucket.customer"):
            self.env[model].invalidate_model()
