"""Exact daily pre-aggregates of the visits, for the dashboard, the forecast and the region
statistics (issue 16: ≤ 1 s for a year at 5 M lines).

Three small tables, each a sum over the visits (or their lines) of one local day:

* ``fuxi.sales.day``: per store and day — visits, covers, revenue (forecast, totals);
* ``fuxi.sales.guest.day``: per guest, store and day (walk-ins: one row without guest per
  store and day) — visits, covers, revenue, dishes, drinks (distinct guests, first-time
  guests, customer value moves, regions);
* ``fuxi.sales.dish.day``: per dish, store and day — quantity, amount (top and falling
  dishes).

The day is the local day in one time zone for the whole database (fuxi_tracking's
``fuxi_tracking.bucket_tz``, Asia/Shanghai by default, as for its own buckets): a reader in
that time zone reads the buckets, a reader in another one gets the visit-level queries (the
same figures, slower). Each write of a visit or a line (create, write, unlink,
customer/date/store change) brings, in the same transaction, the buckets it touched level
with the visits themselves (see _fuxi_refresh).
"""

from odoo import api, fields, models
from odoo.tools import SQL


def _local_day(day_sql, tz):
    """The naive UTC instant at which the local ``day_sql`` starts in ``tz``."""
    return SQL("((%s)::timestamp AT TIME ZONE %s) AT TIME ZONE 'UTC'", day_sql, tz)


