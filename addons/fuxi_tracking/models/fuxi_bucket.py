"""Exact pre-aggregates of the consumption lines and visits (the rankings' buckets).

Three aggregates, each with a month and a year grain (``grain`` + ``day``, the first local day
of the bucket; local = the time zone of the system parameter ``fuxi_tracking.bucket_tz``,
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

Upkeep, in the transaction of every write: every figure is a sum over visits (a visit counts
once in "visits" of each dish it has), so a write changes the buckets by what its visits
contribute after minus what they contributed before — read from those visits and their lines
only, whatever the guest's or the dish's history (``_fuxi_snapshot`` / ``_fuxi_apply``).

- A named customer's rows (customer × dish, customer) are one row per key, changed in place:
  only that guest's visits touch them.
- The shared keys — a dish's bucket, the walk-ins' customer × dish bucket — would be one row
  updated by every desk closing a table with that dish (REPEATABLE READ: the later of two
  concurrent closes fails and starts again). Their changes are appended as rows of their
  own (``delta``) to ``fuxi_bucket_dish_row`` / ``fuxi_bucket_customer_dish_row``; the two
  aggregates are views adding a key's rows up (a key whose lines add up to none is no row).
  ``_fuxi_fold`` folds the appended rows into one row per key: nightly, and woken when
  another ``FOLD_EVERY`` rows were appended, so readers never add up more than a few hundred.
- A dish's distinct customers change when a customer × dish row appears (+1) or goes (-1):
  that row is the guest's own, changed in place, so the transition is known exactly.
"""

from decimal import Decimal

from odoo import api, fields, models
from odoo.tools import SQL

BUCKET_TZ_PARAM = "fuxi_tracking.bucket_tz"
DEFAULT_BUCKET_TZ = "Asia/Shanghai"
GRAINS = [("month", "Month"), ("year", "Year")]
# numeric columns (Odoo makes a Float with digits NUMERIC): sums of the lines' numeric
# quantities and amounts stay exact, so rankings order ties as the line-level query does
EXACT = (16, 4)
# appended rows (of the dish and walk-in buckets) between two folds woken by the writers
FOLD_EVERY = 256


def local_ts(column, tz):
    """The naive UTC timestamp ``column`` as a naive local timestamp of ``tz``."""
    return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)", column, tz)


def utc_ts(local_day, tz):
    """The local midnight starting ``local_day`` (date/timestamp SQL) as a naive UTC timestamp."""
    return SQL("((%s::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC')", local_day, tz)


def fold_rows(cr, table, key, values, candidates=None, scope=None, nullable=("partner_id",)):
    """Fold the rows of each key of ``table`` into one row holding their sums, and drop the
    keys whose sums are all zero: for tables where concurrent writers append their changes
    as rows of their own (a key's figures are the sum of its rows).

    ``candidates``: an SQL condition on the rows whose keys are folded (default: every key
    with more than one row); ``scope``: an SQL condition on the rows ``t`` of the table that
    may be folded at all (e.g. the walk-ins' rows, so that their index serves). Only rows
    this transaction sees are deleted, so rows appended meanwhile by another transaction stay
    and still count."""
    table = SQL.identifier(table)
    key_sql = SQL(", ").join(SQL.identifier(name) for name in key)
    if candidates is None:
        many = SQL("SELECT %s FROM %s GROUP BY %s HAVING COUNT(*) > 1", key_sql, table, key_sql)
    else:
        many = SQL("SELECT DISTINCT %s FROM %s WHERE %s", key_sql, table, candidates)
    cr.execute(
        SQL(
            """
            WITH many AS (%(many)s),
            folded AS (
                DELETE FROM %(table)s t USING many m WHERE %(same)s AND %(scope)s
                RETURNING t.*
            )
            INSERT INTO %(table)s (%(key)s, %(columns)s)
            SELECT %(key)s, %(sums)s FROM folded GROUP BY %(key)s
            HAVING %(nonzero)s
            """,
            many=many,
            scope=scope or SQL("TRUE"),
            table=table,
            key=key_sql,
            same=SQL(" AND ").join(
                SQL(
                    "COALESCE(%s, 0) = COALESCE(%s, 0)",
                    SQL.identifier("t", name),
                    SQL.identifier("m", name),
                )
                if name in nullable
                else SQL("%s = %s", SQL.identifier("t", name), SQL.identifier("m", name))
                for name in key
            ),
            columns=SQL(", ").join(SQL.identifier(value) for value in values),
            sums=SQL(", ").join(SQL("SUM(%s)", SQL.identifier(value)) for value in values),
            nonzero=SQL(" OR ").join(
                SQL("SUM(%s) <> 0", SQL.identifier(value)) for value in values
            ),
        )
    )


