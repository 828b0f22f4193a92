from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

RFM_SEGMENTS = [
    ("important_value", "Important Value"),
    ("important_develop", "Important Development"),
    ("important_keep", "Important Retention"),
    ("important_win_back", "Important Win-back"),
    ("general_value", "General Value"),
    ("general_develop", "General Development"),
    ("general_keep", "General Retention"),
    ("general_win_back", "General Win-back"),
]
# (recent?, frequent?, big spender?) → segment
RFM_MATRIX = {
    (True, True, True): "important_value",
    (True, False, True): "important_develop",
    (False, True, True): "important_keep",
    (False, False, True): "important_win_back",
    (True, True, False): "general_value",
    (True, False, False): "general_develop",
    (False, True, False): "general_keep",
    (False, False, False): "general_win_back",
}
RFM_WINDOW_PARAM = "fuxi_tracking.rfm_window_days"
RECENT_VISITS = 10  # on the guest's form, with a button to all of them
# what the form's list of the last visits shows: read by the search's own query
RECENT_VISIT_FIELDS = [
    "name",
    "date",
    "room_id",
    "guest_count",
    "amount_dishes",
    "amount_drinks",
    "amount_total",
    "currency_id",
]
FAVOURITE_DISHES = 5


class ResPartner(models.Model):
    _inherit = "res.partner"

    consumption_ids = fields.One2many(
        "fuxi.consumption", "partner_id", string="Consumption Records"
    )
    # the form shows these (a regular has tens of thousands of visits: never all their ids)
    recent_consumption_ids = fields.Many2many(
        "fuxi.consumption", compute="_compute_recent_consumption_ids", string="Last Visits"
    )
    visit_count = fields.Integer(compute="_compute_consumption_summary", string="Visits")
    fuxi_currency_id = fields.Many2one(
        "res.currency", compute="_compute_fuxi_currency_id", string="Restaurant Currency"
    )
    total_spend = fields.Monetary(
        compute="_compute_consumption_summary",
        string="Total Spend",
        currency_field="fuxi_currency_id",
    )
    average_spend = fields.Monetary(
        compute="_compute_consumption_summary",
        string="Average per Visit",
        currency_field="fuxi_currency_id",
    )
    first_visit = fields.Datetime(compute="_compute_consumption_summary", string="First Visit")
    last_visit = fields.Datetime(compute="_compute_consumption_summary", string="Last Visit")
    favourite_dishes = fields.Char(
        compute="_compute_consumption_summary",
        string="Favourite Dishes",
        help="The dishes and drinks this guest ordered most, by quantity.",
    )
    reservation_count = fields.Integer(compute="_compute_reservation_count", string="Reservations")
    rfm_segment = fields.Selection(RFM_SEGMENTS, string="Customer Value", readonly=True, index=True)
    rfm_recency = fields.Integer(
        string="Recency (days)", readonly=True, help="Days since the last visit."
    )
    rfm_frequency = fields.Integer(
        string="Frequency", readonly=True, help="Visits in the customer value window."
    )
    rfm_monetary = fields.Float(
        string="Monetary", readonly=True, digits=(16, 2), help="Spend in the customer value window."
    )
    rfm_score = fields.Char(
        string="RFM Score", readonly=True, help="Quintiles 1 (low) to 5 (high), e.g. R5 F3 M4."
    )
    rfm_date = fields.Date(string="Customer Value Date", readonly=True)

    def _compute_fuxi_currency_id(self):
        self.fuxi_currency_id = self.env.company.currency_id

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_recent_consumption_ids(self):
        Consumption = self.env["fuxi.consumption"]
        for partner in self:
            partner.recent_consumption_ids = (
                Consumption.search_fetch(
                    [("partner_id", "=", partner.id)], RECENT_VISIT_FIELDS, limit=RECENT_VISITS
                )
                if partner.id
                else Consumption
            )

    @api.model
    def _fuxi_summary_companies(self):
        """The companies whose visits the user reads: None for all of them, a list of ids
        when only the company rule restricts them, False when other record rules do (then
        the figures are counted from the visits they may read)."""
        self.env["fuxi.consumption"].check_access("read")
        if self.env.su:
            return None
        domain = self.env["ir.rule"]._compute_domain("fuxi.consumption", "read")
        if not domain:
            return None
        if len(domain) == 1 and list(domain[0][:2]) == ["company_id", "in"]:
            return list(domain[0][2])
        return False

    # what a user sees depends on the visits they may read
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_consumption_summary(self):
        """Visits, spend, first and last visit and favourite dishes of every partner in self,
        over the visits the user may read: from the figures kept per guest and company
        (fuxi.guest.stat), in one small query whatever the number of visits."""
        summaries, _names = self._fuxi_consumption_summary()
        for partner in self:
            partner.update(summaries[partner.id])

    def _fuxi_consumption_summary(self, products=None):
        """({partner id: the summary fields' values}, {product id: name}) over the visits
        the user may read; the names are the favourites' and those of `products` (what the
        caller shows besides), read together."""
        ids = [pid for pid in self.ids if pid]
        stats, favourites = {}, {}
        products = products or self.env["product.product"]
        rows = []
        if ids:
            self.env["fuxi.consumption"].flush_model(
                ["partner_id", "company_id", "amount_total", "date"]
            )
            self.env["fuxi.consumption.line"].flush_model(
                ["partner_id", "product_id", "quantity", "consumption_id"]
            )
            companies = self._fuxi_summary_companies()
            if companies is False:
                stats, rows = self._fuxi_summary_from_visits(ids)
            else:
                stats, rows = self._fuxi_summary_from_stats(ids, companies)
            products |= self.env["product.product"].browse({row[1] for row in rows})
        names = self._fuxi_dish_names(products)
        for partner_id, product_id, qty in rows:
            favourites.setdefault(partner_id, []).append(f"{names[product_id]} ×{qty:g}")
        summaries = {}
        for partner in self:
            count, total, first, last = stats.get(partner.id, (0, 0.0, False, False))
            summaries[partner.id] = {
                "visit_count": count,
                "total_spend": total,
                "average_spend": total / count if count else 0.0,
                "first_visit": first,
                "last_visit": last,
                "favourite_dishes": "、".join(favourites.get(partner.id, [])),
            }
        return summaries, names

    @api.model
    def _fuxi_dish_names(self, products):
        """{product id: name}, reading only the names: a product's name is related to its
        template's, and reading it so fetches every column of both (most of the profile's
        time, once for the favourites and once for the last visits' dishes)."""
        products.fetch(["product_tmpl_id"])
        # company_id too: reading cached names again still checks the company rule with it
        products.product_tmpl_id.fetch(["name", "company_id"])
        return {product.id: product.product_tmpl_id.name for product in products}

    def _fuxi_summary_from_stats(self, ids, companies):
        company_filter = SQL("AND company_id = ANY(%s)", companies) if companies else SQL()
        if companies == []:
            return {}, []
        # the figures and the favourites in one statement (one round trip for the form and
        # the profile): the figures' rows are ranked 0
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, NULL::integer, SUM(visit_count), SUM(total_spend),
                       MIN(first_visit), MAX(last_visit), 0
                  FROM fuxi_guest_stat
                 WHERE partner_id = ANY(%(ids)s) %(companies)s
                 GROUP BY partner_id
                 UNION ALL
                SELECT partner_id, product_id, NULL, qty, NULL, NULL, rank FROM (
                    SELECT partner_id, product_id, SUM(quantity) AS qty,
                           ROW_NUMBER() OVER (PARTITION BY partner_id
                                              ORDER BY SUM(quantity) DESC, product_id) AS rank
                      FROM fuxi_guest_dish_stat
                     WHERE partner_id = ANY(%(ids)s) %(companies)s
                     GROUP BY partner_id, product_id
                    HAVING SUM(quantity) > 0
                ) ranked
                WHERE rank <= %(top)s
                ORDER BY 1, 7
                """,
                ids=ids,
                companies=company_filter,
                top=FAVOURITE_DISHES,
            )
        )
        stats, favourites = {}, []
        for pid, product_id, count, total, first, last, rank in self.env.cr.fetchall():
            if not rank:
                stats[pid] = (count, float(total), first, last)
            else:
                favourites.append((pid, product_id, total))
        return stats, favourites

    def _fuxi_summary_from_visits(self, ids):
        """The figures counted from the visits and lines the user may read (users whom
        record rules other than the company rule restrict)."""
        stats = {}
        for partner, count, total, first, last in self.env["fuxi.consumption"]._read_group(
            [("partner_id", "in", ids)],
            ["partner_id"],
            ["__count", "amount_total:sum", "date:min", "date:max"],
        ):
            stats[partner.id] = (count, total, first, last)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner_id, product_id, qty FROM (
                    SELECT partner_id, product_id, SUM(quantity) AS qty,
                           ROW_NUMBER() OVER (PARTITION BY partner_id
                                              ORDER BY SUM(quantity) DESC, product_id) AS rank
                      FROM fuxi_consumption_line
                     WHERE partner_id = ANY(%(ids)s) AND %(readable)s
                     GROUP BY partner_id, product_id
                ) ranked
                WHERE rank <= %(top)s
                ORDER BY partner_id, rank
                """,
                ids=ids,
                top=FAVOURITE_DISHES,
                readable=self.env["fuxi.consumption"]._fuxi_readable_condition(
                    SQL.identifier("fuxi_consumption_line", "consumption_id")
                ),
            )
        )
        return stats, self.env.cr.fetchall()

    @api.model
    def _fuxi_guest_profile_fields(self):
        return [*super()._fuxi_guest_profile_fields(), "rfm_segment"]

    @api.model
    def _fuxi_guest_profile_company_fields(self):
        return [*super()._fuxi_guest_profile_company_fields(), "currency_id"]

    def _fuxi_guest_profile(self):
        """Add visits, spend, favourite dishes, customer value and the last visits."""
        profile = super()._fuxi_guest_profile()
        Consumption = self.env["fuxi.consumption"]
        if not Consumption.has_access("read"):
            return profile  # no tracking rights: the guest's history is not theirs to see
        currency = self.fuxi_currency_id
        # only the shown fields of the visits, and the lines of all of them in one query
        # (line_ids per visit read each visit's lines and their products on its own)
        recent = Consumption.search_fetch(
            [("partner_id", "=", self.id), ("state", "=", "done")],
            ["name", "date", "room_id", "guest_count", "amount_total"],
            limit=5,
        )
        lines = self.env["fuxi.consumption.line"].search_fetch(
            [("consumption_id", "in", recent.ids)], ["consumption_id", "product_id"]
        )
        # the figures (not the computed fields: they would read the dish names again)
        summaries, names = self._fuxi_consumption_summary(lines.product_id)
        summary = summaries[self.id]
        # the first six lines of each visit, each product once (what the visit's
        # line_ids[:6].mapped("product_id.name") gave)
        dishes = {visit.id: {} for visit in recent}
        shown = dict.fromkeys(recent.ids, 0)
        for line in lines:
            visit_id = line.consumption_id.id
            if shown[visit_id] < 6:
                shown[visit_id] += 1
                if line.product_id:
                    dishes[visit_id][line.product_id.id] = names[line.product_id.id]
        segments = dict(self._fields["rfm_segment"]._description_selection(self.env))
        profile.update(
            {
                "currency": {
                    "symbol": currency.symbol or "",
                    "position": currency.position or "before",
                    "digits": currency.decimal_places,
                },
                "visit_count": summary["visit_count"],
                "total_spend": summary["total_spend"],
                "average_spend": summary["average_spend"],
                "last_visit": fields.Datetime.to_string(summary["last_visit"]),
                "favourite_dishes": summary["favourite_dishes"],
                "rfm_segment": self.rfm_segment or "",
                "rfm_segment_label": segments.get(self.rfm_segment, ""),
                "recent_visits": [
                    {
                        "id": visit.id,
                        "name": visit.name,
                        "date": fields.Datetime.to_string(visit.date),
                        "room": visit.room_id.display_name or "",
                        "guests": visit.guest_count,
                        "amount": visit.amount_total,
                        "dishes": "、".join(dishes[visit.id].values()),
                    }
                    for visit in recent
                ],
            }
        )
        return profile

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_reservation_count(self):
        counts = dict(
            self.env["fuxi.reservation"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.reservation_count = counts.get(partner, 0)

    def action_view_consumptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_tracking.fuxi_consumption_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_consumption_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_tracking.fuxi_consumption_line_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_group_product": 1}
        return action

    def action_view_reservations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fuxi_tracking.fuxi_reservation_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------ customer value
    @api.model
    def _rfm_window_days(self):
        return self.env["ir.config_parameter"]._fuxi_get_int(RFM_WINDOW_PARAM, 365, minimum=1)

    @api.model
    def _cron_compute_rfm(self):
        return self._compute_rfm()

    def action_compute_rfm(self):
        """On demand from the customer list or form (all customers when none is selected)."""
        count = self._compute_rfm()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Customer value computed for %(count)s customers.", count=count
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _compute_rfm(self, today=None):
        """Recency, frequency and monetary value over the window, scored in quintiles and
        mapped to the eight segments, for every customer with a visit in the window — one
        UPDATE computed by the database. Customers without a visit in the window lose their
        segment."""
        today = today or fields.Date.context_today(self)
        start = today - timedelta(days=self._rfm_window_days())
        self.env["fuxi.consumption"].flush_model(["partner_id", "date", "amount_total"])
        self.env["res.partner"].flush_model(["rfm_segment"])
        cases = SQL(" ").join(
            SQL(
                "WHEN r_high = %s AND f_high = %s AND m_high = %s THEN %s",
                r,
                f,
                m,
                segment,
            )
            for (r, f, m), segment in RFM_MATRIX.items()
        )
        cr = self.env.cr
        cr.execute("DROP TABLE IF EXISTS fuxi_rfm_scores")
        cr.execute(
            SQL(
                """
                CREATE TEMPORARY TABLE fuxi_rfm_scores ON COMMIT DROP AS
                WITH visits AS (
                    SELECT partner_id,
                           %(today)s::date - MAX(date)::date AS recency,
                           COUNT(*) AS frequency,
                           SUM(amount_total) AS monetary
                      FROM fuxi_consumption
                     WHERE partner_id IS NOT NULL AND date >= %(start)s
                       AND date < %(today)s::date + 1
                     GROUP BY partner_id
                )
                SELECT v.*,
                       6 - NTILE(5) OVER (ORDER BY recency) AS r_score,
                       NTILE(5) OVER (ORDER BY frequency) AS f_score,
                       NTILE(5) OVER (ORDER BY monetary) AS m_score,
                       recency <= AVG(recency) OVER () AS r_high,
                       frequency >= AVG(frequency) OVER () AS f_high,
                       monetary >= AVG(monetary) OVER () AS m_high
                  FROM visits v
                """,
                today=today,
                start=start,
            )
        )
        cr.execute("ALTER TABLE fuxi_rfm_scores ADD PRIMARY KEY (partner_id)")
        cr.execute("ANALYZE fuxi_rfm_scores")
        # customers without a visit in the window lose their segment
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET rfm_segment = NULL, rfm_recency = NULL, rfm_frequency = NULL,
                       rfm_monetary = NULL, rfm_score = NULL, rfm_date = %(today)s
                 WHERE p.rfm_segment IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM fuxi_rfm_scores s WHERE s.partner_id = p.id)
                """,
                today=today,
            )
        )
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET rfm_recency = s.recency,
                       rfm_frequency = s.frequency,
                       rfm_monetary = s.monetary,
                       rfm_score = CONCAT('R', s.r_score, ' F', s.f_score, ' M', s.m_score),
                       rfm_segment = CASE %(cases)s END,
                       rfm_date = %(today)s
                  FROM fuxi_rfm_scores s
                 WHERE p.id = s.partner_id
                """,
                today=today,
                cases=cases,
            )
        )
        count = cr.rowcount
        cr.execute("DROP TABLE fuxi_rfm_scores")
        self.env["res.partner"].invalidate_model(
            ["rfm_segment", "rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_score", "rfm_date"]
        )
        return count
