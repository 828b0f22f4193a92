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
customer/date/store change) changes, in the same transaction, the buckets by what its visits
contribute after minus before: fuxi_tracking's bucket keeper reads those visits before and
after the write for both addons (FuxiBucketKeeper below, _fuxi_add), so the cost is the
visits', not their day's. _fuxi_refresh brings given keys level with all their visits (a
deleted guest's days, repairs).
"""

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.fuxi_tracking.models.fuxi_bucket import fold_rows, subtract


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
    def _fuxi_recount_guest_days(self, visit_keys):
        """Count again the named guests' days among ``visit_keys`` {(guest or 0, store, day)}
        from their visits: only that guest's visits of the day touch such a row (in place), a
        row is written only for a day with visits, so every guest row counts, and two first
        visits of one guest written at once give two rows that add up right."""
        visit_keys = {key for key in visit_keys if key[0]}
        if not visit_keys:
            return
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr
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
        """Bring the buckets of these keys level with all their visits and lines (after a
        flush): for keys whose visits are not known one by one (a deleted guest's days).

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
            self._fuxi_recount_guest_days(visit_keys)
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
    def _fuxi_add(self, before, after):
        """Add to the buckets the change of the visits of a write: ``before`` and ``after``
        are fuxi_tracking's snapshots of those visits (with this addon's parts, see
        FuxiBucketKeeper below). A named guest's day is counted again from their visits of
        the day (a few rows); the shared keys — a store's day, its walk-ins, a dish's day —
        get a row holding the difference, so the cost is the visits' own, not the day's."""
        guests = subtract(before.get("sales_guest_day", {}), after.get("sales_guest_day", {}))
        dishes = subtract(before.get("sales_dish_day", {}), after.get("sales_dish_day", {}))
        cr = self.env.cr
        if guests:
            self._fuxi_recount_guest_days(set(guests))
            walk_ins = [(*key[1:], *change) for key, change in guests.items() if not key[0]]
            stores = {}
            for (_partner, company, day), change in guests.items():
                total = stores.setdefault((company, day), [0, 0, 0])
                for index, value in enumerate(change[:3]):
                    total[index] += value
            stores = [(*key, *change) for key, change in stores.items() if any(change)]
            cr.execute(
                SQL(
                    """
                    WITH walk_ins AS (
                        INSERT INTO fuxi_sales_guest_day
                               (company_id, day, visits, covers, revenue, amount_dishes,
                                amount_drinks)
                        SELECT * FROM unnest(%s::int[], %s::date[], %s::int[], %s::int[],
                                             %s::numeric[], %s::numeric[], %s::numeric[])
                    )
                    INSERT INTO fuxi_sales_day (company_id, day, visits, covers, revenue)
                    SELECT * FROM unnest(%s::int[], %s::date[], %s::int[], %s::int[],
                                         %s::numeric[])
                    """,
                    *([list(column) for column in zip(*walk_ins, strict=True)] or [[]] * 7),
                    *([list(column) for column in zip(*stores, strict=True)] or [[]] * 5),
                )
            )
        if dishes:
            cr.execute(
                """
                INSERT INTO fuxi_sales_dish_day (product_id, company_id, day, quantity, amount)
                SELECT * FROM unnest(%s::int[], %s::int[], %s::date[], %s::numeric[],
                                     %s::numeric[])
                """,
                [
                    list(column)
                    for column in zip(*((*k, *v) for k, v in dishes.items()), strict=True)
                ],
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
            fold_rows(cr, table, key.split(", "), values)
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


class FuxiBucketKeeper(models.AbstractModel):
    """fuxi_tracking's keeper reads the visits a write touches, before and after it, for
    this addon's daily buckets too: one upkeep, whose cost is those visits' and not their
    day's."""

    _inherit = "fuxi.bucket.keeper"

    @api.model
    def _fuxi_snapshot(self, consumption_ids=()):
        snapshot = super()._fuxi_snapshot(consumption_ids)
        ids = list(snapshot["visits"])
        if not ids:
            return snapshot
        cr = self.env.cr
        day = SQL("(c.date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", self._fuxi_bucket_tz())
        cr.execute(
            SQL(
                """
                SELECT COALESCE(c.partner_id, 0), c.company_id, %(day)s, COUNT(*),
                       SUM(c.guest_count), COALESCE(SUM(c.amount_total), 0),
                       COALESCE(SUM(c.amount_dishes), 0), COALESCE(SUM(c.amount_drinks), 0)
                  FROM fuxi_consumption c
                 WHERE c.id = ANY(%(ids)s)
                 GROUP BY 1, 2, 3
                """,
                day=day,
                ids=ids,
            )
        )
        snapshot["sales_guest_day"] = {tuple(row[:3]): tuple(row[3:]) for row in cr.fetchall()}
        cr.execute(
            SQL(
                """
                SELECT l.product_id, c.company_id, %(day)s, SUM(l.quantity),
                       COALESCE(SUM(l.subtotal), 0)
                  FROM fuxi_consumption_line l
                  JOIN fuxi_consumption c ON c.id = l.consumption_id
                 WHERE l.consumption_id = ANY(%(ids)s)
                 GROUP BY 1, 2, 3
                """,
                day=day,
                ids=ids,
            )
        )
        snapshot["sales_dish_day"] = {tuple(row[:3]): tuple(row[3:]) for row in cr.fetchall()}
        return snapshot

    @api.model
    def _fuxi_apply(self, before, after):
        result = super()._fuxi_apply(before, after)
        self.env["fuxi.sales.day"].sudo()._fuxi_add(before or {}, after or {})
        return result
