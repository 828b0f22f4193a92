from datetime import date

from odoo.addons.fuxi_tracking.tests.common import FuxiTrackingCase


class TestReportSession(FuxiTrackingCase):
    """Every report verb runs its queries interpreted (PostgreSQL's JIT compiled a year's
    statistic for 10 s on the bench database) and with room to sort in memory."""

    def settings(self):
        self.env.cr.execute("SHOW jit")
        jit = self.env.cr.fetchone()[0]
        self.env.cr.execute("SHOW work_mem")
        return jit, self.env.cr.fetchone()[0]

    def assert_report_session(self, call, label):
        # each verb in a transaction of its own, as each request has: SET LOCAL ends with it
        self.env.cr.execute("SAVEPOINT report_session")
        self.env.cr.execute("SET LOCAL jit = on")
        self.env.cr.execute("SET LOCAL work_mem = '4MB'")
        try:
            call()
            self.assertEqual(self.settings(), ("off", "64MB"), label)
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT report_session")

    def test_report_verbs(self):
        today = date.today()
        first, last = str(today.replace(month=1, day=1)), str(today)
        verbs = {
            "statistic": lambda: self.env["fuxi.statistic"].get_statistic(
                "dish_customers", first, last, limit=10
            ),
            "ranking": lambda: self.env["fuxi.ranking"].get_ranking("customer_spend", first, last),
            "dashboard": lambda: self.env["fuxi.analytics.dashboard"].get_dashboard("week"),
            "forecast": lambda: self.env["fuxi.sales.forecast"].get_forecast(7),
        }
        for label, call in verbs.items():
            self.assert_report_session(call, label)
