"""The guest profile a swipe pushes and the front desk shows, with every addon's block
(history, new dishes, complaints, member balance, news), costs a bounded number of queries
whatever the guest's history: the busiest regular's costs what a newcomer's does (issue 16).
"""

from datetime import datetime, timedelta

from odoo.tests import TransactionCase, new_test_user

# what the whole profile reads, every block filled (new dishes, history, complaints, member
# card, news); the code before issue 16 read each shown visit's lines and products on their
# own and every column of the dishes, complaints and news shown (47 here for the regular)
PROFILE_QUERY_CAP = 32


class TestGuestProfileQueries(TransactionCase):
    # outside odoo.addons.*, Odoo's test metaclass does not fill these in
    test_tags = {"standard", "at_install"}
    test_module = "fuxi_tests"
    test_class = "TestGuestProfileQueries"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=True, mail_notrack=True, no_reset_password=True
            )
        )
        cls.user = new_test_user(
            cls.env,
            "profile_queries_desk",
            groups="fuxi_customer.group_fuxi_customer_user,"
            "fuxi_tracking.group_fuxi_tracking_viewer,"
            "fuxi_service.group_fuxi_service_manager",
            tz="Asia/Shanghai",
        )
        Product = cls.env["product.product"]
        cls.dishes = Product.create(
            [{"name": f"测试菜{n}", "list_price": 10.0 + n, "is_fuxi_dish": True} for n in range(8)]
        )
        peanut = cls.env.ref("fuxi_customer.taste_peanut_allergy")
        tastes = cls.env["fuxi.taste"].search([("id", "!=", peanut.id)], limit=2)
        # two guests alike but for their history
        cls.regular, cls.newcomer = cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_fuxi_customer": True,
                    "ref": code,
                    "mobile": "13800138000",
                    "birthdate_date": "1980-03-01",
                    "taste_preference_ids": [(6, 0, tastes.ids)],
                    "taboo_ids": [(6, 0, peanut.ids)],
                    "important_date_ids": [(0, 0, {"kind": "wedding", "date": "2001-06-01"})],
                }
                for name, code in (("常客钱", "PQ-0001"), ("新客孙", "PQ-0002"))
            ]
        )
        room = cls.env["fuxi.room"].create({"name": "查询包间", "kind": "room", "capacity": 8})
        start = datetime(2026, 1, 1, 11, 0)
        # more visits than the profile shows, each with more lines than it lists, one dish
        # twice: the cost must not grow with them
        first, second, *others = cls.dishes
        lines = [first, second, first, *others]
        cls.visits = cls.env["fuxi.consumption"].create(
            [
                {
                    "partner_id": cls.regular.id,
                    "date": start + timedelta(days=day),
                    "room_id": room.id,
                    "guest_count": 2 + day,
                    "state": "done",
                    "line_ids": [
                        (0, 0, {"product_id": product.id, "quantity": 1}) for product in lines
                    ],
                }
                for day in range(7)
            ]
        )
        cls.env["fuxi.consumption"].create(
            {
                "partner_id": cls.newcomer.id,
                "date": start,
                "room_id": room.id,
                "state": "done",
                "line_ids": [(0, 0, {"product_id": first.id, "quantity": 1})],
            }
        )
        category = cls.env["fuxi.complaint.category"].search([], limit=1)
        for partner in cls.regular | cls.newcomer:
            cls.env["fuxi.complaint"].create(
                {
                    "partner_id": partner.id,
                    "category_id": category.id,
                    "object_type": "dish",
                    "product_id": first.id,
                    "description": "上菜太慢",
                }
            )
            card = partner._fuxi_card("stored_value", create=True)
            card.points = 500
        cls.env["fuxi.marketing.news"].create({"name": "春季新菜上市"}).action_publish()

    def _profile_queries(self, partner):
        """(profile, queries) of a profile read as a new request reads it: empty record
        cache, warm registry caches."""
        partner = partner.with_user(self.user).with_context(tz="Asia/Shanghai", lang="en_US")
        self.env.flush_all()
        partner.get_fuxi_guest_profile()  # warms the registry's caches (rules, access)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        profile = partner.get_fuxi_guest_profile()
        return profile, self.cr.sql_log_count - before

    def test_profile_queries_bounded_and_constant(self):
        profile, queries = self._profile_queries(self.regular)
        # every block is in it, filled
        self.assertEqual(profile["visit_count"], 7)
        self.assertEqual(len(profile["recent_visits"]), 5)
        self.assertTrue(profile["open_complaints"])
        self.assertEqual(profile["member"]["balance"], 500)
        self.assertIn("春季新菜上市", [item["title"] for item in profile["news"]])
        self.assertTrue(profile["taboos"])
        _profile, newcomer_queries = self._profile_queries(self.newcomer)
        # the regular's seven visits of nine lines cost no more than the newcomer's one
        self.assertLessEqual(
            max(queries, newcomer_queries),
            PROFILE_QUERY_CAP,
            f"the guest profile reads too much: {queries} queries for a regular, "
            f"{newcomer_queries} for a newcomer",
        )

    def test_last_visits_list_first_six_lines_each_dish_once(self):
        profile, _queries = self._profile_queries(self.regular)
        newest = profile["recent_visits"][0]
        self.assertEqual(newest["guests"], 8, "newest first")
        self.assertEqual(newest["room"], "查询包间")
        # lines: dish 0, 1, 0 again, 2 … 7: the first six lines, each dish once
        self.assertEqual(newest["dishes"], "、".join(self.dishes[:5].mapped("name")))
