from freezegun import freeze_time

from odoo.tests import tagged

from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestWorkedExamples(CashierCase):
    """The bill to the fen: discounts, room minimum spend, service charge, 抹零, split
    payments and change (the table of README "How the bill is computed")."""

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
        self.assertTrue(order.consumption_id)
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
