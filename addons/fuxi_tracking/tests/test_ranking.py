import shutil
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import SQL

from odoo.addons.fuxi_customer.tests.common import pdf_text_and_pages

from .common import FuxiTrackingCase


class TestRankings(FuxiTrackingCase):
    """The three statistics against figures worked out by hand.

    March 2026 (Shanghai time):
      周文华  03-01 12:00  醋鱼×2 东坡肉×1 黄酒×3            = 176 + 68 + 174 = 418
              03-15 19:00  醋鱼×1 虾仁×1 茶×2               =  88 + 128 + 76 = 292
              03-31 23:30  东坡肉×4                         = 272   (last minute of March)
      孙丽红  03-10 12:00  醋鱼×5                           = 440
      钱海峰  03-20 12:00  虾仁×1 黄酒×1                     = 128 + 58 = 186
      walk-in 03-21 12:00  醋鱼×1                           = 88
    Outside March: 周文华 04-01 00:10 醋鱼×9 (first minute of April), 孙丽红 02-28 23:59 醋鱼×9.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.region = cls.env["fuxi.region"].create({"name": "排行测试区"})
        cls.zhou.write(
            {
                "customer_class_id": cls.env.ref("fuxi_customer.customer_class_vip").id,
                "region_id": cls.region.id,
            }
        )
        visit = cls._visit
        visit(cls.zhou, "2021-03-01 12:00", [(cls.fish, 2), (cls.pork, 1), (cls.wine, 3)])
        visit(cls.zhou, "2021-03-15 19:00", [(cls.fish, 1), (cls.shrimp, 1), (cls.tea, 2)])
        visit(cls.zhou, "2021-03-31 23:30", [(cls.pork, 4)])
        visit(cls.sun, "2021-03-10 12:00", [(cls.fish, 5)])
        visit(cls.qian, "2021-03-20 12:00", [(cls.shrimp, 1), (cls.wine, 1)])
        visit(False, "2021-03-21 12:00", [(cls.fish, 1)])
        visit(cls.zhou, "2021-04-01 00:10", [(cls.fish, 9)])
        visit(cls.sun, "2021-02-28 23:59", [(cls.fish, 9)])

    def _ranking(self, **vals):
        ranking = self.env["fuxi.ranking"].create(
            {"period": "custom", "date_from": "2021-03-01", "date_to": "2021-03-31", **vals}
        )
        ranking.action_compute()
        return ranking

    def _rows(self, ranking, *fields):
        return [tuple(row[f] for f in fields) for row in ranking.line_ids.sorted("rank")]

    def test_customer_dishes_by_quantity(self):
        ranking = self._ranking(ranking="customer_dishes", partner_id=self.zhou.id)
        self.assertEqual(
            self._rows(ranking, "rank", "product_id", "quantity", "amount", "visits"),
            [
                (1, self.pork, 5, 340, 2),
                (2, self.fish, 3, 264, 2),
                (3, self.wine, 3, 174, 1),
                (4, self.tea, 2, 76, 1),
                (5, self.shrimp, 1, 128, 1),
            ],
        )
        drinks = self._ranking(
            ranking="customer_dishes", partner_id=self.zhou.id, product_kind="drink"
        )
        self.assertEqual(
            self._rows(drinks, "product_id", "kind"), [(self.wine, "drink"), (self.tea, "drink")]
        )

    def test_dish_customers_by_quantity(self):
        ranking = self._ranking(ranking="dish_customers", product_id=self.fish.id)
        self.assertEqual(
            self._rows(ranking, "rank", "partner_id", "quantity", "amount"),
            [
                (1, self.sun, 5, 440),
                (2, self.zhou, 3, 264),
                (3, self.env["res.partner"], 1, 88),  # the walk-in guest
            ],
        )
        self.assertEqual(ranking.customer_count, 2)
        self.assertEqual(ranking.total_quantity, 9)
        self.assertEqual(ranking.total_amount, 792)

    def test_customer_spend(self):
        ranking = self._ranking(ranking="customer_spend")
        self.assertEqual(
            self._rows(ranking, "rank", "partner_id", "amount", "visits", "average"),
            [
                (1, self.zhou, 982, 3, 982 / 3),
                (2, self.sun, 440, 1, 440),
                (3, self.qian, 186, 1, 186),
            ],
        )
        top = self._ranking(ranking="customer_spend", limit=2)
        self.assertEqual(len(top.line_ids), 2)
        by_class = dict(
            self.env["fuxi.ranking.line"]._read_group(
                [("ranking_id", "=", ranking.id)], ["customer_class_id"], ["amount:sum"]
            )
        )
        self.assertEqual(by_class[self.env.ref("fuxi_customer.customer_class_vip")], 982)
        self.assertEqual(
            ranking.line_ids.filtered(lambda r: r.partner_id == self.zhou).region_id, self.region
        )

    def test_period_shortcuts(self):
        with freeze_time("2021-04-15 10:00"):
            ranking = self.env["fuxi.ranking"].create({"period": "last_month"})
            self.assertEqual(
                (str(ranking.date_from), str(ranking.date_to)), ("2021-03-01", "2021-03-31")
            )
            ranking = self.env["fuxi.ranking"].create({"period": "this_year"})
            self.assertEqual(
                (str(ranking.date_from), str(ranking.date_to)), ("2021-01-01", "2021-12-31")
            )
            ranking = self.env["fuxi.ranking"].create({"period": "this_month"})
            self.assertEqual(
                (str(ranking.date_from), str(ranking.date_to)), ("2021-04-01", "2021-04-30")
            )

    def test_closed_period_rows_kept_and_reused(self):
        """A closed month's ranking is stored by the wizard (and the daily job), read back by
        the read-only verb without ranking again, and forgotten when a visit is corrected."""
        Ranking = self.env["fuxi.ranking"]
        period = {"date_from": "2021-03-01", "date_to": "2021-03-31"}
        march = [("ranking", "=", "customer_spend"), ("grain", "=", "month")]
        march.append(("day", "=", "2021-03-01"))
        Closed = self.env["fuxi.ranking.closed"]
        fresh = Ranking.get_ranking("customer_spend", limit=2, **period)
        self.assertEqual(fresh["count"], 3)
        self.assertEqual([row["partner_id"] for row in fresh["rows"]], [self.zhou.id, self.sun.id])
        self.assertFalse(Closed.search_count(march), "the read-only verb stores nothing")
        self._ranking(ranking="customer_spend")
        self.assertEqual(Closed.search_count(march), 4, "3 rows and the count")
        with patch.object(type(Ranking), "_ranking_page", side_effect=AssertionError("ranked")):
            self.assertEqual(Ranking.get_ranking("customer_spend", limit=2, **period), fresh)
            self.assertEqual(
                Ranking.get_ranking("customer_spend", offset=2, limit=2, **period)["rows"][0][
                    "partner_id"
                ],
                self.qian.id,
            )
        # 孙丽红 gets 5 more fish in March: the stored ranking is forgotten, the new one right
        visit = self.env["fuxi.consumption"].search(
            [("partner_id", "=", self.sun.id), ("date", ">=", "2021-03-01")], limit=1
        )
        visit.line_ids.quantity = 10
        self.assertFalse(Closed.search_count(march))
        row = Ranking.get_ranking("customer_spend", limit=2, **period)["rows"][1]
        self.assertEqual((row["partner_id"], row["amount"]), (self.sun.id, 880))
        # the daily job ranks last month and last year again
        with freeze_time("2021-04-15 10:00"):
            Ranking._cron_store_closed_rankings()
        self.assertEqual(Closed.search_count(march), 4)

    def test_bad_parameters_refused(self):
        with self.assertRaises(UserError):
            self._ranking(ranking="customer_dishes")
        with self.assertRaises(UserError):
            self._ranking(ranking="dish_customers")
        with self.assertRaises(UserError):
            self._ranking(ranking="customer_spend", date_from="2021-04-01", date_to="2021-03-01")

    def test_viewer_runs_rankings(self):
        ranking = (
            self.env["fuxi.ranking"]
            .with_user(self.viewer)
            .create(
                {
                    "ranking": "customer_spend",
                    "period": "custom",
                    "date_from": "2021-03-01",
                    "date_to": "2021-03-31",
                }
            )
        )
        ranking.action_compute()
        self.assertEqual(ranking.line_ids[:1].partner_id, self.zhou)

    def test_export_and_pdf(self):
        ranking = self._ranking(ranking="customer_spend")
        exported = ranking.line_ids.sorted("rank").export_data(["rank", "partner_id", "amount"])
        self.assertEqual(exported["datas"][0], [1, "周文华", 982.0])
        if not shutil.which("pdftotext"):
            self.fail("poppler-utils missing (scripts/fuxi setup installs it)")
        report = self.env.ref("fuxi_tracking.action_report_fuxi_ranking")
        pdf, _ = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, res_ids=ranking.ids
        )
        text, _pages = pdf_text_and_pages(pdf)
        for name in ("周文华", "孙丽红", "钱海峰"):
            self.assertIn(name, text)


class TestRankingAccess(FuxiTrackingCase):
    """Rankings count only the visits the user may read (record rules, allowed companies),
    and a ranking's rows are its creator's, in the company it was made in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.company
        cls.branch = cls.env["res.company"].create({"name": "伏羲二店"})
        groups = "fuxi_tracking.group_fuxi_tracking_viewer"
        cls.alice = new_test_user(cls.env, "tr_alice", groups=groups, tz="Asia/Shanghai")
        cls.bob = new_test_user(cls.env, "tr_bob", groups=groups, tz="Asia/Shanghai")
        cls.carol = new_test_user(
            cls.env,
            "tr_carol",
            groups=groups,
            tz="Asia/Shanghai",
            company_id=cls.main.id,
            company_ids=[(6, 0, (cls.main | cls.branch).ids)],
        )
        cls._visit(cls.zhou, "2021-03-05 12:00", [(cls.fish, 2)])
        cls._visit(cls.zhou, "2021-03-06 12:00", [(cls.fish, 5)], company_id=cls.branch.id)
        cls._visit(cls.sun, "2021-03-07 12:00", [(cls.fish, 1)], company_id=cls.branch.id)

    def _ranking(self, user, companies, **vals):
        ranking = (
            self.env["fuxi.ranking"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            .create(
                {"period": "custom", "date_from": "2021-03-01", "date_to": "2021-03-31", **vals}
            )
        )
        ranking.action_compute()
        return ranking

    def _rows(self, ranking, *fields):
        return [tuple(row[f] for f in fields) for row in ranking.line_ids.sorted("rank")]

    def test_rankings_count_only_the_allowed_companies(self):
        both = self.main | self.branch
        spend = self._ranking(self.alice, self.main, ranking="customer_spend")
        self.assertEqual(self._rows(spend, "partner_id", "amount"), [(self.zhou, 176)])
        spend = self._ranking(self.carol, both, ranking="customer_spend")
        self.assertEqual(
            self._rows(spend, "partner_id", "amount"), [(self.zhou, 616), (self.sun, 88)]
        )
        # carol with only the main company selected sees what alice sees
        spend = self._ranking(self.carol, self.main, ranking="customer_spend")
        self.assertEqual(self._rows(spend, "partner_id", "amount"), [(self.zhou, 176)])
        dishes = self._ranking(
            self.alice, self.main, ranking="customer_dishes", partner_id=self.zhou.id
        )
        self.assertEqual(self._rows(dishes, "product_id", "quantity"), [(self.fish, 2)])
        dishes = self._ranking(self.carol, both, ranking="customer_dishes", partner_id=self.zhou.id)
        self.assertEqual(self._rows(dishes, "product_id", "quantity"), [(self.fish, 7)])
        guests = self._ranking(
            self.alice, self.main, ranking="dish_customers", product_id=self.fish.id
        )
        self.assertEqual(self._rows(guests, "partner_id", "quantity"), [(self.zhou, 2)])
        guests = self._ranking(self.carol, both, ranking="dish_customers", product_id=self.fish.id)
        self.assertEqual(
            self._rows(guests, "partner_id", "quantity"), [(self.zhou, 7), (self.sun, 1)]
        )

    def test_favourite_dishes_of_the_allowed_companies(self):
        zhou = self.zhou.with_user(self.alice).with_context(allowed_company_ids=self.main.ids)
        self.assertEqual(zhou.favourite_dishes, f"{self.fish.name} ×2")
        self.assertEqual(zhou.visit_count, 1)
        zhou = self.zhou.with_user(self.carol).with_context(
            allowed_company_ids=(self.main | self.branch).ids
        )
        self.assertEqual(zhou.favourite_dishes, f"{self.fish.name} ×7")

    def test_branch_lines_hidden_from_the_main_company(self):
        Line = self.env["fuxi.consumption.line"].with_user(self.alice)
        self.assertEqual(Line.search([("partner_id", "=", self.sun.id)]).ids, [])
        Line = self.env["fuxi.consumption.line"].with_user(self.carol)
        both = (self.main | self.branch).ids
        self.assertEqual(
            len(
                Line.with_context(allowed_company_ids=both).search(
                    [("partner_id", "=", self.sun.id)]
                )
            ),
            1,
        )

    def test_ranking_rows_are_their_creators(self):
        ranking = self._ranking(self.alice, self.main, ranking="customer_spend")
        rows = ranking.line_ids
        self.assertTrue(rows)
        Rows = self.env["fuxi.ranking.line"].with_user(self.bob)
        self.assertFalse(Rows.search([("ranking_id", "=", ranking.id)]))
        with self.assertRaises(AccessError) as caught:
            rows.with_user(self.bob).read(["amount"])
        self.assertIn("fuxi.ranking.line", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            ranking.with_user(self.bob).action_compute()
        self.assertIn("fuxi.ranking", str(caught.exception))
        self.assertEqual(ranking.line_ids.ids, rows.ids, "bob's attempt changed nothing")

    def test_ranking_rows_stay_in_their_company(self):
        both = self.main | self.branch
        ranking = (
            self.env["fuxi.ranking"]
            .with_user(self.carol)
            .with_company(self.branch)
            .with_context(allowed_company_ids=[self.branch.id, self.main.id])
            .create({"period": "custom", "date_from": "2021-03-01", "date_to": "2021-03-31"})
        )
        ranking.action_compute()
        self.assertEqual(ranking.company_id, self.branch)
        self.assertEqual(ranking.line_ids.company_id, self.branch)
        Rows = self.env["fuxi.ranking.line"].with_user(self.carol)
        self.assertEqual(
            len(
                Rows.with_context(allowed_company_ids=both.ids).search(
                    [("ranking_id", "=", ranking.id)]
                )
            ),
            2,
        )
        self.assertFalse(
            Rows.with_context(allowed_company_ids=self.main.ids).search(
                [("ranking_id", "=", ranking.id)]
            )
        )

    def test_plain_sql_only_for_users_who_read_everything(self):
        """Nothing is added to the rankings' SQL for a user with every company selected;
        the record rules are added for the others."""
        every = self.env["res.company"].with_context(active_test=False).search([])
        self.carol.company_ids = every
        Consumption = self.env["fuxi.consumption"].with_user(self.carol)
        column = SQL.identifier("l", "consumption_id")
        unrestricted = Consumption.with_context(allowed_company_ids=every.ids)
        self.assertEqual(unrestricted._fuxi_readable_condition(column).code, "TRUE")
        restricted = Consumption.with_context(allowed_company_ids=self.main.ids)
        self.assertIn("company_id", restricted._fuxi_readable_condition(column).code)
