from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import SERVICE_MANAGER, SERVICE_VIEWER, ServiceCase

TRACKING_VIEWER = "fuxi_tracking.group_fuxi_tracking_viewer"


class TestDishComplaintRate(ServiceCase):
    def test_rate_is_complaints_over_portions_served(self):
        Template = self.env["product.template"]
        duck = Template.create({"name": "测试烤鸭", "is_fuxi_dish": True}).product_variant_id
        tofu = Template.create({"name": "测试豆腐", "is_fuxi_dish": True}).product_variant_id
        never = Template.create({"name": "测试下架菜", "is_fuxi_dish": True}).product_variant_id
        Consumption = self.env["fuxi.consumption"]
        # 2021-04: duck served 200 times (100 visits × 2), tofu 10 times, fish 40 times
        for day in range(1, 21):
            Consumption.create(
                {
                    "partner_id": self.guest.id,
                    "date": datetime(2021, 4, day, 12, 0),
                    "line_ids": [
                        (0, 0, {"product_id": duck.id, "quantity": 10}),
                        (0, 0, {"product_id": self.fish.id, "quantity": 2}),
                    ],
                }
            )
        Consumption.create(
            {
                "date": datetime(2021, 4, 30, 12, 0),
                "line_ids": [(0, 0, {"product_id": tofu.id, "quantity": 10})],
            }
        )
        # served outside the period: not counted
        Consumption.create(
            {
                "date": datetime(2021, 6, 1, 12, 0),
                "line_ids": [(0, 0, {"product_id": tofu.id, "quantity": 90})],
            }
        )

        def complain(product, day, month=4):
            self._complaint(product_id=product.id, date=datetime(2021, month, day, 13, 0))

        for day in (2, 3, 4):
            complain(duck, day)  # 3 / 200 = 1.5 %
        complain(tofu, 30)  # 1 / 10 = 10 %
        complain(tofu, 2, month=6)  # outside
        complain(never, 5)  # complained about, never served: rate 0, still listed
        self._complaint(object_type="other", object_text="音乐太吵", date=datetime(2021, 4, 6))

        rates = self.env["fuxi.complaint.dish.rate"].compute_rates(
            date(2021, 4, 1), date(2021, 4, 30)
        )
        mine = [row for row in rates if row["product_id"] in (duck | tofu | never | self.fish).ids]
        self.assertEqual(
            [(row["product_id"], row["complaints"], row["served"], row["rate"]) for row in mine],
            [(tofu.id, 1, 10.0, 10.0), (duck.id, 3, 200.0, 1.5), (never.id, 1, 0.0, 0.0)],
        )
        for start, stop in ((date(2021, 5, 1), date(2021, 4, 1)), ("2021-13-45", "x"), (1, [])):
            with self.assertRaisesRegex(UserError, "start is before its end"):
                self.env["fuxi.complaint.dish.rate"].compute_rates(start, stop)

        # the report reads complaints and visits as its user: one who sees them all
        analyst = new_test_user(
            self.env, "sv_rate_analyst", groups=f"{SERVICE_MANAGER},{TRACKING_VIEWER}"
        )
        wizard = (
            self.env["fuxi.complaint.dish.rate"]
            .with_user(analyst)
            .create({"date_from": date(2021, 4, 1), "date_to": date(2021, 4, 30)})
        )
        action = wizard.action_compute()
        lines = (
            self.env["fuxi.complaint.dish.rate.line"].with_user(analyst).search(action["domain"])
        )
        self.assertEqual(lines.filtered(lambda line: line.product_id == tofu).rate, 10.0)
        self.assertEqual(lines[0].sequence, 1)

    def test_rate_counts_only_what_the_user_may_read(self):
        """Record rules and the allowed companies apply: a hall employee's rate counts the
        hall's complaints, and no company's visits but their own."""
        Template = self.env["product.template"]
        soup = Template.create({"name": "测试鸡汤", "is_fuxi_dish": True}).product_variant_id
        other_company = self.env["res.company"].create({"name": "分店"})
        Consumption = self.env["fuxi.consumption"]
        for company, quantity in ((self.env.company, 10), (other_company, 990)):
            Consumption.create(
                {
                    "date": datetime(2021, 4, 10, 12, 0),
                    "company_id": company.id,
                    "line_ids": [(0, 0, {"product_id": soup.id, "quantity": quantity})],
                }
            )
        for department in (self.hall, self.hall, self.kitchen, self.kitchen):
            self._complaint(
                product_id=soup.id,
                date=datetime(2021, 4, 11, 13, 0),
                responsible_department_id=department.id,
            )
        hall_reader = new_test_user(
            self.env, "sv_rate_hall", groups=f"{SERVICE_VIEWER},{TRACKING_VIEWER}"
        )
        self.env["hr.employee"].create(
            {"name": "前厅分析", "user_id": hall_reader.id, "department_id": self.hall.id}
        )
        period = (date(2021, 4, 1), date(2021, 4, 30))

        def soup_row(user, companies=None):
            Rate = self.env["fuxi.complaint.dish.rate"].with_user(user)
            if companies:
                Rate = Rate.with_context(allowed_company_ids=companies.ids)
            rows = Rate.compute_rates(*period)
            return next(
                (row["complaints"], row["served"], row["rate"])
                for row in rows
                if row["product_id"] == soup.id
            )

        self.assertEqual(soup_row(hall_reader), (2, 10.0, 20.0), "the hall's, one company's")
        both = new_test_user(
            self.env,
            "sv_rate_both",
            groups=f"{SERVICE_MANAGER},{TRACKING_VIEWER}",
            company_ids=[(6, 0, (self.env.company | other_company).ids)],
        )
        # the web client always says which companies are selected in the switcher
        self.assertEqual(soup_row(both, self.env.company), (4, 10.0, 40.0), "one company")
        self.assertEqual(
            soup_row(both, self.env.company | other_company),
            (4, 1000.0, 0.4),
        )
        # reading the visits is needed: a service viewer without it is refused, clearly
        with self.assertRaises(AccessError) as refused:
            self.env["fuxi.complaint.dish.rate"].with_user(self.viewer).compute_rates(*period)
        self.assertIn("needs the right to read complaints and visits", str(refused.exception))
