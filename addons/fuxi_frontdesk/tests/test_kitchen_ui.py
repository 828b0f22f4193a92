import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


def _uid():
    return uuid.uuid4().hex


@tagged("post_install", "-at_install")
class TestKitchenUi(HttpCase):
    """The kitchen display at the pass, on a 1024×768 screen and on a 10" tablet upright, and
    where a cook lands when opening Odoo or the Fuxi app."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.waiter = new_test_user(
            cls.env,
            "fdk_tour_waiter",
            groups="fuxi_frontdesk.group_fuxi_frontdesk_user,fuxi_frontdesk.group_fuxi_void",
            tz="Asia/Shanghai",
        )
        cls.cook = new_test_user(
            cls.env,
            "fdk_tour_cook",
            groups="fuxi_frontdesk.group_fuxi_kitchen",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )

    def _dish(self, name, price, course=None):
        template = self.env["product.template"].create(
            {"name": name, "is_fuxi_dish": True, "list_price": price}
        )
        template.fuxi_station = "hot"
        if course:
            template.fuxi_course = course
        return template.product_variant_id

    def _order(self, table, lines, minutes_ago):
        """A table opened and sent by the waiter ``minutes_ago`` minutes ago."""
        Order = self.env["fuxi.frontdesk.order"].with_user(self.waiter)
        room = self.env["fuxi.room"].create(
            {"name": table, "kind": "table", "area": "厨房巡回区", "capacity": 10}
        )
        order = Order.browse(Order.open_table(room.id, guest_count=4)["id"])
        order.add_lines(
            [
                {"uid": _uid(), "product_id": product.id, "quantity": quantity, **extra}
                for product, quantity, extra in lines
            ]
        )
        order.action_send(_uid())
        order.ticket_ids.sudo().sent_at = fields.Datetime.now() - timedelta(minutes=minutes_ago)
        return order

    def _pass(self):
        """Four tables at the hot kitchen: 甲 the oldest with one fish of three voided, 乙
        rushed, 丙 whose soup is held, 丁 cancelled after its dish was voided. The demo
        tables' tickets were served an hour ago: the pass holds these four only."""
        tickets = self.env["fuxi.kitchen.ticket"].search([])
        tickets.filtered(lambda ticket: ticket.state not in ("served", "cancel")).state = "served"
        tickets.bumped_at = fields.Datetime.now() - timedelta(hours=1)
        fish = self._dish("巡回醋鱼", 88)
        meatball = self._dish("巡回狮子头", 58)
        soup = self._dish("巡回鸡汤", 68, course="soup")
        first = self._order("厨房巡回甲", [(fish, 3, {})], 20)
        first.line_ids.with_user(self.waiter).void_quantity(1, "客人不要了", _uid())
        rushed = self._order("厨房巡回乙", [(meatball, 1, {})], 10)
        rushed.with_user(self.waiter).rush(line_ids=rushed.line_ids.ids, request_uid=_uid())
        self._order("厨房巡回丙", [(soup, 1, {"course": "soup", "hold": True})], 5)
        cancelled = self._order("厨房巡回丁", [(fish, 1, {})], 15)
        cancelled.line_ids.with_user(self.waiter).void_line("点错台")
        cancelled.with_user(self.waiter).action_cancel_order("点错台")
        return first, rushed

    def _check_pass(self, size):
        self.browser_size = size
        first, rushed = self._pass()
        self.start_tour("/odoo", "fuxi_kitchen_pass", login="fdk_tour_cook")
        self.assertEqual(rushed.ticket_ids.state, "served")
        self.assertEqual(first.ticket_ids.state, "new")

    def test_pass_at_1024x768(self):
        self._check_pass("1024x768")

    def test_pass_on_a_tablet_upright(self):
        self._check_pass("800x1280")

    def test_a_cook_opens_the_kitchen_display(self):
        """Odoo opens an app on its first menu with an action visible to the user: for a
        cook (the Kitchen right only, or with the viewer rights of other areas) the Fuxi
        app's is Front Desk → Kitchen Display; for a waiter the front desk floor."""
        kitchen = self.env.ref("fuxi_frontdesk.action_fuxi_kitchen_display")
        floor = self.env.ref("fuxi_frontdesk.action_fuxi_frontdesk")
        root = self.env.ref("fuxi_customer.menu_fuxi_root")
        head_chef = new_test_user(
            self.env,
            "fdk_head_chef",
            groups=",".join(
                [
                    "fuxi_frontdesk.group_fuxi_kitchen",
                    "fuxi_customer.group_fuxi_customer_viewer",
                    "fuxi_knowledge.group_fuxi_knowledge_user",
                    "fuxi_tracking.group_fuxi_tracking_viewer",
                ]
            ),
        )
        for user, action in (
            (self.cook, kitchen),
            (head_chef, kitchen),
            (self.waiter, floor),
        ):
            menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
            self.assertEqual(menus[root.id]["actionID"], action.id, user.login)

        # and Odoo itself opens there (the home action), unless the user has their own
        def home_action(login):
            self.authenticate(login, login)
            response = self.url_open(
                "/web/session/get_session_info",
                data='{"jsonrpc": "2.0", "method": "call", "params": {}}',
                headers={"Content-Type": "application/json"},
            )
            return response.json()["result"]["home_action_id"]

        self.assertEqual(home_action("fdk_tour_cook"), kitchen.id)
        self.assertEqual(home_action("fdk_head_chef"), kitchen.id)
        self.assertFalse(home_action("fdk_tour_waiter"))
        discuss = self.env.ref("mail.action_discuss")
        head_chef.write({"action_id": discuss.id})
        self.assertEqual(home_action("fdk_head_chef"), discuss.id)