def _exact(value):
    """Odoo reads NUMERIC columns as floats: back to the decimal they were (their shortest
    repr), so that differences of sums stay exact (16.2 - 18.0 is -1.8, not
    -1.8000000000000007)."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def subtract(before, after):
    """{key: after - before} of two {key: figures} maps, without the keys that did not move
    (exact: the figures are decimals)."""
    changes = {}
    for key in before.keys() | after.keys():
        old = [_exact(value) for value in before.get(key, ())]
        new = [_exact(value) for value in after.get(key, ())]
        if not old:
            change = tuple(new)
        elif not new:
            change = tuple(-value for value in old)
        else:
            change = tuple(n - o for n, o in zip(new, old, strict=True))
        if any(change):
            changes[key] = change
    return changes


def _columns(rows):
    """The columns of rows (tuples), as lists for unnest()."""
    return [list(column) for column in zip(*rows, strict=True)]


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


class FuxiBucketRowsMixin(models.AbstractModel):
    """A bucket read through a view adding up the rows of its key in ``_fuxi_rows_table``:
    one row per key changed in place, plus rows appended by the writers (``delta``)."""

    _name = "fuxi.bucket.rows.mixin"
    _inherit = "fuxi.bucket.mixin"
    _description = "Consumption Bucket Read From Its Rows"
    _auto = False
    _fuxi_rows_table = None
    # the rows that get appended ones (the fold's scope) and their key
    _fuxi_fold_scope = None
    _fuxi_fold_key = None

    VALUES = ()

    def _fuxi_rows_ddl(self):
        """CREATE TABLE of the rows (the key's columns and the values)."""
        raise NotImplementedError

    def _fuxi_view_sql(self):
        raise NotImplementedError

    def init(self):
        if not self._fuxi_rows_table:
            return
        cr = self.env.cr
        rows = SQL.identifier(self._fuxi_rows_table)
        cr.execute(self._fuxi_rows_ddl())
        # the row of a key changed in place (named customers, folded rows) is unique
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) WHERE NOT delta",
                SQL.identifier(f"{self._fuxi_rows_table}_key_uniq"),
                rows,
                self._fuxi_key_sql(),
            )
        )
        # the keys that have appended rows (the fold's work)
        cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (id) WHERE delta",
                SQL.identifier(f"{self._fuxi_rows_table}_delta_idx"),
                rows,
            )
        )
        cr.execute(SQL("DROP VIEW IF EXISTS %s", SQL.identifier(self._table)))
        cr.execute(SQL("CREATE VIEW %s AS %s", SQL.identifier(self._table), self._fuxi_view_sql()))

    def _fuxi_fold(self):
        fold_rows(
            self.env.cr,
            self._fuxi_rows_table,
            self._fuxi_fold_key or [name for name, _type in self._fuxi_bucket_key],
            self.VALUES,
            candidates=SQL("delta"),
            scope=self._fuxi_fold_scope and SQL(self._fuxi_fold_scope),
        )


