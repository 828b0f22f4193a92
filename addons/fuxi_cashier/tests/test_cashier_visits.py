from odoo.tests import tagged

from .common import CashierCase, uid

# the meal of these tests as the guest's visit records it: the dishes at their list prices
# (the visit is what was eaten; the bill's discounts and 抹零 are the bill's)
VISIT_LINES = [("收银测试东坡肉", 1.0, 68.0, 68.0), ("收银测试醋鱼", 2.0, 88.8, 177.6)]


@tagged("post_install", "-at_install")
class TestVisitAfterSettle(CashierCase):
    """The cashier's settle commits the payment and frees the table; the guest's visit is
    written by the front desk's job right after (fuxi_frontdesk's _cron_record_visits)."""

    def _settled(self):
        """A table opened without a guest, the VIP member swiped at the settle, paid in cash."""
        order = self._order([(self.fish, 2), (self.pork, 1)])
        due = order.cashier_set_member(self.vip.id)["due"]
        result = order.cashier_settle(
            [{"method_id": self.cash.id, "amount": due, "tendered": due}],
            uid(),
            member_id=self.vip.id,
            due=due,
        )
        self.assertEqual(result["bill"]["state"], "paid")
        return order

    def _member_visits(self):
        return self.env["fuxi.consumption"].search([("partner_id", "=", self.vip.id)])

    @staticmethod
    def _rows(visit):
        return sorted(
            (line.product_id.name, line.quantity, line.price_unit, line.subtotal)
            for line in visit.line_ids
        )

    def test_member_visit_written_by_the_job(self):
        order = self._settled()
        self._assert_visit_pending(order)
        self.assertEqual(order.partner_id, self.vip, "the member swiped is the table's guest")
        self.assertFalse(self._member_visits())

        self.env["fuxi.frontdesk.order"]._cron_record_visits()
        visit = self._member_visits()
        self.assertEqual(len(visit), 1)
        self.assertEqual(order.consumption_id, visit)
        self.assertFalse(order.visit_pending)
        self.assertEqual((visit.room_id, visit.date), (order.room_id, order.opened_at))
        self.assertEqual(self._rows(visit), VISIT_LINES)
        self.assertEqual(visit.amount_total, 245.6)

    def test_voided_bill_keeps_its_visit(self):
        """A paid bill voided before the job ran: the meal was eaten all the same, so its
        visit is written, as it was kept when the close wrote it at once."""
        order = self._settled()
        bill = order.with_user(self.manager).cashier_void("客人投诉，全单作废")
        self.assertEqual(bill["state"], "void")
        self._assert_visit_pending(order)

        self.env["fuxi.frontdesk.order"]._cron_record_visits()
        visit = self._member_visits()
        self.assertEqual(len(visit), 1)
        self.assertEqual(order.consumption_id, visit)
        self.assertFalse(order.visit_pending)
        self.assertEqual(self._rows(visit), VISIT_LINES)
        self.assertEqual(order.cashier_bill_ids.state, "void")
