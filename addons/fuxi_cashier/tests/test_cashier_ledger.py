import random

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestLedger(CashierCase):
    """Every balance is the sum of its ledger lines, after any mix of operations; voids and
    refunds are new lines, never edits."""

    def _balances(self, members):
        return {m.id: m._fuxi_balances() for m in members}

    def test_void_reverses_by_new_lines(self):
        self._topup(self.vip, 1000)  # 1100, 100 points
        order = self._order([(self.fish, 2), (self.wine, 1)], self.vip)  # 287.00
        order.cashier_pay(self.stored.id, 100, client_id=uid())
        order.cashier_pay(self.points.id, 0.5, client_id=uid())
        order.cashier_pay(self.cash.id, 186.5, client_id=uid())
        order.cashier_close()
        self.assertEqual(self.vip._fuxi_balances(), (1000.0, 100.0 - 50 + 18))
        lines_before = self.env["loyalty.history"].sudo().search_count([])
        with self.assertRaises(UserError) as caught:
            order.with_user(self.manager).cashier_void("  ")
        self.assertIn("Say why", str(caught.exception))
        bill = order.with_user(self.manager).cashier_void("客人投诉，全单作废")
        self.assertEqual(bill["state"], "void")
        self.assertEqual(self.vip._fuxi_balances(), (1100.0, 100.0))
        # stored value back, points back, points earned taken back: three new lines
        self.assertEqual(self.env["loyalty.history"].sudo().search_count([]), lines_before + 3)
        payments = order.cashier_bill_ids.payment_ids
        self.assertEqual(sum(payments.mapped("amount")), 0.0)
        self.assertEqual(len(payments), 6)  # three payments, three reversals
        for kind in ("stored_value", "points"):
            self.assertEqual(*self._ledger_sum(self.vip, kind))
        day = self.env["fuxi.frontdesk.order"].with_user(self.cashier).cashier_day()["day"]
        self.assertEqual(day["voids"], {"count": 1, "amount": 287.0})

    def test_refund_of_a_topup(self):
        result = self._topup(self.vip, 1000)
        Order = self.env["fuxi.frontdesk.order"]
        with self.assertRaises(UserError) as caught:
            Order.with_user(self.cashier).cashier_refund_topup(result["topup"]["id"], "退卡")
        self.assertIn("Only a cashier manager", str(caught.exception))
        refund = Order.with_user(self.manager).cashier_refund_topup(result["topup"]["id"], "退卡")
        self.assertEqual(refund["topup"]["state"], "refunded")
        self.assertEqual(refund["member"]["balance"], 0.0)
        self.assertEqual(refund["member"]["points"], 0.0)
        with self.assertRaises(UserError) as caught:
            Order.with_user(self.manager).cashier_refund_topup(result["topup"]["id"], "再退")
        self.assertIn("already refunded", str(caught.exception))

    def test_randomized_thousand_operations(self):
        rng = random.Random(13)
        members = self.vip | self.regular | self.birthday_vip
        Order = self.env["fuxi.frontdesk.order"]
        cashier = Order.with_user(self.cashier)
        manager = Order.with_user(self.manager)
        expected = {member.id: 0.0 for member in members}
        bills = {}  # member id → (order, its last bill answer)
        topups = []
        counts = dict.fromkeys(("topup", "pay", "remove", "close", "void", "refund", "refused"), 0)

        def bill_of(member):
            if member.id not in bills:
                order = self._order([(self.fish, 10)], member)
                bills[member.id] = (order, order.cashier_bill())
            return bills[member.id]

        def close(member):
            """Pay the rest in cash and close; every other bill is then voided, which gives
            its stored value back."""
            order, bill = bills.pop(member.id)
            order.cashier_pay(self.cash.id, bill["due"], client_id=uid())
            order.cashier_close()
            counts["close"] += 1
            if rng.random() < 0.5:
                manager.browse(order.id).cashier_void("随机作废")
                paid = sum(p["amount"] for p in bill["payments"] if p["kind"] == "stored_value")
                expected[member.id] = round(expected[member.id] + paid, 2)
                counts["void"] += 1

        for _step in range(1000):
            member = rng.choice(members)
            roll = rng.random()
            try:
                if roll < 0.35:
                    amount = rng.choice((50, 200, 1000, 3000, round(rng.uniform(1, 500), 2)))
                    result = cashier.cashier_topup(member.id, self.cash.id, amount, uid())
                    topups.append(result["topup"]["id"])
                    bonus = result["topup"]["bonus"]
                    expected[member.id] = round(expected[member.id] + amount + bonus, 2)
                    counts["topup"] += 1
                elif roll < 0.8:
                    order, bill = bill_of(member)
                    if len(bill["payments"]) >= 6 or bill["due"] < 1:
                        close(member)
                        continue
                    # now and then more than the card holds: refused, nothing written
                    amount = round(rng.uniform(0.01, min(bill["due"] - 0.5, 300)), 2)
                    bills[member.id] = (
                        order,
                        order.cashier_pay(self.stored.id, amount, client_id=uid()),
                    )
                    expected[member.id] = round(expected[member.id] - amount, 2)
                    counts["pay"] += 1
                elif roll < 0.93:
                    order, bill = bill_of(member)
                    if not bill["payments"]:
                        continue
                    payment = rng.choice(bill["payments"])
                    bills[member.id] = (order, order.cashier_remove_payment(payment["id"]))
                    expected[member.id] = round(expected[member.id] + payment["amount"], 2)
                    counts["remove"] += 1
                else:
                    if not topups:
                        continue
                    topup = self.env["fuxi.cashier.topup"].browse(rng.choice(topups))
                    manager.cashier_refund_topup(topup.id, "随机退款")
                    topups.remove(topup.id)
                    expected[topup.partner_id.id] = round(
                        expected[topup.partner_id.id] - topup.amount - topup.bonus, 2
                    )
                    counts["refund"] += 1
            except UserError:
                counts["refused"] += 1
        for member in members:
            ledger, balance = self._ledger_sum(member, "stored_value")
            self.assertAlmostEqual(ledger, balance, places=6)
            self.assertEqual(round(balance, 2), expected[member.id])
            self.assertGreaterEqual(balance, 0.0)
            points_ledger, points = self._ledger_sum(member, "points")
            self.assertEqual(points_ledger, points)
        for kind, count in counts.items():
            self.assertGreater(count, 0, kind)
