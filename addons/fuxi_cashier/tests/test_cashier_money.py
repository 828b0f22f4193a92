from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestWorkedExamples(CashierCase):
    """The bill to the fen: discounts, room minimum spend, service charge, 抹零, split
    payments and change (the table of README "How the bill is computed"); the same bill by
    the panel's one-request settle."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # June: the birthday month of birthday_vip (born 3 June), not of the others
        cls.startClassPatcher(freeze_time("2026-06-15 04:00:00"))

    def _run(self, case):
        order = self._order(case["lines"], case.get("partner"), case.get("room"))
        if case.get("partner"):
            order.cashier_set_member(case["partner"].id)
        if case.get("discount"):
            order.cashier_set_discount(*case["discount"])
        bill = order.cashier_bill()
        for key, value in case["expect"].items():
            self.assertEqual(bill[key], value, f"{case['name']}: {key}")
        self.assertEqual(
            [(rule["name"], rule["amount"]) for rule in bill["rules"]], case["rules"], case["name"]
        )
        for method, amount, tendered, reference in case["payments"]:
            bill = order.cashier_pay(method.id, amount, tendered, reference, client_id=uid())
        self.assertEqual(bill["due"], 0.0, case["name"])
        self.assertEqual(bill["change"], case["change"], case["name"])
        self.assertEqual(
            [(p["amount"], p["change"]) for p in bill["payments"]], case["applied"], case["name"]
        )
        result = order.cashier_close()
        self.assertEqual(result["bill"]["state"], "paid")
        self.assertEqual(result["bill"]["total"], case["expect"]["total"])
        self.assertEqual(result["bill"]["points_earned"], case["points"], case["name"])
        self.assertEqual(order.state, "done")
        # the visit is the front desk job's, right after the payment's commit
        self._assert_visit_pending(order)
        self.env["fuxi.frontdesk.order"]._cron_record_visits()
        self.assertTrue(order.consumption_id)
        self.assertFalse(order.visit_pending)
        return order

    def test_worked_examples(self):
        self._topup(self.vip, 1000)  # 1100 with the bonus
        self._topup(self.regular, 500)
        cases = [
            {
                "name": "walk-in, no discount, 抹零, cash with change",
                "lines": [(self.fish, 1), (self.pork, 1)],
                "expect": {
                    "subtotal": 156.80,
                    "discount_total": 0.0,
                    "rounding": -0.80,
                    "total": 156.00,
                },
                "rules": [("抹零", -0.80)],
                "payments": [(self.cash, 200.0, False, False)],
                "applied": [(156.00, 44.00)],
                "change": 44.00,
                "points": 0,
            },
            {
                "name": "VIP 9折 without the wine, stored value + cash with change",
                "partner": self.vip,
                "lines": [(self.fish, 2), (self.wine, 1)],
                "expect": {
                    "subtotal": 305.60,
                    "discount_total": 17.76,
                    "rounding": -0.84,
                    "total": 287.00,
                },
                "rules": [("会员9折", -17.76), ("抹零", -0.84)],
                "payments": [(self.stored, 100.0, False, False), (self.cash, 187.0, 200.0, False)],
                "applied": [(100.00, 0.0), (187.00, 13.00)],
                "change": 13.00,
                "points": 18,  # ¥187 cash: 1 point per ¥10; stored value earns none
            },
            {
                "name": "birthday 8折 beats VIP 9折, minimum spend, service charge",
                "partner": self.birthday_vip,
                "room": "room",
                "lines": [(self.fish, 1), (self.pork, 1), (self.tea, 3)],
                "expect": {
                    "subtotal": 194.30,
                    "discount_total": 38.86,
                    "minimum_charge": 344.56,
                    "service_charge": 50.00,
                    "rounding": 0.0,
                    "total": 550.00,
                },
                "rules": [
                    ("生日月8折", -38.86),
                    ("包间最低消费", 344.56),
                    ("包间服务费10%", 50.00),
                ],
                "payments": [
                    (self.wechat, 300.0, False, "WX4200001"),
                    (self.cash, 300.0, False, False),
                ],
                "applied": [(300.00, 0.0), (250.00, 50.00)],
                "change": 50.00,
                "points": 55,
            },
            {
                "name": "manual 5% with a reason, stored value + cash exact",
                "partner": self.regular,
                "discount": (5, "老客户"),
                "lines": [(self.pork, 3)],
                "expect": {
                    "subtotal": 204.00,
                    "discount_total": 10.20,
                    "rounding": -0.80,
                    "total": 193.00,
                },
                "rules": [("Manual discount 5%: 老客户", -10.20), ("抹零", -0.80)],
                "payments": [(self.stored, 93.0, False, False), (self.cash, 100.0, False, False)],
                "applied": [(93.00, 0.0), (100.00, 0.0)],
                "change": 0.0,
                "points": 10,
            },
        ]
        for case in cases:
            with self.subTest(case["name"]):
                self._run(case)
        self.assertEqual(self.vip._fuxi_balances()[0], 1000.00)
        self.assertEqual(self.regular._fuxi_balances()[0], 407.00)

    def test_rounding_step_of_ten_fen(self):
        """抹分 (step 0.10): 78.75 → 78.70, in decimals (78.7 / 0.1 is 786.999… in floats)."""
        self.rule_rounding.rounding_step = 0.1
        order = self._order([(self.tea, 7)], self.vip)
        bill = order.cashier_bill()
        self.assertEqual(
            (bill["subtotal"], bill["discount_total"], bill["rounding"], bill["total"]),
            (87.50, 8.75, -0.05, 78.70),
        )
        self.rule_rounding.rounding_step = 1.0

    def test_points_pay_and_earn(self):
        """Points earned at ¥10 a point, paid at 100 points a yuan, on new ledger lines."""
        self._topup(self.vip, 1000)  # cash: 100 points
        order = self._order([(self.pork, 1)], self.vip)  # 68 → 61.20 → 61
        bill = order.cashier_pay(self.points.id, 0.5, client_id=uid())
        self.assertEqual(bill["payments"][0]["points_used"], 50)
        order.cashier_pay(self.cash.id, 60.5, client_id=uid())
        order.cashier_close()
        self.assertEqual(self.vip._fuxi_balances()[1], 100 - 50 + 6)
        self.assertEqual(*self._ledger_sum(self.vip, "points"))

    # ------------------------------------------------------------- the settle
    # cashier_settle: the payments and the close in one request, all or none, applied once
    # per client id, to the same fen as cashier_pay + cashier_close
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
            order.visit_pending,
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
        # two bills of 100 on the card, the points of two bills; the visit left to the job
        self.assertEqual(bill["member"]["balance"], 900.0)
        self.assertEqual(self._ledger_sum(self.vip, "stored_value"), (900.0, 900.0))
        self.assertEqual(self._ledger_sum(self.vip, "points")[1], bill["member"]["points"])
        self.assertEqual(order.state, "done")
        self._assert_visit_pending(order)
        self.env["fuxi.frontdesk.order"]._cron_record_visits()
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
