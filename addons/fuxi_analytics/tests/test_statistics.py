from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import FuxiAnalyticsCase


class TestStatistics(FuxiAnalyticsCase):
    """The new statistics against figures worked out by hand.

    March 2021 (Shanghai time); 周 西湖区, 孙 海曙区, 钱 浦东新区, 李 杭州市, 赵 浙江省:
      周  03-01 00:00 醋鱼×2 黄酒×3  = 176 + 174 = 350   guests 4   (first minute of March)
      周  03-15 19:00 东坡肉×1 茶×2  =  68 +  76 = 144   guests 2
      孙  03-10 12:00 醋鱼×5         = 440              guests 3
      钱  03-20 12:00 虾仁×7 黄酒×1  = 896 +  58 = 954   guests 2
      李  03-31 23:59 醋鱼×1 东坡肉×1 =  88 +  68 = 156   guests 2   (last minute of March)
      赵  03-05 12:00 茶×4           = 152              guests 1
      walk-in 03-21 12:00 醋鱼×1     =  88              guests 2
      March revenue 2284; customers' revenue (no walk-in) 2196.
    Outside: 周 04-01 00:00 醋鱼×9 (first minute of April), 孙 02-28 23:59 醋鱼×9.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        visit = cls._visit
        visit(cls.zhou, "2021-03-01 00:00", [(cls.fish, 2), (cls.wine, 3)], guest_count=4)
        visit(cls.zhou, "2021-03-15 19:00", [(cls.pork, 1), (cls.tea, 2)], guest_count=2)
        visit(cls.sun, "2021-03-10 12:00", [(cls.fish, 5)], guest_count=3)
        visit(cls.qian, "2021-03-20 12:00", [(cls.shrimp, 7), (cls.wine, 1)], guest_count=2)
        visit(cls.li, "2021-03-31 23:59", [(cls.fish, 1), (cls.pork, 1)], guest_count=2)
        visit(cls.zhao, "2021-03-05 12:00", [(cls.tea, 4)], guest_count=1)
        visit(False, "2021-03-21 12:00", [(cls.fish, 1)], guest_count=2)
        visit(cls.zhou, "2021-04-01 00:00", [(cls.fish, 9)])
        visit(cls.sun, "2021-02-28 23:59", [(cls.fish, 9)])

    def _get(self, statistic, date_from="2021-03-01", date_to="2021-03-31", **kwargs):
        return (
            self.env["fuxi.statistic"]
            .with_user(self.viewer)
            .get_statistic(statistic, date_from, date_to, **kwargs)
        )

    def _rows(self, result, *columns):
        return [tuple(row[column] for column in columns) for row in result["rows"]]

    def test_customers_by_quantity(self):
        result = self._get("customer_quantity")
        # 周 and 钱 both bought 8: the larger amount comes first
        self.assertEqual(
            self._rows(result, "rank", "partner_id", "quantity", "amount", "visits"),
            [
                (1, self.qian.id, 8, 954, 1),
                (2, self.zhou.id, 8, 494, 2),
                (3, self.sun.id, 5, 440, 1),
                (4, self.zhao.id, 4, 152, 1),
                (5, self.li.id, 2, 156, 1),
            ],
        )
        self.assertEqual(result["rows"][0]["partner_name"], "钱海峰")
        self.assertAlmostEqual(result["rows"][0]["share"], 954 / 2196)
        self.assertEqual(result["totals"]["amount"], 2196)
        self.assertEqual(result["totals"]["quantity"], 27)
        drinks = self._get("customer_quantity", product_kind="drink")
        self.assertEqual(
            self._rows(drinks, "partner_id", "quantity", "amount"),
            [(self.zhou.id, 5, 250), (self.zhao.id, 4, 152), (self.qian.id, 1, 58)],
        )

    def test_top_n_keeps_the_period_totals(self):
        result = self._get("customer_quantity", limit=2)
        self.assertEqual(self._rows(result, "partner_id"), [(self.qian.id,), (self.zhou.id,)])
        self.assertEqual(result["totals"]["amount"], 2196)
        self.assertEqual(result["totals"]["rows_amount"], 954 + 494)

    def test_dishes_by_customers(self):
        result = self._get("dish_customers")
        # distinct customers (a walk-in is nobody's), then quantity
        self.assertEqual(
            self._rows(result, "rank", "product_id", "customers", "quantity", "amount", "visits"),
            [
                (1, self.fish.id, 3, 9, 792, 4),
                (2, self.tea.id, 2, 6, 228, 2),
                (3, self.wine.id, 2, 4, 232, 2),
                (4, self.pork.id, 2, 2, 136, 2),
                (5, self.shrimp.id, 1, 7, 896, 1),
            ],
        )
        self.assertEqual(result["totals"]["amount"], 2284)
        self.assertAlmostEqual(sum(row["share"] for row in result["rows"]), 1.0)

    def test_dishes_by_quantity(self):
        result = self._get("dish_quantity")
        self.assertEqual(
            self._rows(result, "rank", "product_id", "quantity"),
            [
                (1, self.fish.id, 9),
                (2, self.shrimp.id, 7),
                (3, self.tea.id, 6),
                (4, self.wine.id, 4),
                (5, self.pork.id, 2),
            ],
        )
        self.assertEqual(result["rows"][1]["kind"], "dish")
        dishes = self._get("dish_quantity", product_kind="dish")
        self.assertEqual(
            self._rows(dishes, "product_id"), [(self.fish.id,), (self.shrimp.id,), (self.pork.id,)]
        )

    def test_consumption_by_city(self):
        result = self._get("region_city")
        self.assertEqual(
            self._rows(
                result, "rank", "province_id", "city_id", "customers", "visits", "guests", "amount"
            ),
            [
                (1, self.shanghai.id, self.shanghai.id, 1, 1, 2, 954),
                (2, self.zhejiang.id, self.hangzhou.id, 2, 3, 8, 650),  # 西湖区 + 杭州市
                (3, self.zhejiang.id, self.ningbo.id, 1, 1, 3, 440),
                (4, self.zhejiang.id, False, 1, 1, 1, 152),  # 赵: the province only
                (5, False, False, 0, 1, 2, 88),  # the walk-in
            ],
        )
        self.assertEqual(result["totals"]["amount"], 2284)
        self.assertAlmostEqual(result["rows"][1]["share"], 650 / 2284)
        self.assertAlmostEqual(sum(row["share"] for row in result["rows"]), 1.0)
        self.assertEqual(result["rows"][1]["city_name"], "测试杭州市")
        self.assertEqual(result["rows"][3]["city_name"], "No city given")
        self.assertEqual(result["rows"][4]["province_name"], "No region / walk-in")

    def test_consumption_by_province(self):
        result = self._get("region_province")
        self.assertEqual(
            self._rows(result, "rank", "province_id", "customers", "visits", "guests", "amount"),
            [
                (1, self.zhejiang.id, 4, 5, 12, 1242),
                (2, self.shanghai.id, 1, 1, 2, 954),
                (3, False, 0, 1, 2, 88),
            ],
        )
        drinks = self._get("region_province", product_kind="drink")
        # drinks: 周 黄酒 174 + 茶 76, 赵 茶 152 → 浙江 402; 钱 黄酒 58 → 上海
        self.assertEqual(
            self._rows(drinks, "province_id", "amount"),
            [(self.zhejiang.id, 402), (self.shanghai.id, 58), (False, 0)],
        )

    def test_period_edges(self):
        april = self._get("customer_quantity", "2021-04-01", "2021-04-30")
        self.assertEqual(self._rows(april, "partner_id", "quantity"), [(self.zhou.id, 9)])
        day = self._get("region_city", "2021-03-31", "2021-03-31")
        self.assertEqual(self._rows(day, "city_id", "amount"), [(self.hangzhou.id, 156)])
        february = self._get("dish_quantity", "2021-02-01", "2021-02-28")
        self.assertEqual(self._rows(february, "product_id", "quantity"), [(self.fish.id, 9)])

    def test_stores_and_record_rules(self):
        """A second store's visit counts only for users allowed in it, and the store filter
        keeps only the chosen stores."""
        main = self.env.company
        branch = self.env["res.company"].create(
            {"name": "分店", "currency_id": main.currency_id.id}
        )
        self.env["fuxi.consumption"].with_company(branch).create(
            {
                "partner_id": self.li.id,
                "company_id": branch.id,
                "date": "2021-03-10 04:00:00",
                "line_ids": [(0, 0, {"product_id": self.fish.id, "quantity": 10})],
            }
        )
        both = new_test_user(
            self.env,
            "an_both",
            groups="fuxi_tracking.group_fuxi_tracking_viewer",
            company_id=main.id,
            company_ids=[(6, 0, (main | branch).ids)],
            tz="Asia/Shanghai",
        )
        Statistic = self.env["fuxi.statistic"]
        only_main = Statistic.with_user(self.viewer).get_statistic(
            "customer_quantity", "2021-03-01", "2021-03-31"
        )
        self.assertEqual(only_main["totals"]["amount"], 2196)
        everywhere = (
            Statistic.with_user(both)
            .with_context(allowed_company_ids=[main.id, branch.id])
            .get_statistic("customer_quantity", "2021-03-01", "2021-03-31")
        )
        self.assertEqual(everywhere["rows"][0]["partner_id"], self.li.id)
        self.assertEqual(everywhere["rows"][0]["quantity"], 12)
        self.assertEqual(everywhere["totals"]["amount"], 2196 + 880)
        branch_only = (
            Statistic.with_user(both)
            .with_context(allowed_company_ids=[main.id, branch.id])
            .get_statistic("region_city", "2021-03-01", "2021-03-31", company_ids=[branch.id])
        )
        self.assertEqual(self._rows(branch_only, "city_id", "amount"), [(self.hangzhou.id, 880)])
        # a store the user has not selected in the switcher is refused, not silently counted
        with self.assertRaisesRegex(UserError, "分店"):
            Statistic.with_user(both).with_context(allowed_company_ids=[main.id]).get_statistic(
                "region_city", "2021-03-01", "2021-03-31", company_ids=[branch.id]
            )

    def test_bad_input(self):
        with self.assertRaisesRegex(UserError, "ends before it starts"):
            self._get("customer_quantity", "2021-03-31", "2021-03-01")
        with self.assertRaisesRegex(UserError, "cannot be negative"):
            self._get("customer_quantity", limit=-1)
        with self.assertRaisesRegex(UserError, "Top N and stores are numbers"):
            self._get("customer_quantity", limit="many")

    def test_wizard_rows_list_pivot_graph(self):
        wizard = (
            self.env["fuxi.statistic"]
            .with_user(self.viewer)
            .create(
                {
                    "statistic": "region_city",
                    "period": "custom",
                    "date_from": "2021-03-01",
                    "date_to": "2021-03-31",
                }
            )
        )
        action = wizard.action_compute()
        self.assertEqual(action["res_model"], "fuxi.statistic.line")
        self.assertEqual(action["context"]["pivot_row_groupby"], ["province_id", "city_id"])
        self.assertEqual(
            [(line.rank, line.city_id, line.amount) for line in wizard.line_ids],
            [
                (1, self.shanghai, 954),
                (2, self.hangzhou, 650),
                (3, self.ningbo, 440),
                (4, self.env["fuxi.region"], 152),
                (5, self.env["fuxi.region"], 88),
            ],
        )
        self.assertEqual(wizard.total_amount, 2284)
        # the pivot's province roll-up of the rows
        groups = (
            self.env["fuxi.statistic.line"]
            .with_user(self.viewer)
            ._read_group([("statistic_id", "=", wizard.id)], ["province_id"], ["amount:sum"])
        )
        self.assertEqual(
            dict(groups),
            {self.zhejiang: 1242, self.shanghai: 954, self.env["fuxi.region"]: 88},
        )
        # run again: the rows are replaced, not added
        wizard.action_compute()
        self.assertEqual(len(wizard.line_ids), 5)
        # every column of the verb's rows lands on the lines (they are inserted in SQL)
        wizard.write({"statistic": "customer_quantity", "product_kind": "all"})
        wizard.action_compute()
        expected = self._get("customer_quantity", date_from="2021-03-01", date_to="2021-03-31")
        self.assertTrue(expected["rows"])
        self.assertEqual(
            [
                (line.rank, line.partner_id.id, line.quantity, line.amount, line.visits)
                for line in wizard.line_ids
            ],
            [
                (row["rank"], row["partner_id"], row["quantity"], row["amount"], row["visits"])
                for row in expected["rows"]
            ],
        )
        self.assertEqual(wizard.line_ids.company_id, wizard.company_id)
        self.assertEqual(wizard.line_ids.create_uid, self.viewer)

    def test_wizard_rows_have_no_foreign_keys(self):
        """The rows are inserted without PostgreSQL checking eight foreign keys each (most of
        the time of a year's every customer); a guest deleted after the statistic was
        computed reads as none on the rows instead of failing the list, and the rows go with
        their statistic."""
        self.env.cr.execute(
            """SELECT COUNT(*) FROM pg_constraint
                WHERE conrelid = 'fuxi_statistic_line'::regclass AND contype = 'f'"""
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        wizard = (
            self.env["fuxi.statistic"]
            .with_user(self.viewer)
            .create(
                {
                    "statistic": "customer_quantity",
                    "period": "custom",
                    "date_from": "2021-03-01",
                    "date_to": "2021-03-31",
                }
            )
        )
        wizard.action_compute()
        zhao_line = wizard.line_ids.filtered(lambda line: line.partner_id == self.zhao)
        self.assertEqual(zhao_line.amount, 152)
        self.zhao.unlink()
        self.env.invalidate_all()
        result = (
            self.env["fuxi.statistic.line"]
            .with_user(self.viewer)
            .web_search_read(
                [("statistic_id", "=", wizard.id)],
                {"rank": {}, "partner_id": {"fields": {"display_name": {}}}, "amount": {}},
            )
        )
        self.assertEqual(result["length"], 5)
        self.assertEqual(
            [
                (row["partner_id"], row["amount"])
                for row in result["records"]
                if not row["partner_id"]
            ],
            [(False, 152)],
        )
        rows = wizard.line_ids
        wizard.unlink()
        self.assertFalse(rows.exists())

    def test_verb_returns_plain_values(self):
        """Plain values only: what an RPC client or the dashboard gets. A row carries its
        statistic's columns, not the other statistics' (empty for it)."""
        result = self._get("dish_customers", limit=1)
        self.assertEqual(
            result["rows"][0],
            {
                "rank": 1,
                "product_id": self.fish.id,
                "product_name": self.fish.display_name,
                "kind": "dish",
                "kind_name": "Dish",
                "quantity": 9.0,
                "customers": 3,
                "visits": 4,
                "amount": 792.0,
                "share": result["rows"][0]["share"],
            },
        )
        self.assertEqual(
            set(self._get("customer_quantity")["rows"][0]),
            {"rank", "partner_id", "partner_name", "quantity", "visits", "amount", "share"},
        )
        self.assertEqual(
            set(self._get("region_province")["rows"][0]),
            {
                "rank",
                "province_id",
                "province_name",
                "customers",
                "visits",
                "guests",
                "amount",
                "share",
            },
        )
        cities = self._get("region_city")["rows"]
        self.assertEqual(
            set(cities[0]),
            {
                "rank",
                "province_id",
                "province_name",
                "city_id",
                "city_name",
                "customers",
                "visits",
                "guests",
                "amount",
                "share",
            },
        )
        # the walk-ins' row has no region: False, never None (XML-RPC cannot send None)
        self.assertIn(False, [row["province_id"] for row in cities])
        self.assertEqual(
            set(result), {"statistic", "date_from", "date_to", "row_count", "rows", "totals"}
        )

    def test_hidden_guest_refuses_the_names(self):
        """The guests' names are read in one query, with the rights of reading them: a guest
        a record rule hides refuses the statistic as reading that guest would."""
        self.env["ir.rule"].create(
            {
                "name": "hide 钱",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "domain_force": f"[('id', '!=', {self.qian.id})]",
                "groups": [(4, self.env.ref("fuxi_tracking.group_fuxi_tracking_viewer").id)],
            }
        )
        with self.assertRaises(AccessError) as caught:
            self._get("customer_quantity")
        self.assertIn("res.partner", str(caught.exception))
        # a statistic without guests' names is unaffected
        self.assertEqual(self._get("dish_quantity")["rows"][0]["product_id"], self.fish.id)
