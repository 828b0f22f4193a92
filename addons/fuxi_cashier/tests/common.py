import uuid
from datetime import date

from odoo.tests import TransactionCase, new_test_user

WAITER = "fuxi_frontdesk.group_fuxi_frontdesk_user"
CASHIER = "fuxi_cashier.group_fuxi_cashier"
MANAGER = "fuxi_cashier.group_fuxi_cashier_manager"


def uid():
    return uuid.uuid4().hex


class CashierCase(TransactionCase):
    """Users of each role, dishes in a discounted and an excluded category, members, the
    price rules of the worked examples and one payment method of each kind — made here,
    with every rule of the database switched off, so the figures do not depend on data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.company = env.company
        cls.waiter = new_test_user(env, "cs_waiter", groups=WAITER)
        cls.cashier = new_test_user(env, "cs_cashier", groups=CASHIER)
        cls.cashier2 = new_test_user(env, "cs_cashier2", groups=CASHIER)
        cls.manager = new_test_user(env, "cs_manager", groups=MANAGER)
        env["fuxi.cashier.price.rule"].search([]).active = False
        env["fuxi.cashier.topup.rule"].search([]).active = False
        Category = env["fuxi.dish.category"]
        cls.cat_food = Category.create({"name": "收银测试热菜"})
        cls.cat_wine = Category.create({"name": "收银测试酒水"})

        def dish(name, price, category):
            return (
                env["product.template"]
                .create(
                    {
                        "name": name,
                        "list_price": price,
                        "is_fuxi_dish": True,
                        "fuxi_category_id": category.id,
                    }
                )
                .product_variant_id
            )

        cls.fish = dish("收银测试醋鱼", 88.80, cls.cat_food)
        cls.pork = dish("收银测试东坡肉", 68.00, cls.cat_food)
        cls.tea = dish("收银测试龙井", 12.50, cls.cat_food)
        cls.wine = dish("收银测试黄酒", 128.00, cls.cat_wine)
        Class = env["fuxi.customer.class"]
        cls.vip_class = Class.create({"name": "收银测试VIP", "code": "CSVIP", "is_vip": True})
        cls.regular_class = Class.create({"name": "收银测试普通", "code": "CSREG"})
        Partner = env["res.partner"]
        cls.vip = Partner.create(
            {
                "name": "收银测试贵宾",
                "is_fuxi_customer": True,
                "customer_class_id": cls.vip_class.id,
                "birthdate_date": date(1980, 1, 20),
            }
        )
        cls.birthday_vip = Partner.create(
            {
                "name": "收银测试寿星",
                "is_fuxi_customer": True,
                "customer_class_id": cls.vip_class.id,
                "birthdate_date": date(1975, 6, 3),
            }
        )
        cls.regular = Partner.create(
            {
                "name": "收银测试常客",
                "is_fuxi_customer": True,
                "customer_class_id": cls.regular_class.id,
                "birthdate_date": date(1990, 3, 9),
            }
        )
        cls.signer = Partner.create(
            {
                "name": "收银测试签单客",
                "is_fuxi_customer": True,
                "customer_class_id": cls.regular_class.id,
                "fuxi_can_sign": True,
                "fuxi_sign_limit": 300.0,
            }
        )
        Rule = env["fuxi.cashier.price.rule"]
        cls.rule_vip = Rule.create(
            {
                "name": "会员9折",
                "kind": "member_class",
                "percent": 10,
                "customer_class_ids": [(4, cls.vip_class.id)],
                "exclude_category_ids": [(4, cls.cat_wine.id)],
            }
        )
        cls.rule_birthday = Rule.create(
            {
                "name": "生日月8折",
                "kind": "birthday",
                "percent": 20,
                "exclude_category_ids": [(4, cls.cat_wine.id)],
            }
        )
        cls.rule_minimum = Rule.create({"name": "包间最低消费", "kind": "minimum_spend"})
        cls.rule_service = Rule.create(
            {"name": "包间服务费10%", "kind": "service_charge", "percent": 10, "room_kind": "room"}
        )
        cls.rule_rounding = Rule.create({"name": "抹零", "kind": "rounding", "rounding_step": 1.0})
        env["fuxi.cashier.topup.rule"].create(
            [
                {"name": "充1000送100", "min_amount": 1000, "bonus": 100},
                {"name": "充3000送400", "min_amount": 3000, "bonus": 400},
            ]
        )
        Method = env["fuxi.cashier.payment.method"]
        cls.cash = Method.create({"name": "测试现金", "kind": "cash"})
        cls.wechat = Method.create({"name": "测试微信", "kind": "wechat"})
        cls.stored = Method.create({"name": "测试储值", "kind": "stored_value"})
        cls.points = Method.create({"name": "测试积分", "kind": "points"})
        cls.account = Method.create({"name": "测试挂账", "kind": "account"})
        cls.retired = Method.create({"name": "测试停用", "kind": "alipay", "active": False})
        # the company's programs, as a first payment would make them
        cls.company._fuxi_cashier_program("stored_value")
        cls.company._fuxi_cashier_program("points")
        cls.Order = env["fuxi.frontdesk.order"].with_user(cls.cashier)

    def _order(self, lines, partner=None, room=None, user=None):
        """An order of [(dish, quantity)] sent to the kitchen, opened by the cashier."""
        Order = self.env["fuxi.frontdesk.order"].with_user(user or self.cashier)
        if not room or room == "room":
            room = self.env["fuxi.room"].create(
                {"name": f"收银测试{uid()[:6]}", "kind": room or "table"}
                | ({"minimum_spend": 500.0} if room == "room" else {})
            )
        payload = Order.open_table(room.id, partner.id if partner else False, 2)
        order = Order.browse(payload["id"])
        order.add_lines(
            [{"uid": uid(), "product_id": dish.id, "quantity": qty} for dish, qty in lines]
        )
        order.action_send(uid())
        return order

    def _topup(self, partner, amount, user=None):
        Order = self.env["fuxi.frontdesk.order"].with_user(user or self.cashier)
        return Order.cashier_topup(partner.id, self.cash.id, amount, uid())

    def _assert_visit_pending(self, order):
        """The cashier's close leaves the guest's visit to the front desk's job: the table is
        closed and marked for the job, no visit written for it yet."""
        self.assertEqual(order.state, "done")
        self.assertTrue(order.visit_pending)
        self.assertFalse(order.consumption_id)
        self.assertFalse(
            self.env["fuxi.consumption"].search_count(
                [("room_id", "=", order.room_id.id), ("date", "=", order.opened_at)]
            )
        )

    def _ledger_sum(self, partner, kind):
        card = partner._fuxi_card(kind)
        lines = self.env["loyalty.history"].sudo().search([("card_id", "=", card.id)])
        return sum(lines.mapped("issued")) - sum(lines.mapped("used")), card.points
