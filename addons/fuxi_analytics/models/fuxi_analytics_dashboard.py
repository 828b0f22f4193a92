from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.fuxi_tracking.models.fuxi_reservation import ACTIVE_STATES
from odoo.addons.fuxi_tracking.models.res_partner import RFM_MATRIX, RFM_SEGMENTS
from odoo.addons.fuxi_tracking.wizard.fuxi_ranking import report_session

PERIODS = ("week", "month")
SEGMENT_ORDER = [key for key, _label in RFM_SEGMENTS]  # best first
TOP_N = 5
RESERVATION_DAYS = 7


class FuxiAnalyticsDashboard(models.AbstractModel):
    """经营看板: this week or month so far against the same days a year before. Every figure
    comes from one of the ``_query_*`` methods below; the dashboard's PDF report prints the
    same dictionary (``_dashboard_data``), so screen and paper cannot disagree."""

    _name = "fuxi.analytics.dashboard"
    _description = "Manager's Dashboard"

    # ------------------------------------------------------------------ periods
    @api.model
    def _periods(self, period, today=None):
        """{'current', 'last_year', 'previous'}: (first day, last day) of the period so far,
        of the same days a year before (a week: 52 weeks before, so weekdays match), and of
        as many days just before it (to see which dishes are falling out of favour)."""
        if period not in PERIODS:
            raise UserError(self.env._("The dashboard shows a week or a month."))
        today = today or self.env["fuxi.sales.forecast"]._today()
        if period == "week":
            start = today - timedelta(days=today.weekday())
            last_year = (start - timedelta(days=364), today - timedelta(days=364))
        else:
            start = today.replace(day=1)
            last_year = (start - relativedelta(years=1), today - relativedelta(years=1))
        length = (today - start).days + 1
        previous = (start - timedelta(days=length), start - timedelta(days=1))
        return {"current": (start, today), "last_year": last_year, "previous": previous}

    def _bounds(self, days):
        Forecast = self.env["fuxi.sales.forecast"]
        return Forecast._utc(days[0]), Forecast._utc(days[1] + timedelta(days=1))

    def _readable(self, alias, column="id"):
        return self.env["fuxi.consumption"]._fuxi_readable_condition(SQL.identifier(alias, column))

    def _buckets(self, alias):
        """The company filter on the daily buckets ``alias`` (fuxi_sales_day.py) equal to the
        visits the user may read, or None when only the visits can answer (another time zone
        than the buckets', record rules beyond companies)."""
        return self.env["fuxi.sales.day"]._fuxi_bucket_condition(
            alias, self.env["fuxi.sales.forecast"]._tz().zone
        )

    # ------------------------------------------------------------------ queries
    @api.model
    def _query_totals(self, days):
        """Visits, covers, revenue and distinct guests of the local days ``days``."""
        buckets = self._buckets("g")
        if buckets is not None:
            self.env.cr.execute(
                SQL(
                    """
                    SELECT COALESCE(SUM(g.visits), 0), COALESCE(SUM(g.covers), 0),
                           COALESCE(SUM(g.revenue), 0), COUNT(DISTINCT g.partner_id)
                      FROM fuxi_sales_guest_day g
                     WHERE g.day >= %(first)s AND g.day <= %(last)s AND %(buckets)s
                    """,
                    first=days[0],
                    last=days[1],
                    buckets=buckets,
                )
            )
            return self._totals(*self.env.cr.fetchone())
        start, end = self._bounds(days)
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*), COALESCE(SUM(c.guest_count), 0),
                       COALESCE(SUM(c.amount_total), 0), COUNT(DISTINCT c.partner_id)
                  FROM fuxi_consumption c
                 WHERE c.date >= %(start)s AND c.date < %(end)s AND %(readable)s
                """,
                start=start,
                end=end,
                readable=self._readable("c"),
            )
        )
        return self._totals(*self.env.cr.fetchone())

    @api.model
    def _totals(self, visits, covers, revenue, guests):
        revenue = float(revenue)
        return {
            "visits": int(visits),
            "covers": int(covers),
            "revenue": revenue,
            "average_per_guest": revenue / covers if covers else 0.0,
            "guests": guests,
        }

    @api.model
    def _query_new_returning(self, days):
        """Registered guests who came in the period: for the first time, or again."""
        buckets = self._buckets("g")
        if buckets is not None:
            # each guest's earlier days looked up in guest order: the lookups of a month's
            # 18,000 guests walk the guest index forward instead of jumping about in it
            self.env.cr.execute(
                SQL(
                    """
                    WITH guests AS (
                        SELECT DISTINCT g.partner_id
                          FROM fuxi_sales_guest_day g
                         WHERE g.partner_id IS NOT NULL AND g.day >= %(first)s
                           AND g.day <= %(last)s AND %(buckets)s
                         ORDER BY g.partner_id
                    )
                    SELECT COUNT(*) FILTER (WHERE NOT EXISTS (
                               SELECT 1 FROM fuxi_sales_guest_day e
                                WHERE e.partner_id = g.partner_id AND e.day < %(first)s
                                  AND %(buckets_e)s)),
                           COUNT(*)
                      FROM guests g
                    """,
                    first=days[0],
                    last=days[1],
                    buckets=buckets,
                    buckets_e=self._buckets("e"),
                )
            )
            new, total = self.env.cr.fetchone()
            return {"new": new, "returning": total - new}
        start, end = self._bounds(days)
        self.env.cr.execute(
            SQL(
                """
                WITH guests AS (
                    SELECT DISTINCT c.partner_id
                      FROM fuxi_consumption c
                     WHERE c.partner_id IS NOT NULL AND c.date >= %(start)s
                       AND c.date < %(end)s AND %(readable)s
                )
                SELECT COUNT(*) FILTER (WHERE NOT EXISTS (
                           SELECT 1 FROM fuxi_consumption e
                            WHERE e.partner_id = g.partner_id AND e.date < %(start)s
                              AND %(readable_e)s)),
                       COUNT(*)
                  FROM guests g
                """,
                start=start,
                end=end,
                readable=self._readable("c"),
                readable_e=self._readable("e"),
            )
        )
        new, total = self.env.cr.fetchone()
        return {"new": new, "returning": total - new}

    @api.model
    def _segment_case(self, suffix):
        """The customer value segment from the high/low flags of one of the two days."""
        return SQL(" ").join(
            SQL(
                "WHEN %s = %s AND %s = %s AND %s = %s THEN %s",
                SQL.identifier(f"r_high{suffix}"),
                r,
                SQL.identifier(f"f_high{suffix}"),
                f,
                SQL.identifier(f"m_high{suffix}"),
                m,
                segment,
            )
            for (r, f, m), segment in RFM_MATRIX.items()
        )

    @api.model
    def _segment_scores(self, days):
        """Per guest: recency (days since the last visit), frequency and spend over the
        window before the day before the period (_a) and before its last day (_b)."""
        window = self.env["res.partner"]._rfm_window_days()
        day_a, day_b = days[0] - timedelta(days=1), days[1]
        buckets = self._buckets("g")
        stored = (
            buckets is not None
            and self.env["fuxi.consumption"]._fuxi_reads_all()
            and (day_b - day_a).days <= window
            and self.env["fuxi.sales.guest.window"]._fuxi_ready(day_a, window)
        )
        if stored:
            # window a stored at night (fuxi_sales_guest_window.py); window b is window a
            # plus the guests' days since (a, b] minus those that left it (a - w, b - w]
            return SQL(
                """
                SELECT COALESCE(a.partner_id, r.partner_id) AS partner_id,
                       %(day_a)s::date - a.last_day AS rec_a,
                       a.visits AS freq_a, a.revenue AS mon_a,
                       %(day_b)s::date - COALESCE(
                           r.last_day,
                           CASE WHEN a.last_day > %(gone_last)s THEN a.last_day END
                       ) AS rec_b,
                       NULLIF(COALESCE(a.visits, 0) + COALESCE(r.visits, 0)
                              - COALESCE(o.visits, 0), 0) AS freq_b,
                       CASE WHEN COALESCE(a.visits, 0) + COALESCE(r.visits, 0)
                                 - COALESCE(o.visits, 0) > 0
                            THEN COALESCE(a.revenue, 0) + COALESCE(r.revenue, 0)
                                 - COALESCE(o.revenue, 0)
                       END AS mon_b
                  FROM (SELECT w.partner_id, w.visits, w.revenue, w.last_day
                          FROM fuxi_sales_guest_window w
                         WHERE w.day = %(day_a)s AND w.window_days = %(window)s
                           AND w.partner_id IS NOT NULL) a
                  FULL JOIN (SELECT g.partner_id, SUM(g.visits) AS visits,
                                    SUM(g.revenue) AS revenue, MAX(g.day) AS last_day
                               FROM fuxi_sales_guest_day g
                              WHERE g.partner_id IS NOT NULL AND g.day > %(day_a)s
                                AND g.day <= %(day_b)s
                              GROUP BY g.partner_id) r ON r.partner_id = a.partner_id
                  LEFT JOIN (SELECT g.partner_id, SUM(g.visits) AS visits,
                                    SUM(g.revenue) AS revenue
                               FROM fuxi_sales_guest_day g
                              WHERE g.partner_id IS NOT NULL AND g.day > %(gone_first)s
                                AND g.day <= %(gone_last)s
                              GROUP BY g.partner_id) o ON o.partner_id = a.partner_id
                """,
                day_a=day_a,
                day_b=day_b,
                window=window,
                gone_first=day_a - timedelta(days=window),
                gone_last=day_b - timedelta(days=window),
            )
        if buckets is not None:
            # the window of a day: the local days (day - window, day]
            in_a = SQL("g.day > %s AND g.day <= %s", day_a - timedelta(days=window), day_a)
            in_b = SQL("g.day > %s AND g.day <= %s", day_b - timedelta(days=window), day_b)
            # a year of guest days (400,000 rows at the bench's scale) read in guest order
            # from the guest index (fuxi_sales_guest_day.py) and added up guest after guest:
            # the planner would otherwise hash them into one group per guest, twice the time
            return SQL(
                """
                SELECT g.partner_id,
                       %(day_a)s::date - MAX(g.day) FILTER (WHERE %(in_a)s) AS rec_a,
                       NULLIF(SUM(g.visits) FILTER (WHERE %(in_a)s), 0) AS freq_a,
                       SUM(g.revenue) FILTER (WHERE %(in_a)s) AS mon_a,
                       %(day_b)s::date - MAX(g.day) FILTER (WHERE %(in_b)s) AS rec_b,
                       NULLIF(SUM(g.visits) FILTER (WHERE %(in_b)s), 0) AS freq_b,
                       SUM(g.revenue) FILTER (WHERE %(in_b)s) AS mon_b
                  FROM (SELECT g.partner_id, g.day, g.visits, g.revenue
                          FROM fuxi_sales_guest_day g
                         WHERE g.partner_id IS NOT NULL AND g.day > %(first)s
                           AND g.day <= %(last)s AND %(buckets)s
                         ORDER BY g.partner_id) g
                 GROUP BY g.partner_id
                """,
                day_a=day_a,
                day_b=day_b,
                in_a=in_a,
                in_b=in_b,
                first=min(day_a, day_b) - timedelta(days=window),
                last=max(day_a, day_b),
                buckets=buckets,
            )
        end_a, end_b = self._bounds((day_a, day_a))[1], self._bounds((day_b, day_b))[1]
        start_a, start_b = end_a - timedelta(days=window), end_b - timedelta(days=window)
        in_a = SQL("v.date >= %s AND v.date < %s", start_a, end_a)
        in_b = SQL("v.date >= %s AND v.date < %s", start_b, end_b)
        tz = self.env["fuxi.sales.forecast"]._tz().zone
        local_day = SQL("(v.date AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", tz)
        return SQL(
            """
            SELECT v.partner_id,
                   %(day_a)s::date - MAX(%(local_day)s) FILTER (WHERE %(in_a)s) AS rec_a,
                   NULLIF(COUNT(*) FILTER (WHERE %(in_a)s), 0) AS freq_a,
                   SUM(v.amount_total) FILTER (WHERE %(in_a)s) AS mon_a,
                   %(day_b)s::date - MAX(%(local_day)s) FILTER (WHERE %(in_b)s) AS rec_b,
                   NULLIF(COUNT(*) FILTER (WHERE %(in_b)s), 0) AS freq_b,
                   SUM(v.amount_total) FILTER (WHERE %(in_b)s) AS mon_b
              FROM fuxi_consumption v
             WHERE v.partner_id IS NOT NULL AND v.date >= %(start_a)s
               AND v.date < %(end_b)s AND %(readable)s
             GROUP BY v.partner_id
            """,
            day_a=day_a,
            day_b=day_b,
            local_day=local_day,
            in_a=in_a,
            in_b=in_b,
            start_a=min(start_a, start_b),
            end_b=max(end_a, end_b),
            readable=self._readable("v"),
        )

    @api.model
    def _query_segment_moves(self, days):
        """How many guests changed customer value segment between the day before the period
        (a) and its last day (b): up, down, and the most frequent moves. Each guest's segment
        on a day is the one the customer value job (fuxi_tracking) would have given them that
        day: recency, frequency and spend over the window before it, each compared with the
        average of the guests of that window. Both days in one pass over the visits."""
        self.env.cr.execute(
            SQL(
                """
                WITH scores AS (%(scores)s), flags AS (
                    SELECT freq_a IS NOT NULL AS seen_a, freq_b IS NOT NULL AS seen_b,
                           rec_a <= AVG(rec_a) OVER () AS r_high_a,
                           freq_a >= AVG(freq_a) OVER () AS f_high_a,
                           mon_a >= AVG(mon_a) OVER () AS m_high_a,
                           rec_b <= AVG(rec_b) OVER () AS r_high_b,
                           freq_b >= AVG(freq_b) OVER () AS f_high_b,
                           mon_b >= AVG(mon_b) OVER () AS m_high_b
                      FROM scores
                ), segments AS (
                    SELECT CASE WHEN seen_a THEN CASE %(case_a)s END END AS segment_a,
                           CASE WHEN seen_b THEN CASE %(case_b)s END END AS segment_b
                      FROM flags
                )
                SELECT segment_a, segment_b, COUNT(*)
                  FROM segments
                 WHERE segment_a IS DISTINCT FROM segment_b
                 GROUP BY 1, 2
                """,
                scores=self._segment_scores(days),
                case_a=self._segment_case("_a"),
                case_b=self._segment_case("_b"),
            )
        )
        # fetched at once: translating the labels below queries the same cursor
        rows = self.env.cr.fetchall()
        labels = dict(
            self.env["res.partner"]._fields["rfm_segment"]._description_selection(self.env)
        )
        none = self.env._("No Segment")
        rank = {key: index for index, key in enumerate(SEGMENT_ORDER)}
        up = down = 0
        moves = []
        for old, new, count in rows:
            # leaving every segment (no visit in the window any more) is a move down
            if rank.get(new, len(rank)) < rank.get(old, len(rank)):
                up += count
            else:
                down += count
            moves.append(
                {"from": labels.get(old, none), "to": labels.get(new, none), "count": count}
            )
        moves.sort(key=lambda move: (-move["count"], move["from"], move["to"]))
        return {"up": up, "down": down, "moves": moves[:TOP_N]}

    @api.model
    def _query_dish_quantities(self, days, product_ids=None):
        """{product_id: (quantity, amount)} of the period's lines."""
        buckets = self._buckets("d")
        if buckets is not None:
            products = (
                SQL("AND d.product_id = ANY(%s)", list(product_ids)) if product_ids else SQL()
            )
            self.env.cr.execute(
                SQL(
                    """
                    SELECT d.product_id, SUM(d.quantity), SUM(d.amount)
                      FROM fuxi_sales_dish_day d
                     WHERE d.day >= %(first)s AND d.day <= %(last)s %(products)s
                       AND %(buckets)s
                     GROUP BY d.product_id
                    HAVING SUM(d.quantity) > 0
                    """,
                    first=days[0],
                    last=days[1],
                    products=products,
                    buckets=buckets,
                )
            )
            return {
                product: (float(qty), float(amount))
                for product, qty, amount in self.env.cr.fetchall()
            }
        start, end = self._bounds(days)
        products = SQL("AND l.product_id = ANY(%s)", list(product_ids)) if product_ids else SQL()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.product_id, SUM(l.quantity), SUM(l.subtotal)
                  FROM fuxi_consumption_line l
                 WHERE l.date >= %(start)s AND l.date < %(end)s %(products)s AND %(readable)s
                 GROUP BY l.product_id
                """,
                start=start,
                end=end,
                products=products,
                readable=self._readable("l", "consumption_id"),
            )
        )
        return {
            product: (float(qty), float(amount)) for product, qty, amount in self.env.cr.fetchall()
        }

    @api.model
    def _query_dishes(self, periods):
        """The top dishes of the period by quantity (with last year's quantity), and the
        dishes that lost the most against the days just before."""
        current = self._query_dish_quantities(periods["current"])
        top = sorted(current.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))[:TOP_N]
        last_year = self._query_dish_quantities(periods["last_year"], [p for p, _v in top])
        previous = self._query_dish_quantities(periods["previous"])
        drops = sorted(
            (
                (product, before[0], current.get(product, (0.0, 0.0))[0])
                for product, before in previous.items()
                if current.get(product, (0.0, 0.0))[0] < before[0]
            ),
            key=lambda item: (item[2] - item[1], item[0]),
        )[:TOP_N]
        names = {
            product.id: product.name
            for product in self.env["product.product"]
            .sudo()
            .browse({p for p, _v in top} | {p for p, _b, _a in drops})
            .with_context(active_test=False)
        }
        return {
            "top": [
                {
                    "product_id": product,
                    "name": names[product],
                    "quantity": qty,
                    "amount": amount,
                    "last_year": last_year.get(product, (0.0, 0.0))[0],
                }
                for product, (qty, amount) in top
            ],
            "falling": [
                {"product_id": product, "name": names[product], "before": before, "now": now}
                for product, before, now in drops
            ],
        }

    @api.model
    def _query_complaints(self, days, visits):
        """Complaints received in the period, and per 100 visits; False without the rights."""
        Complaint = self.env["fuxi.complaint"]
        if not Complaint.has_access("read"):
            return False
        start, end = self._bounds(days)
        count = Complaint.search_count([("date", ">=", start), ("date", "<", end)])
        return {"count": count, "per_100_visits": 100.0 * count / visits if visits else 0.0}

    @api.model
    def _query_reservations(self):
        """Active reservations of the next days: count, guests expected, the first ones."""
        Reservation = self.env["fuxi.reservation"]
        now = fields.Datetime.now()
        domain = [
            ("state", "in", ACTIVE_STATES),
            ("start", ">=", now),
            ("start", "<", now + timedelta(days=RESERVATION_DAYS)),
        ]
        [(count, guests)] = Reservation._read_group(domain, [], ["__count", "party_size:sum"])
        tz = self.env["fuxi.sales.forecast"]._tz()
        first = Reservation.search(domain, order="start", limit=8)
        return {
            "days": RESERVATION_DAYS,
            "count": count,
            "guests": guests or 0,
            "next": [
                {
                    "id": r.id,
                    "start": fields.Datetime.context_timestamp(
                        r.with_context(tz=tz.zone), r.start
                    ).strftime("%m-%d %H:%M"),
                    "name": r.display_name,
                    "room": r.room_id.display_name or "",
                }
                for r in first
            ],
        }

    # ------------------------------------------------------------------ the dashboard
    @api.model
    def _dashboard_data(self, period="week", today=None):
        self.env["fuxi.consumption"].check_access("read")
        self.env["fuxi.consumption"].flush_model()
        self.env["fuxi.consumption.line"].flush_model()
        report_session(self.env.cr)
        periods = self._periods(period, today)
        current = self._query_totals(periods["current"])
        last_year = self._query_totals(periods["last_year"])
        currency = self.env.company.currency_id
        return {
            "period": period,
            "dates": {
                key: [fields.Date.to_string(d) for d in days] for key, days in periods.items()
            },
            "currency": {
                "id": currency.id,
                "symbol": currency.symbol or "",
                "position": currency.position or "before",
                "digits": currency.decimal_places,
            },
            "company": ", ".join(self.env.companies.mapped("name")),
            "current": current,
            "last_year": last_year,
            "guests": {
                "current": self._query_new_returning(periods["current"]),
                "last_year": self._query_new_returning(periods["last_year"]),
            },
            "segments": self._query_segment_moves(periods["current"]),
            "complaints": {
                "current": self._query_complaints(periods["current"], current["visits"]),
                "last_year": self._query_complaints(periods["last_year"], last_year["visits"]),
            },
            "dishes": self._query_dishes(periods),
            "reservations": self._query_reservations(),
        }

    # readonly: served from the read replica when there is one (it only reads)
    @api.readonly
    @api.model
    def get_dashboard(self, period="week"):
        """RPC verb of the dashboard screen: plain values only."""
        return self._dashboard_data(period)

    @api.model
    def action_print(self, period="week"):
        """The dashboard as a PDF (the same figures: see report_dashboard)."""
        self._periods(period)  # refuse an unknown period before printing
        return self.env.ref("fuxi_analytics.action_report_dashboard").report_action(
            None, data={"period": period}
        )


class ReportFuxiAnalyticsDashboard(models.AbstractModel):
    _name = "report.fuxi_analytics.report_dashboard"
    _description = "Manager's Dashboard Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        today = fields.Date.to_date(data["today"]) if data.get("today") else None
        Dashboard = self.env["fuxi.analytics.dashboard"]
        return {
            "doc_ids": docids,
            "dashboard": Dashboard._dashboard_data(data.get("period", "week"), today),
        }
