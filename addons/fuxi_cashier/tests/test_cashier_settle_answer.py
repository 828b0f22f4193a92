from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CashierCase, uid


@tagged("post_install", "-at_install")
class TestSettleAnswer(CashierCase):
    """The settle answers the closed bill from what it has just computed and moved (the
    figures, the member's new balances) instead of reading its rows back: the answer must be
    what the panel reads for that bill afterwards, to the fen and the point."""

    def _read_back(self, order):
        """The bill as a later request reads it: nothing from this request's cache."""
        self.env.invalidate_all()
        return order.cashier_bill()

    def _settle(self, member, payments, lines=None):
        order = self._order(lines or [(self.fish, 2), (self.pork, 1), (self.wine, 1)], member)
        due = order.cashier_bill()["due"]
        answer = order.cashier_settle(payments(due), uid(), member_id=member.id, due=due)
        return order, answer["bill"]

    def test_answer_is_the_bill_read_back(self):
        self._topup(self.vip, 1000)  # 1100 with the bonus
        cases = {
            # both cards moved: the stored value drawn, the points earned
            "stored value and cash": lambda due: [
                {"method_id": self.stored.id, "amount": 100},
                {"method_id": self.cash.id, "amount": due - 100, "tendered": due},
            ],
            # only the points card moved: the stored value is read
            "cash only": lambda due: [
                {"method_id": self.cash.id, "amount": due, "tendered": due + 50},
            ],
            # the stored value pays all: does it earn points? the answer says what the card has
            "stored value only": lambda due: [{"method_id": self.stored.id, "amount": due}],
            # points pay part (100 points pay ¥1), WeChat the rest
            "points and wechat": lambda due: [
                {"method_id": self.points.id, "amount": 0.2},
                {"method_id": self.wechat.id, "amount": round(due - 0.2, 2), "reference": "W1"},
            ],
        }
        for name, payments in cases.items():
            with self.subTest(name):
                order, answer = self._settle(self.vip, payments)
                self.assertEqual(answer["state"], "paid")
                self.assertEqual(answer, self._read_back(order))
                # and the member block is the cards' balance, which is the ledger's sum
                stored, card_stored = self._ledger_sum(self.vip, "stored_value")
                points, card_points = self._ledger_sum(self.vip, "points")
                self.assertEqual(answer["member"]["balance"], stored)
                self.assertEqual(answer["member"]["balance"], card_stored)
                self.assertEqual(answer["member"]["points"], points)
                self.assertEqual(answer["member"]["points"], card_points)

    def test_answer_of_a_guest_without_member(self):
        order = self._order([(self.tea, 2)])
        answer = order.cashier_settle(
            [{"method_id": self.cash.id, "amount": 25, "tendered": 30}], uid(), due=25
        )["bill"]
        self.assertFalse(answer["member"])
        self.assertEqual((answer["total"], answer["change"]), (25.0, 5.0))
        self.assertEqual(answer, self._read_back(order))

    def test_member_class_name_follows_a_rename_and_the_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        order = self._order([(self.tea, 1)], self.vip)
        self.assertEqual(order.cashier_bill()["member"]["class"], "收银测试VIP")
        # the manager renames the class: the next answer shows the new name (cache cleared)
        self.vip_class.name = "Gold Card"
        self.assertEqual(order.cashier_bill()["member"]["class"], "Gold Card")
        # ... and gives its Chinese name in the translation dialog
        self.vip_class.update_field_translations("name", {"zh_CN": "金卡会员"})
        self.assertEqual(
            order.with_context(lang="zh_CN").cashier_bill()["member"]["class"], "金卡会员"
        )
        self.assertEqual(
            order.with_context(lang="en_US").cashier_bill()["member"]["class"], "Gold Card"
        )

    def _pay_cash(self, order):
        """Settle the order in cash as cashier2 (the tea: 12.50 → 12 with 抹零)."""
        order = order.with_user(self.cashier2)
        due = order.cashier_bill()["due"]
        return order.cashier_settle([{"method_id": self.cash.id, "amount": due}], uid(), due=due)

    def test_settle_opens_the_cashiers_shift_on_an_open_day(self):
        Shift = self.env["fuxi.cashier.shift"]
        self.assertFalse(Shift.search([("user_id", "=", self.cashier2.id)]))
        self._pay_cash(self._order([(self.tea, 2)], user=self.cashier2))
        shift = Shift.search([("user_id", "=", self.cashier2.id)])
        self.assertEqual(len(shift), 1)
        self.assertEqual(shift.state, "open")
        self.assertEqual(shift.payment_ids.mapped("amount"), [25.0])  # 2 teas: 25.00
        # the second settle goes on the same shift, not another one
        self._pay_cash(self._order([(self.tea, 1)], user=self.cashier2))
        self.assertEqual(Shift.search([("user_id", "=", self.cashier2.id)]), shift)
        self.assertEqual(
            sorted(shift.payment_ids.mapped("amount")), [12.0, 25.0]
        )  # one tea: 12.50 → 12.00 (抹零)
        # another store's open shift of the same cashier is not theirs here
        other = self.env["res.company"].create({"name": "收银测试分店"})
        Shift.sudo().create(
            {"user_id": self.cashier2.id, "company_id": other.id, "date": shift.date}
        )
        self._pay_cash(self._order([(self.tea, 1)], user=self.cashier2))
        self.assertEqual(len(shift.payment_ids), 3)
        # once the day is closed, the settle is refused with the day's words, nothing paid
        self.env["fuxi.cashier.day"].with_user(self.manager)._get_day(shift.date, create=True)
        self.env["fuxi.cashier.day"].search([("date", "=", shift.date)]).sudo().state = "closed"
        order = self._order([(self.tea, 1)], user=self.cashier2)
        with self.assertRaisesRegex(UserError, "closed"):
            self._pay_cash(order)
        self.assertEqual(len(shift.payment_ids), 3)