class FuxiSalesDay(models.Model):
    _name = "fuxi.sales.day"
    _description = "Daily Sales of a Store"
    _log_access = False
    _order = "day desc, company_id"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", index=True)
    day = fields.Date(required=True, index=True)
    visits = fields.Integer()
    covers = fields.Integer()
    revenue = fields.Float(digits=(16, 2))

    def init(self):
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_sales_day_key_idx ON fuxi_sales_day (company_id, day)
            """
        )

    # ------------------------------------------------------------------ reading
    @api.model
    def _fuxi_bucket_tz(self):
        # one time zone for every bucket of the database: fuxi_tracking's
        return self.env["fuxi.bucket.keeper"]._fuxi_bucket_tz()

    @api.model
    def _fuxi_bucket_condition(self, alias, tz_name):
        """An SQL condition on the buckets ``alias`` equal to the visits the user may read,
        or None when the buckets cannot answer: another time zone than theirs, or record
        rules that are not a plain company filter (then use the visit-level query)."""
        Consumption = self.env["fuxi.consumption"]
        Consumption.check_access("read")
        if tz_name != self._fuxi_bucket_tz():
            return None
        if Consumption._fuxi_reads_all():
            return SQL("TRUE")
        domain = self.env["ir.rule"]._compute_domain(Consumption._name, "read")
        if len(domain) != 1 or list(domain[0][:2]) != ["company_id", "in"]:
            return None
        companies = tuple(domain[0][2]) or (0,)
        return SQL("%s IN %s", SQL.identifier(alias, "company_id"), companies)

    # ------------------------------------------------------------------ keeping them exact
    @api.model
    def _fuxi_visit_keys(self, visits):
        """(guest or 0, store, local day) of each visit, from its present values."""
        if not visits:
            return set()
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(partner_id, 0), company_id,
                       (date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                  FROM fuxi_consumption WHERE id IN %(ids)s
                """,
                tz=self._fuxi_bucket_tz(),
                ids=tuple(visits.ids),
            )
        )
        return set(self.env.cr.fetchall())

    @api.model
    def _fuxi_dish_keys(self, lines):
        """(dish, store, local day) of each line, from its present values."""
        if not lines:
            return set()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.product_id, c.company_id,
                       (c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date
                  FROM fuxi_consumption_line l
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                 WHERE l.id IN %(ids)s
                """,
                tz=self._fuxi_bucket_tz(),
                ids=tuple(lines.ids),
            )
        )
        return set(self.env.cr.fetchall())

    @api.model
    def _fuxi_keys(self, visits=None, lines=None):
        """The bucket keys of these visits and lines (and of the lines of the visits, and
        the visits of the lines) as they are in the database now. Flushes first."""
        visits = (visits or self.env["fuxi.consumption"]).exists()
        lines = (lines or self.env["fuxi.consumption.line"]).exists()
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        visits = (visits | lines.consumption_id).exists()
        lines |= visits.with_context(active_test=False).line_ids
        return self._fuxi_visit_keys(visits), self._fuxi_dish_keys(lines)

    @api.model
    def _fuxi_refresh(self, visit_keys, dish_keys):
        """Bring the buckets of these keys level with the visits and lines (after a flush).

        The shared keys — a store's day, its walk-ins, a dish's day — get one more row: the
        difference between the visits' sums and the buckets' as this transaction sees them,
        that is, this transaction's own change. They are only ever added to, never updated:
        two desks closing tables at the same moment never wait for or fail on each other
        (Odoo runs REPEATABLE READ, where two updates of one row make one request start
        again). A key's figures are the sum of its rows; _fuxi_compact() folds them into one
        row at night. A guest's day is recounted in place: only that guest's visits touch
        it, and the guest figures (distinct guests, last visit) want rows that all count."""
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr
        if visit_keys:
            partners, companies, days = (list(column) for column in zip(*visit_keys, strict=True))
            keys = SQL(
                """
                (SELECT DISTINCT * FROM unnest(%s::int[], %s::int[], %s::date[])
                    AS u(partner_id, company_id, day)) k
                """,
                partners,
                companies,
                days,
            )
            start, end = _local_day(SQL("k.day"), tz), _local_day(SQL("k.day + 1"), tz)
            # a guest's day: replaced by its recount (only that guest's visits of the day can
            # touch it); a row is written only for a day with visits, so every guest row
            # counts, and two first visits of one guest written at once give two rows that
            # add up right
            cr.execute(
                SQL(
                    """
                    DELETE FROM fuxi_sales_guest_day g USING %(keys)s
                     WHERE k.partner_id <> 0 AND g.partner_id = k.partner_id
                       AND g.company_id = k.company_id AND g.day = k.day
                    """,
                    keys=keys,
                )
            )
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_guest_day
                           (partner_id, company_id, day, visits, covers, revenue,
                            amount_dishes, amount_drinks)
                    SELECT k.partner_id, k.company_id, k.day, COUNT(*),
                           SUM(c.guest_count), COALESCE(SUM(c.amount_total), 0),
                           COALESCE(SUM(c.amount_dishes), 0), COALESCE(SUM(c.amount_drinks), 0)
                      FROM %(keys)s
                      JOIN fuxi_consumption c
                        ON c.partner_id = k.partner_id AND c.company_id = k.company_id
                       AND c.date >= %(start)s AND c.date < %(end)s
                     WHERE k.partner_id <> 0
                     GROUP BY k.partner_id, k.company_id, k.day
                    """,
                    keys=keys,
                    start=start,
                    end=end,
                )
            )
            self.env["fuxi.sales.guest.window"]._fuxi_invalidate(
                [day for partner, _company, day in visit_keys if partner]
            )
            # the walk-ins of a store's day: every closing table adds to it, so only the
            # difference is added (see above)
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_guest_day
                           (partner_id, company_id, day, visits, covers, revenue,
                            amount_dishes, amount_drinks)
                    SELECT NULL, k.company_id, k.day,
                           s.visits - b.visits, s.covers - b.covers, s.revenue - b.revenue,
                           s.dishes - b.dishes, s.drinks - b.drinks
                      FROM %(keys)s
                     CROSS JOIN LATERAL (
                           SELECT COUNT(*) AS visits, COALESCE(SUM(c.guest_count), 0) AS covers,
                                  COALESCE(SUM(c.amount_total), 0) AS revenue,
                                  COALESCE(SUM(c.amount_dishes), 0) AS dishes,
                                  COALESCE(SUM(c.amount_drinks), 0) AS drinks
                             FROM fuxi_consumption c
                            WHERE c.company_id = k.company_id AND c.partner_id IS NULL
                              AND c.date >= %(start)s AND c.date < %(end)s
                           ) s
                     CROSS JOIN LATERAL (
                           SELECT COALESCE(SUM(g.visits), 0) AS visits,
                                  COALESCE(SUM(g.covers), 0) AS covers,
                                  COALESCE(SUM(g.revenue), 0) AS revenue,
                                  COALESCE(SUM(g.amount_dishes), 0) AS dishes,
                                  COALESCE(SUM(g.amount_drinks), 0) AS drinks
                             FROM fuxi_sales_guest_day g
                            WHERE COALESCE(g.partner_id, 0) = 0
                              AND g.company_id = k.company_id AND g.day = k.day
                           ) b
                     WHERE k.partner_id = 0
                       AND (s.visits, s.covers, s.revenue, s.dishes, s.drinks)
                           IS DISTINCT FROM (b.visits, b.covers, b.revenue, b.dishes, b.drinks)
                    """,
                    keys=keys,
                    start=start,
                    end=end,
                )
            )
            store_keys = sorted({(company, day) for _partner, company, day in visit_keys})
            companies, days = (list(column) for column in zip(*store_keys, strict=True))
            store = SQL(
                "unnest(%s::int[], %s::date[]) AS k(company_id, day)",
                companies,
                days,
            )
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_day (company_id, day, visits, covers, revenue)
                    SELECT k.company_id, k.day,
                           s.visits - b.visits, s.covers - b.covers, s.revenue - b.revenue
                      FROM %(store)s
                     CROSS JOIN LATERAL (
                           SELECT COUNT(*) AS visits, COALESCE(SUM(c.guest_count), 0) AS covers,
                                  COALESCE(SUM(c.amount_total), 0) AS revenue
                             FROM fuxi_consumption c
                            WHERE c.company_id = k.company_id
                              AND c.date >= %(start)s AND c.date < %(end)s
                           ) s
                     CROSS JOIN LATERAL (
                           SELECT COALESCE(SUM(d.visits), 0) AS visits,
                                  COALESCE(SUM(d.covers), 0) AS covers,
                                  COALESCE(SUM(d.revenue), 0) AS revenue
                             FROM fuxi_sales_day d
                            WHERE d.company_id = k.company_id AND d.day = k.day
                           ) b
                     WHERE (s.visits, s.covers, s.revenue)
                           IS DISTINCT FROM (b.visits, b.covers, b.revenue)
                    """,
                    store=store,
                    start=start,
                    end=end,
                )
            )
        if dish_keys:
            products, companies, days = (list(column) for column in zip(*dish_keys, strict=True))
            keys = SQL(
                """
                (SELECT DISTINCT * FROM unnest(%s::int[], %s::int[], %s::date[])
                    AS u(product_id, company_id, day)) k
                """,
                products,
                companies,
                days,
            )
            start, end = _local_day(SQL("k.day"), tz), _local_day(SQL("k.day + 1"), tz)
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_dish_day (product_id, company_id, day, quantity, amount)
                    SELECT k.product_id, k.company_id, k.day,
                           s.quantity - b.quantity, s.amount - b.amount
                      FROM %(keys)s
                     CROSS JOIN LATERAL (
                           SELECT COALESCE(SUM(l.quantity), 0) AS quantity,
                                  COALESCE(SUM(l.subtotal), 0) AS amount
                             FROM fuxi_consumption_line l
                             JOIN fuxi_consumption c ON c.id = l.consumption_id
                            WHERE l.product_id = k.product_id AND c.company_id = k.company_id
                              AND l.date >= %(start)s AND l.date < %(end)s
                           ) s
                     CROSS JOIN LATERAL (
                           SELECT COALESCE(SUM(d.quantity), 0) AS quantity,
                                  COALESCE(SUM(d.amount), 0) AS amount
                             FROM fuxi_sales_dish_day d
                            WHERE d.product_id = k.product_id AND d.company_id = k.company_id
                              AND d.day = k.day
                           ) b
                     WHERE (s.quantity, s.amount) IS DISTINCT FROM (b.quantity, b.amount)
                    """,
                    keys=keys,
                    start=start,
                    end=end,
                )
            )
        self.env["fuxi.sales.guest.day"].invalidate_model()
        self.env["fuxi.sales.dish.day"].invalidate_model()
        self.invalidate_model()

    @api.model
    def _fuxi_compact(self):
        """Fold each key's rows into one (dropping keys whose sum is nothing): the nightly
        cron. Only rows seen here are deleted, so rows added meanwhile by a desk stay."""
        cr = self.env.cr
        for table, key, values in (
            (
                "fuxi_sales_guest_day",
                "partner_id, company_id, day",
                ("visits", "covers", "revenue", "amount_dishes", "amount_drinks"),
            ),
            ("fuxi_sales_day", "company_id, day", ("visits", "covers", "revenue")),
            ("fuxi_sales_dish_day", "product_id, company_id, day", ("quantity", "amount")),
        ):
            sums = SQL(", ").join(SQL("SUM(%s)", SQL.identifier(value)) for value in values)
            cr.execute(
                SQL(
                    """
                    WITH many AS (
                        SELECT %(key)s FROM %(table)s GROUP BY %(key)s HAVING COUNT(*) > 1
                    ), folded AS (
                        DELETE FROM %(table)s t USING many m
                         WHERE %(same)s
                        RETURNING t.*
                    )
                    INSERT INTO %(table)s (%(key)s, %(columns)s)
                    SELECT %(key)s, %(sums)s FROM folded GROUP BY %(key)s
                    HAVING %(nonzero)s
                    """,
                    table=SQL.identifier(table),
                    key=SQL(key),
                    same=SQL(" AND ").join(
                        SQL("COALESCE(t.%s, 0) = COALESCE(m.%s, 0)", SQL(k), SQL(k))
                        if k == "partner_id"
                        else SQL("t.%s = m.%s", SQL(k), SQL(k))
                        for k in key.split(", ")
                    ),
                    columns=SQL(", ").join(SQL.identifier(value) for value in values),
                    sums=sums,
                    nonzero=SQL(" OR ").join(
                        SQL("SUM(%s) <> 0", SQL.identifier(value)) for value in values
                    ),
                )
            )
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE %s",
                    SQL.identifier(table),
                    SQL(" AND ").join(SQL("%s = 0", SQL.identifier(value)) for value in values),
                )
            )
        self.env["fuxi.sales.guest.day"].invalidate_model()
        self.env["fuxi.sales.dish.day"].invalidate_model()
        self.invalidate_model()

    @api.model
    def _fuxi_rebuild(self):
        """Every bucket again from all visits and lines: one statement per table (install,
        migration, a change of fuxi_tracking.bucket_tz, data loaded by SQL)."""
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr
        cr.execute(
            "TRUNCATE fuxi_sales_guest_day, fuxi_sales_day, fuxi_sales_dish_day, "
            "fuxi_sales_guest_window"
        )
        # inserted in day order: a period's rows then sit together on disk
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_sales_guest_day
                       (partner_id, company_id, day, visits, covers, revenue,
                        amount_dishes, amount_drinks)
                SELECT partner_id, company_id,
                       (date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day, COUNT(*),
                       SUM(guest_count), COALESCE(SUM(amount_total), 0),
                       COALESCE(SUM(amount_dishes), 0), COALESCE(SUM(amount_drinks), 0)
                  FROM fuxi_consumption
                 GROUP BY partner_id, company_id, day
                 ORDER BY day, company_id, partner_id
                """,
                tz=tz,
            )
        )
        cr.execute(
            """
            INSERT INTO fuxi_sales_day (company_id, day, visits, covers, revenue)
            SELECT company_id, day, SUM(visits), SUM(covers), SUM(revenue)
              FROM fuxi_sales_guest_day
             GROUP BY company_id, day
             ORDER BY day, company_id
            """
        )
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_sales_dish_day (product_id, company_id, day, quantity, amount)
                SELECT l.product_id, c.company_id,
                       (c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day,
                       SUM(l.quantity), COALESCE(SUM(l.subtotal), 0)
                  FROM fuxi_consumption_line l
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                 GROUP BY l.product_id, c.company_id, day
                 ORDER BY day, c.company_id, l.product_id
                """,
                tz=tz,
            )
        )
        cr.execute("ANALYZE fuxi_sales_guest_day")
        cr.execute("ANALYZE fuxi_sales_day")
        cr.execute("ANALYZE fuxi_sales_dish_day")
        self.env.invalidate_all()

    @api.model
    def _fuxi_check(self):
        """The keys whose buckets differ from the visits now (empty when exact): for the tests
        and the benchmark, which loads its data by SQL."""
        tz = self._fuxi_bucket_tz()
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                WITH guest_days AS (
                    SELECT partner_id, company_id, day, SUM(visits), SUM(covers), SUM(revenue),
                           SUM(amount_dishes), SUM(amount_drinks)
                      FROM fuxi_sales_guest_day GROUP BY 1, 2, 3
                    HAVING SUM(visits) <> 0 OR SUM(covers) <> 0 OR SUM(revenue) <> 0
                        OR SUM(amount_dishes) <> 0 OR SUM(amount_drinks) <> 0
                )
                (SELECT partner_id, company_id,
                        (date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day, COUNT(*),
                        SUM(guest_count), COALESCE(SUM(amount_total), 0)::numeric,
                        COALESCE(SUM(amount_dishes), 0)::numeric,
                        COALESCE(SUM(amount_drinks), 0)::numeric
                   FROM fuxi_consumption GROUP BY 1, 2, 3
                 EXCEPT
                 SELECT * FROM guest_days)
                UNION ALL
                (SELECT * FROM guest_days
                 EXCEPT
                 SELECT partner_id, company_id,
                        (date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day, COUNT(*),
                        SUM(guest_count), COALESCE(SUM(amount_total), 0)::numeric,
                        COALESCE(SUM(amount_dishes), 0)::numeric,
                        COALESCE(SUM(amount_drinks), 0)::numeric
                   FROM fuxi_consumption GROUP BY 1, 2, 3)
                """,
                tz=tz,
            )
        )
        wrong = [("guest", *row[:3]) for row in cr.fetchall()]
        cr.execute(
            """
            WITH store_days AS (
                SELECT company_id, day, SUM(visits), SUM(covers), SUM(revenue)
                  FROM fuxi_sales_day GROUP BY 1, 2
                HAVING SUM(visits) <> 0 OR SUM(covers) <> 0 OR SUM(revenue) <> 0
            ), guest_days AS (
                SELECT company_id, day, SUM(visits), SUM(covers), SUM(revenue)
                  FROM fuxi_sales_guest_day GROUP BY 1, 2
                HAVING SUM(visits) <> 0 OR SUM(covers) <> 0 OR SUM(revenue) <> 0
            )
            (SELECT * FROM guest_days EXCEPT SELECT * FROM store_days)
            UNION ALL
            (SELECT * FROM store_days EXCEPT SELECT * FROM guest_days)
            """
        )
        wrong += [("store", *row[:2]) for row in cr.fetchall()]
        cr.execute(
            SQL(
                """
                WITH dish_days AS (
                    SELECT product_id, company_id, day, SUM(quantity), SUM(amount)
                      FROM fuxi_sales_dish_day GROUP BY 1, 2, 3
                    HAVING SUM(quantity) <> 0 OR SUM(amount) <> 0
                )
                (SELECT l.product_id, c.company_id,
                        (c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date, SUM(l.quantity),
                        COALESCE(SUM(l.subtotal), 0)::numeric
                   FROM fuxi_consumption_line l
                   JOIN fuxi_consumption c ON c.id = l.consumption_id GROUP BY 1, 2, 3
                 EXCEPT
                 SELECT * FROM dish_days)
                UNION ALL
                (SELECT * FROM dish_days
                 EXCEPT
                 SELECT l.product_id, c.company_id,
                        (c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date, SUM(l.quantity),
                        COALESCE(SUM(l.subtotal), 0)::numeric
                   FROM fuxi_consumption_line l
                   JOIN fuxi_consumption c ON c.id = l.consumption_id GROUP BY 1, 2, 3)
                """,
                tz=tz,
            )
        )
        wrong += [("dish", *row[:3]) for row in cr.fetchall()]
        return wrong
