from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL


class FuxiSalesGuestWindow(models.Model):
    """Each guest's visits, spend and last visit over the customer value window ending on a
    past day, for every store — what the dashboard's customer value moves start from (the
    day before the week or the month). Computed at night for the two days the dashboard
    needs (the last Sunday, the last day of the previous month), so a dashboard adds only
    the days since then; dropped when a visit of the window is corrected. One row per guest
    seen in the window, and a row without guest marking the window complete.

    Only for readers who see every store in the buckets' time zone; the others get the
    figures computed from the guests' days."""

    _name = "fuxi.sales.guest.window"
    _description = "Guest Figures over a Customer Value Window"
    _log_access = False

    day = fields.Date(required=True, index=True)
    window_days = fields.Integer(required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", ondelete="cascade")
    visits = fields.Integer()
    revenue = fields.Float(digits=(16, 2))
    last_day = fields.Date(string="Last Visit Day")

    @api.model
    def _fuxi_ready(self, day, window):
        self.env.cr.execute(
            "SELECT 1 FROM fuxi_sales_guest_window "
            "WHERE day = %s AND window_days = %s AND partner_id IS NULL",
            [day, window],
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _fuxi_fill(self, day, window):
        """The window (day - window, day] from the guests' days, every store."""
        cr = self.env.cr
        cr.execute(
            "DELETE FROM fuxi_sales_guest_window WHERE day = %s AND window_days = %s", [day, window]
        )
        cr.execute(
            SQL(
                """
                INSERT INTO fuxi_sales_guest_window (day, window_days, partner_id, visits, revenue,
                                                     last_day)
                SELECT %(day)s, %(window)s, g.partner_id, SUM(g.visits), SUM(g.revenue),
                       MAX(g.day)
                  FROM fuxi_sales_guest_day g
                 WHERE g.partner_id IS NOT NULL AND g.day > %(first)s AND g.day <= %(day)s
                 GROUP BY g.partner_id
                """,
                day=day,
                window=window,
                first=day - timedelta(days=window),
            )
        )
        count = cr.rowcount
        cr.execute(
            "INSERT INTO fuxi_sales_guest_window (day, window_days, visits) VALUES (%s, %s, %s)",
            [day, window, count],
        )
        self.invalidate_model()

    @api.model
    def _fuxi_invalidate(self, days):
        """A guest's day changed: the windows that hold it are no longer right."""
        if days:
            self.env.cr.execute(
                "DELETE FROM fuxi_sales_guest_window WHERE day >= %s AND day - window_days < %s",
                [min(days), max(days)],
            )
            if self.env.cr.rowcount:
                # until stored again the dashboard computes the window from a year of the
                # guests' days (about a second at the bench's scale): the job fills it again
                # after this commit rather than at night
                cron = self.env.ref(
                    "fuxi_analytics.ir_cron_sales_guest_window", raise_if_not_found=False
                )
                if cron:
                    cron.sudo()._trigger()
            self.invalidate_model()

    @api.model
    def _cron_fill(self):
        """At night: the windows ending on the days before this week and this month."""
        Forecast = self.env["fuxi.sales.forecast"]
        today = Forecast.with_context(tz=self.env["fuxi.sales.day"]._fuxi_bucket_tz())._today()
        window = self.env["res.partner"]._rfm_window_days()
        days = {
            today - timedelta(days=today.weekday() + 1),
            today.replace(day=1) - timedelta(days=1),
        }
        self.env.cr.execute(
            "DELETE FROM fuxi_sales_guest_window WHERE day < %s OR window_days <> %s",
            [min(days), window],
        )
        for day in sorted(days):
            if not self._fuxi_ready(day, window):
                self._fuxi_fill(day, window)
