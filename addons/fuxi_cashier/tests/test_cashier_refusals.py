from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.fuxi_cashier_bill import FuxiCashierManagerRequired
from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestRefusals(CashierCase):
    """Bad input is refused with a clear message and writes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._class_order()

    @classmethod
    def _class_order(cls):
        room = cls.env["fuxi.room"].create({"name": "收银拒绝测试桌", "kind": "table"})
        Order = cls.env["fuxi.frontdesk.order"].with_user(cls.cashier)
        order = Order.browse(Order.open_table(room.id, cls.vip.id, 2)["id"])
        order.add_lines([{"uid": uid(), "product_id": cls.pork.id, "quantity": 2}])  # 136 → 122
        order.action_send(uid())
        return order

    def _state(self):
        """Everything a refused request must leave as it was."""
        self.env.invalidate_all()
        bill = self.order.cashier_bill_ids
        cards = self.env["loyalty.card"].sudo().search([("partner_id", "=", self.vip.id)])
        return (
            [(p.amount, p.state) for p in bill.payment_ids],
            bill.state,
            bill.manual_discount_percent,
            [(c.id, c.points) for c in cards],
            self.env["loyalty.history"].sudo().search_count([]),
            self.env["fuxi.cashier.topup"].sudo().search_count([]),
            self.order.state,
        )

    def _refused(self, message, call, exception=UserError):
        before = self._state()
        with self.assertRaises(exception) as caught:
            call()
        self.assertIn(message, str(caught.exception))
        self.assertEqual(self._state(), before)

    def test_bad_payments(self):
        self._topup(self.vip, 50)
        order = self.order
        due = order.cashier_bill()["due"]
        self.assertEqual(due, 122.0)
        for amount in (0, -5, "abc", None, float("nan"), 1.005):
            with self.subTest(amount=amount):
                self._refused(
                    "amount",
                    lambda amount=amount: order.cashier_pay(self.cash.id, amount, client_id=uid()),
                )
        self._refused(
            "can pay at most what is due",
            lambda: order.cashier_pay(self.wechat.id, 130, reference="WX1", client_id=uid()),
        )
        self._refused(
            "transaction number",
            lambda: order.cashier_pay(self.wechat.id, 10, client_id=uid()),
        )
        self._refused(
            "cannot be drawn",
            lambda: order.cashier_pay(self.stored.id, 60, client_id=uid()),
        )
        self._refused(
            "not in use any more", lambda: order.cashier_pay(self.retired.id, 10, client_id=uid())
        )
        self._refused("does not exist", lambda: order.cashier_pay(999999, 10, client_id=uid()))
        self._refused("client id", lambda: order.cashier_pay(self.cash.id, 10, client_id="x"))
        self._refused(
            "less than the amount",
            lambda: order.cashier_pay(self.cash.id, 50, tendered=20, client_id=uid()),
        )
        self._refused("points", lambda: order.cashier_pay(self.points.id, 10, client_id=uid()))
        self._refused(
            "may not sign", lambda: order.cashier_pay(self.account.id, 10, client_id=uid())
        )
        # a partial payment is fine; the bill does not close before it is fully paid
        order.cashier_pay(self.stored.id, 50, client_id=uid())
        self._refused("still due", order.cashier_close)

    def test_signed_account_limit(self):
        order = self._order([(self.fish, 4)], self.signer)  # 355.20 → 355
        self.assertEqual(order.cashier_bill()["total"], 355.0)
        before = self.env["fuxi.cashier.payment"].sudo().search_count([])
        with self.assertRaises(UserError) as caught:
            order.cashier_pay(self.account.id, 355, client_id=uid())
        self.assertIn("the limit is 300.00", str(caught.exception))
        self.assertEqual(self.env["fuxi.cashier.payment"].sudo().search_count([]), before)
        order.cashier_pay(self.account.id, 300, client_id=uid())
        order.cashier_pay(self.cash.id, 55, client_id=uid())
        order.cashier_close()
        self.assertEqual(self.signer.sudo()._fuxi_signed_outstanding(), 300.0)

    def test_discount_over_the_limit_needs_the_manager(self):
        order = self.order
        self._refused(
            "needs a cashier manager",
            lambda: order.cashier_set_discount(15, "朋友"),
            FuxiCashierManagerRequired,
        )
        self.assertTrue(issubclass(FuxiCashierManagerRequired, AccessError))
        self._refused("Say why", lambda: order.cashier_set_discount(5, " "))
        self._refused("between 0 and 100", lambda: order.cashier_set_discount(120, "x"))
        bill = order.with_user(self.manager).cashier_set_discount(15, "店长特批")
        # 9折 on 136.00 = 13.60, then 15 % of 122.40 = 18.36
        self.assertEqual(bill["discount_total"], 31.96)

    def test_closed_day_takes_no_payment(self):
        order = self.order
        self.env["fuxi.frontdesk.order"].with_user(self.manager).cashier_day_close()
        self._refused("is closed", lambda: order.cashier_pay(self.cash.id, 10, client_id=uid()))
        self._refused("is closed", lambda: self._topup(self.vip, 100))
        self.env["fuxi.frontdesk.order"].with_user(self.manager).cashier_day_reopen(
            False, "补录一笔"
        )
        order.cashier_pay(self.cash.id, 10, client_id=uid())

    def test_retried_payment_applied_once(self):
        order = self.order
        client_id = uid()
        first = order.cashier_pay(self.cash.id, 20, client_id=client_id)
        again = order.cashier_pay(self.cash.id, 20, client_id=client_id)
        self.assertEqual(first, again)
        self.assertEqual(len(again["payments"]), 1)
        topup_id = uid()
        one = (
            self.env["fuxi.frontdesk.order"]
            .with_user(self.cashier)
            .cashier_topup(self.vip.id, self.cash.id, 1000, topup_id)
        )
        two = (
            self.env["fuxi.frontdesk.order"]
            .with_user(self.cashier)
            .cashier_topup(self.vip.id, self.cash.id, 1000, topup_id)
        )
        self.assertEqual(one, two)
        self.assertEqual(two["member"]["balance"], 1100.0)

    def test_member_cards_pay_only_with_a_member(self):
        order = self._order([(self.tea, 1)])
        with self.assertRaises(UserError) as caught:
            order.cashier_pay(self.stored.id, 5, client_id=uid())
        self.assertIn("Identify the member first", str(caught.exception))

    def test_remove_payment_gives_the_card_back(self):
        self._topup(self.vip, 1000)
        order = self.order
        bill = order.cashier_pay(self.stored.id, 100, client_id=uid())
        self.assertEqual(bill["member"]["balance"], 1000.0)
        bill = order.cashier_remove_payment(bill["payments"][0]["id"])
        self.assertEqual(bill["payments"], [])
        self.assertEqual(bill["member"]["balance"], 1100.0)
        self.assertEqual(*self._ledger_sum(self.vip, "stored_value"))
        with self.assertRaises(UserError) as caught:
            order.cashier_remove_payment(0)
        self.assertIn("not on the bill", str(caught.exception))

    def test_ledger_lines_are_never_edited(self):
        self._topup(self.vip, 100)
        line = (
            self.env["loyalty.history"]
            .sudo()
            .search([("card_id.partner_id", "=", self.vip.id)], limit=1)
        )
        with self.assertRaises(UserError) as caught:
            line.write({"issued": 5000})
        self.assertIn("never changed", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            line.unlink()
        self.assertIn("never deleted", str(caught.exception))
