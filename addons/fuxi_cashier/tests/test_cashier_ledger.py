import random

from odoo import fields
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
        """1,000 random top-ups, payments, removals, refunds and (now and then) a bill
        closed and voided. The frequent operations call the business methods under the
        verbs (the verbs' checks and answers are tested above): the ledger is what is
        checked here, at a cost the test run can afford."""
        rng = random.Random(13)
        members = self.vip | self.regular | self.birthday_vip
        manager = self.env["fuxi.frontdesk.order"].with_user(self.manager)
        env = self.env(user=self.cashier)
        Topup, Payment = env["fuxi.cashier.topup"], env["fuxi.cashier.payment"].sudo()
        today = fields.Date.context_today(Topup)
        expected = dict.fromkeys(members.ids, 0.0)
        bills = {}  # member id → its open bill
        topups = []
        counts = dict.fromkeys(("topup", "pay", "remove", "void", "refund", "refused"), 0)

        def bill_of(member):
            if member.id not in bills:
                order = self._order([(self.fish, 10)], member)
                order.cashier_bill()
                bills[member.id] = order.cashier_bill_ids.with_env(env)
            return bills[member.id]

        def close_and_void(member):
            bill = bills.pop(member.id)
            order = bill.order_id.with_user(self.cashier)
            order.cashier_pay(self.cash.id, order.cashier_bill()["due"], client_id=uid())
            order.cashier_close()
            manager.browse(order.id).cashier_void("随机作废")
            stored = bill.payment_ids.filtered(
                lambda p: p.kind == "stored_value" and p.state == "posted" and p.amount > 0
            )
            expected[member.id] = round(expected[member.id] + sum(stored.mapped("amount")), 2)
            counts["void"] += 1

        for _step in range(1000):
            member = rng.choice(members)
            roll = rng.random()
            try:
                with self.env.cr.savepoint():
                    if roll < 0.35:
                        amount = rng.choice((50, 200, 1000, 3000, round(rng.uniform(1, 500), 2)))
                        topup = Topup.sudo().create(
                            {
                                "partner_id": member.id,
                                "method_id": self.cash.id,
                                "amount": amount,
                                "bonus": Topup._bonus_for(amount, self.company),
                                "user_id": self.cashier.id,
                                "date": today,
                                "company_id": self.company.id,
                            }
                        )
                        topup._post()
                        topups.append(topup)
                        expected[member.id] = round(expected[member.id] + amount + topup.bonus, 2)
                        counts["topup"] += 1
                    elif roll < 0.8:
                        bill = bill_of(member)
                        posted = bill.payment_ids.filtered(lambda p: p.state == "posted")
                        if len(posted) >= 6:
                            close_and_void(member)
                            continue
                        # now and then more than the card holds: refused, nothing written
                        amount = round(rng.uniform(0.01, 300), 2)
                        payment = Payment.create(
                            {
                                "bill_id": bill.id,
                                "method_id": self.stored.id,
                                "amount": amount,
                                "partner_id": member.id,
                                "user_id": self.cashier.id,
                                "date": today,
                                "company_id": self.company.id,
                            }
                        )
                        payment._draw(bill)
                        expected[member.id] = round(expected[member.id] - amount, 2)
                        counts["pay"] += 1
                    elif roll < 0.93:
                        posted = bill_of(member).payment_ids.filtered(lambda p: p.state == "posted")
                        if not posted:
                            continue
                        payment = rng.choice(posted)
                        payment._remove()
                        expected[member.id] = round(expected[member.id] + payment.amount, 2)
                        counts["remove"] += 1
                    else:
                        if not topups:
                            continue
                        topup = rng.choice(topups)
                        manager.cashier_refund_topup(topup.id, "随机退款")
                        topups.remove(topup)
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
