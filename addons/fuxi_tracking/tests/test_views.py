from lxml import etree

from .common import FuxiTrackingCase


class TestTrackingViews(FuxiTrackingCase):
    def test_consumption_analysis_is_not_the_record_list(self):
        """消费分析 opens figures (pivot, then graph), not the list of 消费记录."""
        analysis = self.env.ref("fuxi_tracking.fuxi_consumption_analysis_menu").action
        records = self.env.ref("fuxi_tracking.fuxi_consumption_menu").action
        self.assertNotEqual(analysis, records)
        self.assertEqual(analysis.res_model, "fuxi.consumption")
        self.assertEqual(analysis.view_mode.split(","), ["pivot", "graph"])
        self.assertEqual(records.view_mode.split(",")[0], "list")
        # a viewer opens it: the pivot and the graph of the action load for her
        action = (
            self.env["ir.actions.act_window"]
            .with_user(self.viewer)
            ._for_xml_id("fuxi_tracking.fuxi_consumption_action_analysis")
        )
        views = (
            self.env["fuxi.consumption"]
            .with_user(self.viewer)
            .get_views([(view_id, mode) for view_id, mode in action["views"]])
        )
        self.assertEqual(set(views["views"]), {"pivot", "graph"})
        pivot = etree.fromstring(views["views"]["pivot"]["arch"])
        self.assertIn("amount_total", [f.get("name") for f in pivot.iter("field")])

    def _calendar(self, user):
        action = (
            self.env["ir.actions.act_window"]
            .with_user(user)
            ._for_xml_id("fuxi_tracking.fuxi_reservation_action")
        )
        self.assertEqual(action["view_mode"].split(",")[0], "calendar")
        views = self.env["fuxi.reservation"].with_user(user).get_views([(False, "calendar")])
        return etree.fromstring(views["views"]["calendar"]["arch"])

    def test_reservation_calendar_offers_new_to_those_who_may_book(self):
        """The calendar uses the view with a New button; creating is allowed to tracking
        users and not to viewers (Odoo marks the arch create="False" for them)."""
        calendar = self._calendar(self.waiter)
        self.assertEqual(calendar.get("js_class"), "fuxi_reservation_calendar")
        self.assertNotIn(calendar.get("create"), ("False", "false", "0"))
        self.assertEqual(self._calendar(self.viewer).get("create"), "False")
