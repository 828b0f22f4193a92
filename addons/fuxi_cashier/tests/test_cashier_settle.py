from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestSettle(CashierCase):
    """cashier_settle: the payments and the close of a bill in one request, all or none,
    applied once per client id, to the same fen as cashier_pay + cashier_close."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # June: no birthday month of the members used here
        cls.startClassPatcher(freeze_time("2026-06-15 04:00:00"))

    def _vip_order(self):
        # fish 177.60 + pork 68 + wine 128 = 373.60; 9折 without the wine -24.56; 抹零 -0.04
        return self._order([(self.fish, 2), (self.pork, 1), (self.wine, 1)])

    def _payments(self, cash=249.0, tendered=300.0):
        return [
            {"method_id": self.stored.id, "amount": 100},
            {"method_id": self.cash.id, "amount": cash, "tendered": tendered},
        ]

    def _state(self, order):
        """What a refused settle must leave as it was."""
        self.env.invalidate_all()
        bill = order.cashier_bill_ids
        cards = self.env["loyalty.card"].sudo().search([("partner_id", "=", self.vip.id)])
        return (
            [(p.amount, p.state) for p in bill.payment_ids],
            bill.state,
            bill.partner_id,
            [(c.id, c.points) for c in cards],
            self.env["loyalty.history"].sudo().search_count([]),
            order.state,
            order.consumption_id,
        )

    def test_settle_is_pay_pay_close_to_the_fen(self):
        self._topup(self.vip, 1000)  # 1100 with the bonus
        old = self._vip_order()
        old.cashier_bill()
        old.cashier_set_member(self.vip.id)
        old.cashier_pay(self.stored.id, 100, client_id=uid())
        old.cashier_pay(self.cash.id, 249, tendered=300, client_id=uid())
        expected = old.cashier_close()["bill"]

        order = self._vip_order()
        shown = order.cashier_bill()
        self.assertFalse(shown["member"])
        client_id = uid()
        # the member swiped in the panel comes with the settle; the panel showed its due
        shown = order.cashier_set_member(self.vip.id)
        self.assertEqual(shown["due"], 349.0)
        result = order.cashier_settle(
            self._payments(), client_id, member_id=self.vip.id, due=shown["due"]
        )
        bill = result["bill"]
        self.assertEqual(
            result["receipt_url"], f"/report/pdf/fuxi_cashier.report_cashier_receipt/{bill['id']}"
        )
        for key in (
            "state",
            "subtotal",
            "discount_total",
            "rounding",
            "total",
            "paid",
            "due",
            "change",
            "points_earned",
            "rules",
        ):
            self.assertEqual(bill[key], expected[key], key)
        self.assertEqual(
            (bill["total"], bill["paid"], bill["change"], bill["points_earned"]),
            (349.0, 349.0, 51.0, 24),
        )
        self.assertEqual(
            [(p["kind"], p["amount"], p["tendered"], p["change"]) for p in bill["payments"]],
            [("stored_value", 100.0, 0.0, 0.0), ("cash", 249.0, 300.0, 51.0)],
        )
        # two bills of 100 on the card, the points of two bills, the visit written
        self.assertEqual(bill["member"]["balance"], 900.0)
        self.assertEqual(self._ledger_sum(self.vip, "stored_value"), (900.0, 900.0))
        self.assertEqual(self._ledger_sum(self.vip, "points")[1], bill["member"]["points"])
        self.assertEqual(order.state, "done")
        self.assertTrue(order.consumption_id)
        self.assertEqual(order.consumption_id.partner_id, self.vip)

        # the answer was lost, the panel sends it again: answered, nothing paid twice
        lines = self.env["loyalty.history"].sudo().search_count([])
        again = order.cashier_settle(self._payments(), client_id, member_id=self.vip.id)
        self.assertEqual(again["bill"], bill)
        self.assertEqual(self.env["loyalty.history"].sudo().search_count([]), lines)
        # another request on the closed bill is refused
        with self.assertRaises(UserError) as caught:
            order.cashier_settle(self._payments(), uid())
        self.assertIn("already closed", str(caught.exception))

    def test_settle_refusals_write_nothing(self):
        self._topup(self.vip, 100)  # 100, no bonus
        order = self._vip_order()
        order.cashier_bill()
        order.cashier_set_member(self.vip.id)
        before = self._state(order)

        def refused(message, payments, exception=UserError, **kwargs):
            with self.assertRaises(exception) as caught:
                order.cashier_settle(payments, kwargs.pop("client_id", uid()), **kwargs)
            self.assertIn(message, str(caught.exception))
            self.assertEqual(self._state(order), before, message)

        # the card holds 100: 200 of stored value is refused after the cash was checked
        refused(
            "cannot be drawn",
            [
                {"method_id": self.cash.id, "amount": 149},
                {"method_id": self.stored.id, "amount": 200},
            ],
        )
        refused("still due", [{"method_id": self.cash.id, "amount": 300}])
        refused("still due", [])
        refused(
            "can pay at most", [{"method_id": self.wechat.id, "amount": 400, "reference": "W1"}]
        )
        refused("transaction number", [{"method_id": self.wechat.id, "amount": 349}])
        refused("amount", [{"method_id": self.cash.id, "amount": -5}])
        refused("not in use any more", [{"method_id": self.retired.id, "amount": 349}])
        refused("Nothing is due", self._payments(cash=349, tendered=400) + self._payments())
        refused("changed on another screen", self._payments(), due=300)
        refused("a list", "cash")
        refused("client id", self._payments(), ValidationError, client_id="x")
        # a different member after a payment taken by cashier_pay: remove the payments first
        order.cashier_pay(self.cash.id, 10, client_id=uid())
        before = self._state(order)
        refused(
            "remove them", [{"method_id": self.cash.id, "amount": 339}], member_id=self.regular.id
        )
        # the rest in cash closes the bill whose first payment came before
        bill = order.cashier_settle([{"method_id": self.cash.id, "amount": 339}], uid())["bill"]
        self.assertEqual((bill["state"], bill["paid"]), ("paid", 349.0))
        self.assertEqual(len(bill["payments"]), 2)

    def test_settle_on_a_closed_day_and_for_a_waiter(self):
        order = self._order([(self.tea, 2)])
        order.cashier_bill()
        Manager = self.env["fuxi.frontdesk.order"].with_user(self.manager)
        Manager.cashier_day_close()
        with self.assertRaises(UserError) as caught:
            order.cashier_settle([{"method_id": self.cash.id, "amount": 25}], uid())
        self.assertIn("is closed", str(caught.exception))
        Manager.cashier_day_reopen(False, "补录")
        with self.assertRaises(UserError) as caught:
            order.with_user(self.waiter).cashier_settle(
                [{"method_id": self.cash.id, "amount": 25}], uid()
            )
        self.assertIn("Only cashiers", str(caught.exception))
        bill = order.cashier_settle([{"method_id": self.cash.id, "amount": 25}], uid())["bill"]
        self.assertEqual((bill["state"], bill["total"], bill["change"]), ("paid", 25.0, 0.0))
