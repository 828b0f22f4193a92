import uuid

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools.translate import code_translations

from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

CARD_NUMBER = "6228480402569999"


@tagged("post_install", "-at_install")
class TestCashierTour(HttpCase):
    """The issue's "Checked by": a Chinese cashier opens a table, swipes a VIP member's card,
    orders, sends, checks out with the member's 9折, pays ¥100 with the card's stored value
    and the rest in cash with change, closes the bill; the receipt's PDF text and the day's
    figures are checked here. At 1024×768 and on a portrait 10" tablet (800×1280, touch)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cashier = new_test_user(
            cls.env,
            "cash_tour_cashier",
            groups="fuxi_cashier.group_fuxi_cashier",
            lang="zh_CN",
            tz="Asia/Shanghai",
        )
        # the store's rules of this test only: VIP 9折 and 抹零 to the yuan
        Rule = cls.env["fuxi.cashier.price.rule"]
        Rule.search([]).active = False
        Rule.create(
            [
                {
                    "name": "会员VIP 9折",
                    "kind": "member_class",
                    "percent": 10,
                    "customer_class_ids": [
                        (6, 0, cls.env.ref("fuxi_customer.customer_class_vip").ids)
                    ],
                },
                {"name": "抹零", "kind": "rounding", "rounding_step": 1.0},
            ]
        )
        cls.room = cls.env["fuxi.room"].create(
            {"name": "收银巡回厅", "kind": "room", "area": "收银巡回区", "capacity": 8}
        )
        template = cls.env["product.template"].create(
            {"name": "收银巡回鱼", "is_fuxi_dish": True, "list_price": 188}
        )
        template.fuxi_station = "hot"
        cls.member = cls.env["res.partner"].create(
            {
                "name": "收银巡回会员",
                "is_fuxi_customer": True,
                "customer_class_id": cls.env.ref("fuxi_customer.customer_class_vip").id,
            }
        )
        cls.env["fuxi.card"].create(
            {"number": CARD_NUMBER, "partner_id": cls.member.id, "kind": "magstripe"}
        )
        cls.cash = cls.env.ref("fuxi_cashier.payment_method_cash")
        Order = cls.env["fuxi.frontdesk.order"].with_user(cls.cashier)
        # ¥100 on the member's card (no bonus below 1000)
        Order.cashier_topup(cls.member.id, cls.cash.id, 100, uuid.uuid4().hex)
        # the member's company signed an earlier bill (挂账) that it settles in the tour
        cls.member.write({"fuxi_can_sign": True, "fuxi_sign_limit": 1000.0})
        signed_room = cls.env["fuxi.room"].create(
            {"name": "收银巡回签单厅", "kind": "table", "area": "收银巡回区", "capacity": 4}
        )
        signed = Order.browse(Order.open_table(signed_room.id, cls.member.id, 2)["id"])
        signed.add_lines(
            [{"uid": uuid.uuid4().hex, "product_id": template.product_variant_id.id, "quantity": 1}]
        )
        signed.action_send(uuid.uuid4().hex)
        account = cls.env.ref("fuxi_cashier.payment_method_account")
        cls.signed_due = signed.cashier_bill()["due"]
        signed.cashier_pay(account.id, cls.signed_due, client_id=uuid.uuid4().hex)
        signed.cashier_close()
        # 130 points: the tea (100) is within reach, the duck (500) is not
        program = cls.env.company._fuxi_cashier_program("points")
        cls.reward = cls.env["loyalty.reward"].create(
            {
                "program_id": program.id,
                "reward_type": "discount",
                "discount_mode": "per_order",
                "discount": 10,
                "required_points": 100,
                "description": "收银巡回茶",
            }
        )
        cls.env["loyalty.reward"].create(
            {
                "program_id": program.id,
                "reward_type": "discount",
                "discount_mode": "per_order",
                "discount": 10,
                "required_points": 500,
                "description": "收银巡回烤鸭",
            }
        )
        card = cls.member.sudo()._fuxi_card("points", create=True)
        card.invalidate_recordset(["points"])
        card._fuxi_post(130 - card.points, "earn", "tour")

    def _receipt_text(self, bill):
        """The receipt the panel opens: its route answers the cashier; its PDF (rendered for
        real: in test mode the route gives HTML) read as text, in the cashier's language."""
        self.authenticate(self.cashier.login, self.cashier.login)
        response = self.url_open(f"/report/pdf/fuxi_cashier.report_cashier_receipt/{bill.id}")
        self.assertEqual(response.status_code, 200)
        pdf, _ = (
            self.env["ir.actions.report"]
            .with_user(self.cashier)
            .with_context(lang="zh_CN", tz="Asia/Shanghai", force_report_rendering=True)
            ._render_qweb_pdf("fuxi_cashier.report_cashier_receipt", bill.ids)
        )
        # wkhtmltopdf puts a zero-width space after the minus sign of "¥ -18.80"
        return pdf_text_and_pages(pdf)[0].replace("\u200b", "")

    def _run_checkout(self):
        self.start_tour(
            "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
            "fuxi_cashier_checkout",
            login=self.cashier.login,
        )
        order = self.env["fuxi.frontdesk.order"].search([("room_id", "=", self.room.id)])
        self.assertEqual(order.state, "done")
        self.assertEqual(order.partner_id, self.member, "the swiped card named the guest")
        # the settle leaves the visit to the front desk's job, run after its commit
        self.assertTrue(order.visit_pending)
        self.assertFalse(order.consumption_id, "the visit is not written by the settle")
        self.env["fuxi.frontdesk.order"]._cron_record_visits()
        self.assertFalse(order.visit_pending)
        self.assertEqual(order.consumption_id.partner_id, self.member, "the visit is recorded")
        bill = order.cashier_bill_ids
        self.assertEqual(bill.state, "paid")
        self.assertEqual(bill.total, 169.0, "188 − 18.80 (VIP 9折) − 0.20 (抹零)")
        payments = bill.payment_ids.filtered(lambda payment: payment.state == "posted")
        self.assertEqual(
            sorted(
                (payment.kind, payment.amount, payment.tendered, payment.change)
                for payment in payments
            ),
            [("cash", 69.0, 100.0, 31.0), ("stored_value", 100.0, 0.0, 0.0)],
        )
        # both came with the close in one request (cashier_settle: "<client id>:<n>")
        self.assertEqual(
            sorted(payment.client_id.rsplit(":", 1)[1] for payment in payments), ["0", "1"]
        )
        member = (
            self.env["fuxi.frontdesk.order"].with_user(self.cashier).cashier_member(self.member.id)
        )
        self.assertEqual(member["balance"], 0.0)
        # the tea taken for points and the earlier signed bill settled in cash, from the panel
        reward_line = (
            self.env["loyalty.history"].sudo().search([("fuxi_reward_id", "=", self.reward.id)])
        )
        self.assertEqual(reward_line.used, 100)
        self.assertEqual(member["signed_owed"], 0.0)
        settlement = self.env["fuxi.cashier.settlement"].search(
            [("partner_id", "=", self.member.id)]
        )
        self.assertEqual((settlement.amount, settlement.method_id), (self.signed_due, self.cash))

        text = self._receipt_text(bill)
        for expected in (
            "收银巡回鱼",
            "收银巡回会员",
            "会员VIP 9折",
            "-18.80",
            "169.00",
            "100.00",
            "31.00",
        ):
            self.assertIn(expected, text)

        figures = self.env["fuxi.frontdesk.order"].with_user(self.cashier).cashier_day()["day"]
        self.assertGreaterEqual(figures["bills"], 1)
        self.assertGreaterEqual(figures["stored_value_used"], 100.0)
        self.assertIn("会员VIP 9折", [discount["name"] for discount in figures["discounts"]])

    def test_checkout_1024x768(self):
        self.browser_size = "1024x768"
        self._run_checkout()

    def test_checkout_portrait_tablet(self):
        self.browser_size = "800x1280"
        self.touch_enabled = True
        self._run_checkout()


class TestCashierScreenTerms(TransactionCase):
    """The panel's English source terms are its own: no installed module translates one of
    them differently (Odoo 18's JS translations are one dictionary), and a zh_CN label
    arrives."""

    def test_panel_terms(self):
        def web_terms(module):
            messages = code_translations.get_web_translations(module, "zh_CN")["messages"]
            return {message["id"]: message["string"] for message in messages}

        ours = web_terms("fuxi_cashier")
        self.assertEqual(ours.get("Take payment"), "收款")
        self.assertEqual(ours.get("Record the payment"), "确认收款")
        installed = self.env["ir.module.module"].search([("state", "=", "installed")])
        clashes = [
            f"{term!r}: ours {ours[term]}, {module} {chinese}"
            for module in installed.mapped("name")
            if module != "fuxi_cashier"
            for term, chinese in web_terms(module).items()
            if term in ours and ours[term] != chinese
        ]
        self.assertFalse(clashes)
