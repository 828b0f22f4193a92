import random

from odoo.tests import new_test_user

from .common import FuxiTrackingCase, run_migration, utc


class TestGuestStats(FuxiTrackingCase):
    """A guest's visits, spend, first/last visit and favourites are kept per guest and company
    (fuxi.guest.stat / fuxi.guest.dish.stat) by triggers: always equal to what the visits and
    their lines say, after any create, correction, move or deletion."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.company
        cls.branch = cls.env["res.company"].create({"name": "伏羲三店"})
        cls.guests = cls.zhou | cls.sun | cls.qian
        cls.dishes = cls.fish | cls.pork | cls.shrimp | cls.wine | cls.tea

    def _stats(self):
        """What the kept tables say, keyed by (partner, company)."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT partner_id, company_id, visit_count, total_spend, first_visit, last_visit
                 FROM fuxi_guest_stat WHERE partner_id = ANY(%s)""",
            [self.guests.ids],
        )
        visits = {
            (r[0], r[1]): (r[2], round(float(r[3]), 2), r[4], r[5]) for r in self.env.cr.fetchall()
        }
        self.env.cr.execute(
            """SELECT partner_id, company_id, product_id, quantity FROM fuxi_guest_dish_stat
                WHERE partner_id = ANY(%s)""",
            [self.guests.ids],
        )
        dishes = {(r[0], r[1], r[2]): float(r[3]) for r in self.env.cr.fetchall()}
        return visits, dishes

    def _truth(self):
        """The same figures counted from the visits and their lines."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT partner_id, company_id, COUNT(*), SUM(amount_total), MIN(date), MAX(date)
                 FROM fuxi_consumption WHERE partner_id = ANY(%s)
                GROUP BY partner_id, company_id""",
            [self.guests.ids],
        )
        visits = {
            (r[0], r[1]): (r[2], round(float(r[3]), 2), r[4], r[5]) for r in self.env.cr.fetchall()
        }
        self.env.cr.execute(
            """SELECT l.partner_id, c.company_id, l.product_id, SUM(l.quantity)
                 FROM fuxi_consumption_line l JOIN fuxi_consumption c ON c.id = l.consumption_id
                WHERE l.partner_id = ANY(%s)
                GROUP BY l.partner_id, c.company_id, l.product_id""",
            [self.guests.ids],
        )
        dishes = {(r[0], r[1], r[2]): float(r[3]) for r in self.env.cr.fetchall()}
        return visits, dishes

    def _check(self, step):
        self.assertEqual(self._stats(), self._truth(), step)

    def test_random_writes_corrections_and_deletions(self):
        rnd = random.Random(16)
        guests = [*self.guests, False]  # walk-ins count nowhere
        dishes = list(self.dishes)
        visits = self.env["fuxi.consumption"]
        for n in range(24):
            visits |= self._visit(
                rnd.choice(guests),
                f"2026-0{rnd.randint(1, 9)}-{rnd.randint(10, 28)} {rnd.randint(10, 22)}:00",
                [(rnd.choice(dishes), rnd.randint(1, 4)) for _ in range(rnd.randint(1, 4))],
                company_id=(self.branch if n % 5 == 0 else self.main).id,
            )
        self._check("created")
        for step in range(40):
            visit = rnd.choice(visits.exists())
            action = rnd.choice(
                ["quantity", "price", "product", "add", "drop_line", "partner", "date", "company"]
            )
            line = rnd.choice(visit.line_ids) if visit.line_ids else False
            if action == "quantity" and line:
                line.quantity = rnd.randint(1, 6)
            elif action == "price" and line:
                line.price_unit = rnd.choice([10.5, 88, 128.25])
            elif action == "product" and line:
                line.product_id = rnd.choice(dishes)
            elif action == "add":
                visit.line_ids = [(0, 0, {"product_id": rnd.choice(dishes).id, "quantity": 2})]
            elif action == "drop_line" and line:
                line.unlink()
            elif action == "partner":
                visit.partner_id = rnd.choice(guests)
            elif action == "date":
                visit.date = utc(f"2025-12-{rnd.randint(1, 31):02d} 12:00")
            elif action == "company":
                visit.company_id = rnd.choice([self.main, self.branch])
            if step % 7 == 3:
                rnd.choice(visits.exists()).unlink()
            self._check(f"step {step}: {action}")
        visits.exists().unlink()
        self._check("all deleted")
        self.assertEqual(self._stats(), ({}, {}))

    def test_migration_fills_what_the_triggers_keep(self):
        self._visit(self.zhou, "2026-03-01 12:00", [(self.fish, 2), (self.wine, 3)])
        self._visit(self.zhou, "2026-03-05 12:00", [(self.fish, 1)], company_id=self.branch.id)
        self._visit(False, "2026-03-05 13:00", [(self.fish, 9)])
        kept = self._stats()
        self.assertTrue(kept[0] and kept[1])
        # as before the upgrade: visits, no figures
        self.env.cr.execute("DELETE FROM fuxi_guest_stat; DELETE FROM fuxi_guest_dish_stat")
        run_migration(self.env.cr, "18.0.3.0.0", "post-guest_stats.py", "18.0.2.0.0")
        self.assertEqual(self._stats(), kept)
        self._check("migrated")

    def test_figures_and_form(self):
        first = self._visit(self.qian, "2026-01-02 12:00", [(self.shrimp, 1)])
        for day in range(1, 13):
            self._visit(self.qian, f"2026-02-{day:02d} 12:00", [(self.fish, 1), (self.tea, 2)])
        last = self._visit(self.qian, "2026-03-01 19:00", [(self.wine, 1)])
        qian = self.qian.with_user(self.viewer)
        self.assertEqual(qian.visit_count, 14)
        self.assertEqual(qian.total_spend, 128 + 12 * (88 + 76) + 58)
        self.assertEqual(qian.first_visit, first.date)
        self.assertEqual(qian.last_visit, last.date)
        self.assertEqual(
            qian.favourite_dishes, "龙井茶 ×24、西湖醋鱼 ×12、龙井虾仁 ×1、绍兴黄酒 ×1"
        )
        # the form: the last ten visits, newest first, and a way to all of them
        self.assertEqual(len(qian.recent_consumption_ids), 10)
        self.assertEqual(qian.recent_consumption_ids[0], last)
        action = qian.action_view_consumptions()
        self.assertEqual(self.env["fuxi.consumption"].search_count(action["domain"]), 14)

    def test_other_record_rules_count_the_visits(self):
        """A user whom a rule other than the company rule restricts gets the figures of the
        visits they may read, not the kept ones."""
        self._visit(self.sun, "2026-03-01 12:00", [(self.fish, 2)], guest_count=2)
        self._visit(self.sun, "2026-03-02 12:00", [(self.pork, 1)], guest_count=6)
        self.env["ir.rule"].create(
            {
                "name": "small tables only",
                "model_id": self.env["ir.model"]._get_id("fuxi.consumption"),
                "domain_force": "[('guest_count', '<', 5)]",
                "groups": [(4, self.env.ref("fuxi_tracking.group_fuxi_tracking_viewer").id)],
            }
        )
        limited = new_test_user(
            self.env, "tr_limited", groups="fuxi_tracking.group_fuxi_tracking_viewer"
        )
        sun = self.sun.with_user(limited)
        self.assertEqual(sun.visit_count, 1)
        self.assertEqual(sun.favourite_dishes, "西湖醋鱼 ×2")
        self.assertEqual(self.sun.visit_count, 2, "the superuser reads them all")

    def test_profile_of_a_regular_costs_what_a_typical_guest_does(self):
        for day in range(1, 7):  # a typical guest: a few visits, more than the profile shows
            self._visit(self.sun, f"2026-03-{day:02d} 12:00", [(self.fish, 1), (self.tea, 1)])
        for day in range(1, 29):
            self._visit(self.zhou, f"2026-02-{day:02d} 12:00", [(self.fish, 1), (self.tea, 1)])
        self.env.flush_all()

        def queries(partner):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partner.with_user(self.viewer).get_fuxi_guest_profile()
            return self.env.cr.sql_log_count - before

        queries(self.sun)  # warm-up: caches of companies, currencies, rules
        self.assertEqual(queries(self.sun), queries(self.zhou))
