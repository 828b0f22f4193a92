import xmlrpc.client

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CASHIER, MANAGER, WAITER, CashierCase, uid


@tagged("post_install", "-at_install")
class TestAccess(CashierCase):
    """A waiter takes no money and reads no shift; a cashier reads only their own shift and
    voids nothing; a manager does both."""

    def test_waiter_takes_no_money(self):
        order = self._order([(self.tea, 2)], user=self.waiter)
        as_waiter = order.with_user(self.waiter)
        for call in (
            as_waiter.cashier_bill,
            lambda: as_waiter.cashier_pay(self.cash.id, 25, client_id=uid()),
            lambda: as_waiter.cashier_set_discount(5, "x"),
            as_waiter.cashier_close,
            lambda: as_waiter.cashier_topup(self.vip.id, self.cash.id, 100, uid()),
            as_waiter.cashier_shift,
        ):
            with self.assertRaises(AccessError) as caught:
                call()
            self.assertIn("Only cashiers", str(caught.exception))
        self.assertFalse(order.sudo().cashier_bill_ids.payment_ids)
        # the front desk itself still works for the waiter: payloads say who may take money
        self.assertFalse(as_waiter.read_order()["cashier"]["can_pay"])
        self.assertTrue(order.with_user(self.cashier).read_order()["cashier"]["can_pay"])

    def test_shifts_are_private(self):
        order = self._order([(self.tea, 2)])
        order.cashier_pay(self.cash.id, 25, client_id=uid())
        shift = self.env["fuxi.cashier.shift"].search([("user_id", "=", self.cashier.id)])
        self.assertEqual(len(shift), 1)
        with self.assertRaises(AccessError):
            shift.with_user(self.waiter).read(["expected_cash"])
        self.assertFalse(
            self.env["fuxi.cashier.shift"].with_user(self.cashier2).search([("id", "=", shift.id)])
        )
        with self.assertRaises(AccessError):
            shift.with_user(self.cashier2).read(["expected_cash"])
        self.assertEqual(shift.with_user(self.manager).expected_cash, 25.0)
        self.assertEqual(self.Order.cashier_shift()["expected_cash"], 25.0)
        closed = self.Order.cashier_shift_close(20)
        self.assertEqual((closed["state"], closed["difference"]), ("closed", -5.0))

    def test_cashier_cannot_void(self):
        order = self._order([(self.tea, 2)])
        order.cashier_pay(self.cash.id, 25, client_id=uid())
        order.cashier_close()
        with self.assertRaises(AccessError) as caught:
            order.cashier_void("打错了")
        self.assertIn("Only a cashier manager can void", str(caught.exception))
        self.assertEqual(order.cashier_bill_ids.state, "paid")
        with self.assertRaises(AccessError):
            self.Order.cashier_day_close()
        # cashiers have no write right on bills or payments: only the verbs change them
        with self.assertRaises(AccessError):
            order.cashier_bill_ids.with_user(self.cashier).write({"total": 1})

    def test_zh_cn_labels(self):
        """What a Chinese cashier sees comes in Chinese: the manual discount line, the
        payment method kinds, a refusal."""
        self.cashier.lang = "zh_CN"
        order = self._order([(self.pork, 1)], self.regular)
        bill = order.with_context(lang="zh_CN").cashier_set_discount(5, "熟客")
        self.assertIn("手工折扣", bill["rules"][0]["name"])
        with self.assertRaises(AccessError) as caught:
            order.with_context(lang="zh_CN").with_user(self.cashier).cashier_void("x")
        self.assertIn("收银主管", str(caught.exception))

    def test_member_on_the_guest_profile(self):
        self._topup(self.vip, 1000)
        profile = self.vip.with_user(self.waiter).get_fuxi_guest_profile()
        self.assertEqual(profile["member"]["balance"], 1100.0)
        self.assertEqual(profile["member"]["points"], 100.0)


@tagged("post_install", "-at_install")
class TestCashierOverXmlRpc(HttpCase):
    """A payment taken as an external client does: the answer is plain values."""

    def test_pay_over_xmlrpc(self):
        cashier = new_test_user(self.env, "cs_rpc_cashier", groups=CASHIER)
        new_test_user(self.env, "cs_rpc_manager", groups=MANAGER)
        new_test_user(self.env, "cs_rpc_waiter", groups=WAITER)
        room = self.env["fuxi.room"].create({"name": "收银远程桌", "kind": "table"})
        dish = (
            self.env["product.template"]
            .create({"name": "收银远程菜", "list_price": 30.0, "is_fuxi_dish": True})
            .product_variant_id
        )
        cash = self.env["fuxi.cashier.payment.method"].create({"name": "远程现金", "kind": "cash"})

        def call(method, args, kwargs=None):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                cashier.id,
                "cs_rpc_cashier",
                "fuxi.frontdesk.order",
                method,
                args,
                kwargs or {},
            )

        order = call("open_table", [room.id])
        call("add_lines", [[order["id"]], [{"uid": uid(), "product_id": dish.id}]])
        call("action_send", [[order["id"]], uid()])
        bill = call(
            "cashier_pay",
            [[order["id"]], cash.id, 30],
            {"tendered": 50, "client_id": uid()},
        )
        self.assertEqual((bill["due"], bill["change"]), (0.0, 20.0))
        closed = call("cashier_close", [[order["id"]]])
        self.assertTrue(closed["receipt_url"].startswith("/report/pdf/"))
        self.assertEqual(call("cashier_shift", [])["state"], "open")
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            call("cashier_pay", [[order["id"]], cash.id, -1], {"client_id": uid()})
        self.assertIn("closed", caught.exception.faultString)
        # the panel's one-request settle: two payments and the close, answered as plain values
        wechat = self.env["fuxi.cashier.payment.method"].create(
            {"name": "远程微信", "kind": "wechat", "needs_reference": True}
        )
        second = call("open_table", [room.id])
        call("add_lines", [[second["id"]], [{"uid": uid(), "product_id": dish.id, "quantity": 2}]])
        call("action_send", [[second["id"]], uid()])
        settled = call(
            "cashier_settle",
            [
                [second["id"]],
                [
                    {"method_id": wechat.id, "amount": 40, "reference": "WX-1"},
                    {"method_id": cash.id, "amount": 20, "tendered": 50},
                ],
                uid(),
            ],
            {"due": 60},
        )
        self.assertEqual(settled["bill"]["state"], "paid")
        self.assertEqual((settled["bill"]["due"], settled["bill"]["change"]), (0.0, 30.0))
        self.assertEqual(len(settled["bill"]["payments"]), 2)
        self.assertTrue(settled["receipt_url"].startswith("/report/pdf/"))
