from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAnalyticsJs(HttpCase):
    # an2: the dashboard's verbs over XML-RPC (plain values: no None); its Hoot suite runs
    # with every Fuxi suite in tests/test_hoot_suites.py
    def test_verbs_over_xmlrpc(self):
        user = new_test_user(
            self.env,
            "an_rpc_viewer",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            tz="Asia/Shanghai",
        )
        db = self.env.cr.dbname

        def call(model, method, *args):
            return self.xmlrpc_object.execute(db, user.id, "an_rpc_viewer", model, method, *args)

        dashboard = call("fuxi.analytics.dashboard", "get_dashboard", "month")
        self.assertEqual(dashboard["period"], "month")
        self.assertIs(dashboard["complaints"]["current"], False)  # no service rights
        forecast = call("fuxi.sales.forecast", "get_forecast", 14)
        self.assertEqual(len(forecast["measures"]["covers"]["forecast"]), 14)
        self.assertIn("naive", forecast["backtest"]["revenue"])
