"""Exact daily pre-aggregates of the visits, for the dashboard, the forecast and the region
statistics (issue 16: ≤ 1 s for a year at 5 M lines).

Three small tables, each a sum over the visits (or their lines) of one local day:

* ``fuxi.sales.day``: per store and day — visits, covers, revenue (forecast, totals);
* ``fuxi.sales.guest.day``: per guest, store and day (walk-ins: one row without guest per
  store and day) — visits, covers, revenue, dishes, drinks (distinct guests, first-time
  guests, customer value moves, regions);
* ``fuxi.sales.dish.day``: per dish, store and day — quantity, amount (top and falling
  dishes).

The day is the local day in one time zone for the whole database (``BUCKET_TZ_PARAM``,
Asia/Shanghai by default): a reader in that time zone reads the buckets, a reader in another
one gets the visit-level queries (the same figures, slower). Each write of a visit or a line
(create, write, unlink, customer/date/store change) recomputes, in the same transaction, the
buckets it touched from the visits themselves — never a delta, so a bucket cannot drift.
"""

from odoo import api, fields, models
from odoo.tools import SQL

BUCKET_TZ_PARAM = "fuxi_analytics.bucket_tz"
DEFAULT_BUCKET_TZ = "Asia/Shanghai"


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

    _sql_constraints = [
        ("company_day_unique", "UNIQUE(company_id, day)", "One row per store and day."),
    ]

    # ------------------------------------------------------------------ reading
    @api.model
    def _fuxi_bucket_tz(self):
        return (
            self.env["ir.config_parameter"].sudo().get_param(BUCKET_TZ_PARAM) or DEFAULT_BUCKET_TZ
        )

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
        """Recompute the buckets of these keys from the visits and lines (after a flush)."""
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr
        if visit_keys:
            partners, companies, days = (list(column) for column in zip(*visit_keys, strict=True))
            keys = SQL(
                "unnest(%s::int[], %s::int[], %s::date[]) AS k(partner_id, company_id, day)",
                partners,
                companies,
                days,
            )
            cr.execute(
                SQL(
                    """
                    DELETE FROM fuxi_sales_guest_day g USING %(keys)s
                     WHERE COALESCE(g.partner_id, 0) = k.partner_id
                       AND g.company_id = k.company_id AND g.day = k.day
                    """,
                    keys=keys,
                )
            )
            start, end = _local_day(SQL("k.day"), tz), _local_day(SQL("k.day + 1"), tz)
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_guest_day
                           (partner_id, company_id, day, visits, covers, revenue,
                            amount_dishes, amount_drinks)
                    SELECT NULLIF(k.partner_id, 0), k.company_id, k.day, COUNT(*),
                           SUM(c.guest_count), COALESCE(SUM(c.amount_total), 0),
                           COALESCE(SUM(c.amount_dishes), 0), COALESCE(SUM(c.amount_drinks), 0)
                      FROM (SELECT DISTINCT * FROM %(keys)s) k
                      JOIN fuxi_consumption c
                        ON c.company_id = k.company_id AND c.date >= %(start)s
                       AND c.date < %(end)s
                       AND (c.partner_id = k.partner_id
                            OR (k.partner_id = 0 AND c.partner_id IS NULL))
                     GROUP BY k.partner_id, k.company_id, k.day
                    """,
                    keys=keys,
                    start=start,
                    end=end,
                )
            )
            store_keys = sorted({(company, day) for _partner, company, day in visit_keys})
            companies, days = (list(column) for column in zip(*store_keys, strict=True))
            store = SQL("unnest(%s::int[], %s::date[]) AS k(company_id, day)", companies, days)
            cr.execute(
                SQL(
                    """
                    DELETE FROM fuxi_sales_day s USING %(store)s
                     WHERE s.company_id = k.company_id AND s.day = k.day
                    """,
                    store=store,
                )
            )
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_day (company_id, day, visits, covers, revenue)
                    SELECT g.company_id, g.day, SUM(g.visits), SUM(g.covers), SUM(g.revenue)
                      FROM %(store)s
                      JOIN fuxi_sales_guest_day g
                        ON g.company_id = k.company_id AND g.day = k.day
                     GROUP BY g.company_id, g.day
                    """,
                    store=store,
                )
            )
        if dish_keys:
            products, companies, days = (list(column) for column in zip(*dish_keys, strict=True))
            keys = SQL(
                "unnest(%s::int[], %s::int[], %s::date[]) AS k(product_id, company_id, day)",
                products,
                companies,
                days,
            )
            cr.execute(
                SQL(
                    """
                    DELETE FROM fuxi_sales_dish_day d USING %(keys)s
                     WHERE d.product_id = k.product_id AND d.company_id = k.company_id
                       AND d.day = k.day
                    """,
                    keys=keys,
                )
            )
            start, end = _local_day(SQL("k.day"), tz), _local_day(SQL("k.day + 1"), tz)
            cr.execute(
                SQL(
                    """
                    INSERT INTO fuxi_sales_dish_day (product_id, company_id, day, quantity, amount)
                    SELECT k.product_id, k.company_id, k.day, SUM(l.quantity),
                           COALESCE(SUM(l.subtotal), 0)
                      FROM (SELECT DISTINCT * FROM %(keys)s) k
                      JOIN fuxi_consumption_line l
                        ON l.product_id = k.product_id AND l.date >= %(start)s
                       AND l.date < %(end)s
                      JOIN fuxi_consumption c
                        ON c.id = l.consumption_id AND c.company_id = k.company_id
                     GROUP BY k.product_id, k.company_id, k.day
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
    def _fuxi_rebuild(self):
        """Every bucket again from all visits and lines: one statement per table (install,
        migration, a change of BUCKET_TZ_PARAM, data loaded by SQL)."""
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        tz = self._fuxi_bucket_tz()
        cr = self.env.cr
        cr.execute("TRUNCATE fuxi_sales_guest_day, fuxi_sales_day, fuxi_sales_dish_day")
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
                (SELECT partner_id, company_id,
                        (date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS day, COUNT(*),
                        SUM(guest_count), COALESCE(SUM(amount_total), 0)::numeric,
                        COALESCE(SUM(amount_dishes), 0)::numeric,
                        COALESCE(SUM(amount_drinks), 0)::numeric
                   FROM fuxi_consumption GROUP BY 1, 2, 3
                 EXCEPT
                 SELECT partner_id, company_id, day, visits, covers, revenue, amount_dishes,
                        amount_drinks FROM fuxi_sales_guest_day)
                UNION ALL
                (SELECT partner_id, company_id, day, visits, covers, revenue, amount_dishes,
                        amount_drinks FROM fuxi_sales_guest_day
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
            (SELECT company_id, day, SUM(visits), SUM(covers), SUM(revenue)
               FROM fuxi_sales_guest_day GROUP BY 1, 2
             EXCEPT SELECT company_id, day, visits, covers, revenue FROM fuxi_sales_day)
            UNION ALL
            (SELECT company_id, day, visits, covers, revenue FROM fuxi_sales_day
             EXCEPT SELECT company_id, day, SUM(visits), SUM(covers), SUM(revenue)
               FROM fuxi_sales_guest_day GROUP BY 1, 2)
            """
        )
        wrong += [("store", *row[:2]) for row in cr.fetchall()]
        cr.execute(
            SQL(
                """
                (SELECT l.product_id, c.company_id,
                        (c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date, SUM(l.quantity),
                        COALESCE(SUM(l.subtotal), 0)::numeric
                   FROM fuxi_consumption_line l
                   JOIN fuxi_consumption c ON c.id = l.consumption_id GROUP BY 1, 2, 3
                 EXCEPT
                 SELECT product_id, company_id, day, quantity, amount FROM fuxi_sales_dish_day)
                UNION ALL
                (SELECT product_id, company_id, day, quantity, amount FROM fuxi_sales_dish_day
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