class FuxiBucketCustomerDish(models.Model):
    _name = "fuxi.bucket.customer.dish"
    _inherit = "fuxi.bucket.rows.mixin"
    _description = "Consumption Bucket: Customer × Dish"
    _auto = False  # a view (see init()): on the model itself, models.Model's would win
    _fuxi_rows_table = "fuxi_bucket_customer_dish_row"
    # only the walk-ins' rows get appended ones (their index serves the fold)
    _fuxi_fold_scope = "t.partner_id IS NULL"
    _fuxi_fold_key = ("grain", "company_id", "product_id", "day", "kind")
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

    VALUES = ("quantity", "amount", "visits", "line_count")

    def _fuxi_rows_ddl(self):
        return SQL(
            """
            CREATE TABLE IF NOT EXISTS fuxi_bucket_customer_dish_row (
                id serial PRIMARY KEY,
                grain varchar NOT NULL,
                day date NOT NULL,
                company_id int NOT NULL REFERENCES res_company ON DELETE CASCADE,
                partner_id int REFERENCES res_partner ON DELETE CASCADE,
                product_id int NOT NULL REFERENCES product_product ON DELETE CASCADE,
                kind varchar NOT NULL,
                quantity numeric,
                amount numeric,
                visits int,
                line_count int,
                delta boolean NOT NULL DEFAULT false
            )
            """
        )

    def _fuxi_view_sql(self):
        # a named customer's row is theirs alone (in place); the walk-ins' key is shared by
        # every desk (appended rows, added up here)
        return SQL(
            """
            SELECT id, grain, day, company_id, partner_id, product_id, kind,
                   quantity, amount, visits, line_count
              FROM fuxi_bucket_customer_dish_row
             WHERE partner_id IS NOT NULL AND NOT delta
             UNION ALL
            SELECT MIN(id), grain, day, company_id, NULL::int, product_id, kind,
                   SUM(quantity), SUM(amount), SUM(visits)::int, SUM(line_count)::int
              FROM fuxi_bucket_customer_dish_row
             WHERE partner_id IS NULL
             GROUP BY grain, day, company_id, product_id, kind
            HAVING SUM(line_count) <> 0
            """
        )

    def init(self):
        result = super().init()
        cr = self.env.cr
        # one customer's dishes (the customer's dishes ranking, the guest's buckets)
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_dish_partner_idx
                ON fuxi_bucket_customer_dish_row (partner_id, grain, day)
                INCLUDE (company_id, product_id, kind, quantity, amount, visits)
            """
        )
        # one bucket's named customers and their visits of each dish, read from the index
        # alone (the analytics' distinct customers of a dish over a custom range): without
        # it a month's rows are filtered out of every month's. In dish and guest order, so
        # that a year bucket's 900,000 rows are merged with another bucket's guests as they
        # are read, not hashed or sorted (it replaces an index without that order)
        cr.execute("DROP INDEX IF EXISTS fuxi_bucket_customer_dish_bucket_idx")
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_dish_pair_idx
                ON fuxi_bucket_customer_dish_row (grain, day, company_id, product_id, kind,
                                                  partner_id)
                INCLUDE (visits)
                WHERE partner_id IS NOT NULL AND NOT delta
            """
        )
        # the walk-ins' rows of a dish (base and appended)
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_dish_walk_in_idx
                ON fuxi_bucket_customer_dish_row (grain, company_id, product_id, day)
                WHERE partner_id IS NULL
            """
        )
        # a dish's named customers of one bucket of one store in the ranking's order: the
        # per-dish page is read, not sorted (fuxi.ranking's single-bucket page)
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_dish_rank_idx
                ON fuxi_bucket_customer_dish_row
                   (company_id, grain, day, product_id, quantity DESC, amount DESC, partner_id)
                WHERE partner_id IS NOT NULL AND NOT delta
            """
        )
        return result

    def _fuxi_add(self, changes):
        """Add ``changes`` {(grain, day, company, partner, product, kind): (quantity, amount,
        visits, lines)}: a named customer's row in place, the walk-ins' as an appended row.
        Returns the change of the dish buckets {(grain, day, company, product, kind):
        (quantity, amount, visits, lines, customers)} and the ids of the appended rows."""
        cr = self.env.cr
        dish = {}
        for (grain, day, company, _partner, product, kind), change in changes.items():
            total = dish.setdefault((grain, day, company, product, kind), [0, 0, 0, 0, 0])
            for index, value in enumerate(change):
                total[index] += value
        named = [(*key, *change) for key, change in changes.items() if key[3]]
        if named:
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_bucket_customer_dish_row AS b
                           (grain, day, company_id, partner_id, product_id, kind,
                            quantity, amount, visits, line_count)
                    SELECT * FROM unnest(%s::varchar[], %s::date[], %s::int[], %s::int[],
                                         %s::int[], %s::varchar[], %s::numeric[],
                                         %s::numeric[], %s::int[], %s::int[])
                    ON CONFLICT (%s) WHERE NOT delta DO UPDATE
                       SET quantity = b.quantity + EXCLUDED.quantity,
                           amount = b.amount + EXCLUDED.amount,
                           visits = b.visits + EXCLUDED.visits,
                           line_count = b.line_count + EXCLUDED.line_count
                    RETURNING id, grain, day, company_id, partner_id, product_id, kind,
                              line_count
                    """,
                    *_columns(named),
                    self._fuxi_key_sql(),
                )
            )
            gone = []
            for row_id, grain, day, company, partner, product, kind, lines in cr.fetchall():
                added = changes[grain, day, company, partner, product, kind][3]
                # the guest is one more customer of the dish when their row gets its first
                # line, one fewer when it loses its last
                appears = (lines - added <= 0) - (lines <= 0)
                if appears:
                    dish[grain, day, company, product, kind][4] += appears
                if lines <= 0:
                    gone.append(row_id)
            if gone:
                cr.execute("DELETE FROM fuxi_bucket_customer_dish_row WHERE id = ANY(%s)", [gone])
        walk_ins = [(*key[:3], *key[4:], *change) for key, change in changes.items() if not key[3]]
        dish_rows = [(*key, *change) for key, change in dish.items() if any(change)]
        if not walk_ins and not dish_rows:
            return []
        cr.execute(
            SQL(
                """
                WITH walk_ins AS (
                    INSERT INTO fuxi_bucket_customer_dish_row
                           (grain, day, company_id, product_id, kind,
                            quantity, amount, visits, line_count, delta)
                    SELECT *, true FROM unnest(%s::varchar[], %s::date[], %s::int[], %s::int[],
                                               %s::varchar[], %s::numeric[], %s::numeric[],
                                               %s::int[], %s::int[])
                )
                INSERT INTO fuxi_bucket_dish_row
                       (grain, day, company_id, product_id, kind,
                        quantity, amount, visits, line_count, customers, delta)
                SELECT *, true FROM unnest(%s::varchar[], %s::date[], %s::int[], %s::int[],
                                           %s::varchar[], %s::numeric[], %s::numeric[],
                                           %s::int[], %s::int[], %s::int[])
                RETURNING id
                """,
                *(_columns(walk_ins) or [[]] * 9),
                *(_columns(dish_rows) or [[]] * 10),
            )
        )
        return [row_id for (row_id,) in cr.fetchall()]


class FuxiBucketDish(models.Model):
    _name = "fuxi.bucket.dish"
    _inherit = "fuxi.bucket.rows.mixin"
    _description = "Consumption Bucket: Dish"
    _auto = False  # a view (see init()): on the model itself, models.Model's would win
    _fuxi_rows_table = "fuxi_bucket_dish_row"
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

    def init(self):
        result = super().init()
        # a dish's rows of one bucket of one store, folded and appended: its number of
        # customers (the per-dish ranking's count) without reading every dish's rows
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_dish_row_dish_idx
                ON fuxi_bucket_dish_row (company_id, grain, day, product_id)
            """
        )
        return result

    def _fuxi_rows_ddl(self):
        return SQL(
            """
            CREATE TABLE IF NOT EXISTS fuxi_bucket_dish_row (
                id serial PRIMARY KEY,
                grain varchar NOT NULL,
                day date NOT NULL,
                company_id int NOT NULL REFERENCES res_company ON DELETE CASCADE,
                product_id int NOT NULL REFERENCES product_product ON DELETE CASCADE,
                kind varchar NOT NULL,
                quantity numeric,
                amount numeric,
                visits int,
                line_count int,
                customers int,
                delta boolean NOT NULL DEFAULT false
            )
            """
        )

    def _fuxi_view_sql(self):
        return SQL(
            """
            SELECT MIN(id) AS id, grain, day, company_id, product_id, kind,
                   SUM(quantity) AS quantity, SUM(amount) AS amount,
                   SUM(visits)::int AS visits, SUM(line_count)::int AS line_count,
                   SUM(customers)::int AS customers
              FROM fuxi_bucket_dish_row
             GROUP BY grain, day, company_id, product_id, kind
            HAVING SUM(line_count) <> 0
            """
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
        cr = self.env.cr
        cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS fuxi_bucket_customer_key_uniq"
                " ON fuxi_bucket_customer (%s)",
                self._fuxi_key_sql(),
            )
        )
        # a guest's buckets
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_partner_idx
                ON fuxi_bucket_customer (partner_id, grain, day)
            """
        )
        # the spend ranking of one bucket of one store in its order: its first page is
        # read, not sorted (fuxi.ranking's single-bucket page)
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_rank_idx
                ON fuxi_bucket_customer
                   (company_id, grain, day, amount_total DESC, visits DESC, partner_id)
            """
        )
        # the number of guests of each bucket of each store (the spend ranking's exact count
        # without counting a bucket's rows): +1 when a guest's row appears, -1 when it goes,
        # appended as rows of their own (every desk's first visit of a guest in the month
        # would otherwise update one row) and folded with the buckets' appended rows
        cr.execute(
            """
            CREATE TABLE IF NOT EXISTS fuxi_bucket_customer_count (
                id serial PRIMARY KEY,
                grain varchar NOT NULL,
                day date NOT NULL,
                company_id int NOT NULL REFERENCES res_company ON DELETE CASCADE,
                customers int NOT NULL,
                delta boolean NOT NULL DEFAULT false
            );
            CREATE INDEX IF NOT EXISTS fuxi_bucket_customer_count_key_idx
                ON fuxi_bucket_customer_count (grain, company_id, day)
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
    TYPES = (
        "int",
        "int",
        "numeric",
        "numeric",
        "numeric",
        "int",
        "int",
        "int",
        "numeric",
        "numeric",
        "numeric",
        "numeric",
    )

    def _fuxi_add(self, changes):
        """Add ``changes`` {(grain, day, company, customer): figures in VALUES order} to the
        customers' rows, in place (only that guest's visits touch them); a row left without
        visits goes."""
        if not changes:
            return
        cr = self.env.cr
        types = ("varchar", "date", "int", "int", *self.TYPES)
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_bucket_customer AS b (grain, day, company_id, partner_id, %s)
                SELECT * FROM unnest(%s)
                ON CONFLICT (%s) DO UPDATE SET %s
                RETURNING id, grain, day, company_id, partner_id, visits
                """,
                SQL(", ").join(SQL.identifier(name) for name in self.VALUES),
                SQL(", ").join(
                    SQL("%s::%s[]", column, SQL(sql_type))
                    for column, sql_type in zip(
                        _columns([(*key, *change) for key, change in changes.items()]),
                        types,
                        strict=True,
                    )
                ),
                self._fuxi_key_sql(),
                SQL(", ").join(
                    SQL("%s = b.%s + EXCLUDED.%s", *[SQL.identifier(name)] * 3)
                    for name in self.VALUES
                ),
            )
        )
        gone, counts = [], {}
        for row_id, grain, day, company, partner, visits in cr.fetchall():
            added = changes[grain, day, company, partner][0]
            # one more guest of the bucket when their row gets its first visit, one fewer
            # when it loses its last
            appears = (visits - added <= 0) - (visits <= 0)
            if appears:
                counts[grain, day, company] = counts.get((grain, day, company), 0) + appears
            if visits <= 0:
                gone.append(row_id)
        if gone:
            cr.execute("DELETE FROM fuxi_bucket_customer WHERE id = ANY(%s)", [gone])
        counts = [(*key, change) for key, change in counts.items() if change]
        if counts:
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_bucket_customer_count
                           (grain, day, company_id, customers, delta)
                    SELECT *, true FROM unnest(%s::varchar[], %s::date[], %s::int[], %s::int[])
                    """,
                    *_columns(counts),
                )
            )

    def _fuxi_fold(self):
        fold_rows(
            self.env.cr,
            "fuxi_bucket_customer_count",
            ("grain", "company_id", "day"),
            ("customers",),
            candidates=SQL("delta"),
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
    """Keeping the buckets: what a set of visits contributes to them, adding the change of a
    write, folding appended rows, filling them all (migration, bench)."""

    _name = "fuxi.bucket.keeper"
    _description = "Consumption Buckets Keeper"

    @api.model
    def _fuxi_bucket_tz(self):
        return (
            self.env["ir.config_parameter"].sudo().get_param(BUCKET_TZ_PARAM) or DEFAULT_BUCKET_TZ
        )

    @api.model
    def _fuxi_company_ids(self):
        """Every company's id (the buckets' scope of a user who reads every visit)."""
        self.env["res.company"].flush_model(["active"])
        self.env.cr.execute("SELECT id FROM res_company ORDER BY id")
        return [company for (company,) in self.env.cr.fetchall()]

    @api.model
    def _fuxi_snapshot(self, consumption_ids=()):
        """What the visits ``consumption_ids`` (and their lines) add to the buckets now:
        {"visits": their ids, "customer_dish": {key: (quantity, amount, visits, lines)},
        "customer": {key: figures}} (other addons add their own buckets' parts). Reads those
        visits and lines only. Take one before and one after a write, of the same visits
        (``_fuxi_apply`` adds the difference)."""
        ids = sorted({visit for visit in consumption_ids if visit})
        if not ids:
            return {"visits": ()}
        self.env.flush_all()
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr

        def grains(local):
            # each visit counts in its month and in its year
            return SQL(
                """CROSS JOIN LATERAL (
                    VALUES ('month', date_trunc('month', %s)::date),
                           ('year', date_trunc('year', %s)::date)
                ) g(grain, day)""",
                local,
                local,
            )

        cr.execute(
            SQL(
                """
                SELECT g.grain, g.day, c.company_id, l.partner_id, l.product_id,
                       COALESCE(l.kind, 'dish'), SUM(l.quantity), SUM(l.subtotal),
                       COUNT(DISTINCT l.consumption_id), COUNT(*)
                  FROM fuxi_consumption_line l
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                  %(grains)s
                 WHERE l.consumption_id = ANY(%(ids)s)
                 GROUP BY 1, 2, 3, 4, 5, 6
                """,
                grains=grains(local_ts(SQL("l.date"), tz)),
                ids=ids,
            )
        )
        dishes = {tuple(row[:6]): tuple(row[6:]) for row in cr.fetchall()}
        cr.execute(
            SQL(
                """
                SELECT g.grain, g.day, c.company_id, c.partner_id, %(columns)s
                  FROM fuxi_consumption c
                  %(lines)s
                  %(grains)s
                 WHERE c.id = ANY(%(ids)s) AND c.partner_id IS NOT NULL
                 GROUP BY 1, 2, 3, 4
                """,
                columns=CUSTOMER_COLUMNS,
                lines=CUSTOMER_LINES,
                grains=grains(local_ts(SQL("c.date"), tz)),
                ids=ids,
            )
        )
        customers = {tuple(row[:4]): tuple(row[4:]) for row in cr.fetchall()}
        return {"visits": tuple(ids), "customer_dish": dishes, "customer": customers}

    @api.model
    def _fuxi_apply(self, before, after):
        """Add to the buckets what the visits contribute in ``after`` minus what they did in
        ``before`` (two snapshots of the same visits; None: nothing, e.g. before a create or
        after a deletion)."""
        before, after = before or {}, after or {}
        dishes = subtract(before.get("customer_dish", {}), after.get("customer_dish", {}))
        customers = subtract(before.get("customer", {}), after.get("customer", {}))
        if not dishes and not customers:
            return
        appended = self.env["fuxi.bucket.customer.dish"]._fuxi_add(dishes)
        self.env["fuxi.bucket.customer"]._fuxi_add(customers)
        if any(row_id % FOLD_EVERY == 0 for row_id in appended):
            # enough rows appended since the last fold: wake the fold job (after this commit)
            cron = self.env.ref("fuxi_tracking.ir_cron_fold_buckets", raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()
        # the stored rankings of these periods no longer hold
        self.env["fuxi.ranking.closed"]._fuxi_forget(
            {key[1] for key in (*dishes, *customers) if key[0] == "month"}
        )
        for model in ("fuxi.bucket.customer.dish", "fuxi.bucket.dish", "fuxi.bucket.customer"):
            self.env[model].invalidate_model()

    @api.model
    def _fuxi_fold(self):
        """Fold the rows appended to the shared buckets into one row per key (the fold job:
        nightly, and woken by the writers every FOLD_EVERY appended rows)."""
        self.env["fuxi.bucket.customer.dish"]._fuxi_fold()
        self.env["fuxi.bucket.dish"]._fuxi_fold()
        self.env["fuxi.bucket.customer"]._fuxi_fold()
        for model in ("fuxi.bucket.customer.dish", "fuxi.bucket.dish"):
            self.env[model].invalidate_model()

    @api.model
    def _fuxi_fill_all(self):
        """Rebuild every bucket from the lines and visits: one statement per table and grain
        (migration, benchmark loads, a change of the buckets' time zone)."""
        cr = self.env.cr
        tz = self._fuxi_bucket_tz()
        self.env.flush_all()
        cr.execute(
            "TRUNCATE fuxi_bucket_customer_dish_row, fuxi_bucket_dish_row, fuxi_bucket_customer,"
            " fuxi_bucket_customer_count"
        )
        # a bulk load builds its indexes once at the end (init() makes them again)
        cr.execute(
            """
            SELECT i.indexname FROM pg_indexes i
              LEFT JOIN pg_constraint c ON c.conname = i.indexname
             WHERE i.tablename IN ('fuxi_bucket_customer_dish_row', 'fuxi_bucket_dish_row',
                                   'fuxi_bucket_customer')
               AND c.conname IS NULL
            """
        )
        for (index,) in cr.fetchall():
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(index)))
        month = SQL("date_trunc('month', %s)::date", local_ts(SQL("l.date"), tz))
        # one bulk pass over millions of lines: hash the groups in memory rather than on disk
        cr.execute("SET LOCAL work_mem = '256MB'")
        # visits are counted as the groups of a visit's lines of one dish (two hash
        # aggregations instead of sorting every line for a COUNT(DISTINCT))
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_bucket_customer_dish_row
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
            INSERT INTO fuxi_bucket_customer_dish_row
                   (grain, day, company_id, product_id, partner_id, kind,
                    quantity, amount, visits, line_count)
            SELECT 'year', date_trunc('year', day)::date, company_id, product_id, partner_id,
                   kind, SUM(quantity), SUM(amount), SUM(visits), SUM(line_count)
              FROM fuxi_bucket_customer_dish_row WHERE grain = 'month'
             GROUP BY 2, 3, 4, 5, 6
            """
        )
        cr.execute(
            """
            INSERT INTO fuxi_bucket_dish_row
                   (grain, day, company_id, product_id, kind,
                    quantity, amount, visits, line_count, customers)
            SELECT grain, day, company_id, product_id, kind, SUM(quantity), SUM(amount),
                   SUM(visits), SUM(line_count), COUNT(partner_id)
              FROM fuxi_bucket_customer_dish_row
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
        cr.execute(
            """
            INSERT INTO fuxi_bucket_customer_count (grain, day, company_id, customers)
            SELECT grain, day, company_id, COUNT(*) FROM fuxi_bucket_customer GROUP BY 1, 2, 3
            """
        )
        for model in ("fuxi.bucket.customer.dish", "fuxi.bucket.dish", "fuxi.bucket.customer"):
            self.env[model].init()
        cr.execute("RESET work_mem")
        # the planner's figures for the new rows (a migration's tables are not analysed yet)
        cr.execute(
            "ANALYZE fuxi_bucket_customer_dish_row, fuxi_bucket_dish_row, fuxi_bucket_customer"
        )
        self.env["fuxi.ranking.closed"]._fuxi_forget_all()
        for model in ("fuxi.bucket.customer.dish", "fuxi.bucket.dish", "fuxi.bucket.customer"):
            self.env[model].invalidate_model()
