from datetime import date, datetime

from odoo.exceptions import UserError

from .common import ServiceCase


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
            with self.assertRaises(UserError):
                self.env["fuxi.complaint.dish.rate"].compute_rates(start, stop)

        wizard = (
            self.env["fuxi.complaint.dish.rate"]
            .with_user(self.viewer)
            .create({"date_from": date(2021, 4, 1), "date_to": date(2021, 4, 30)})
        )
        action = wizard.action_compute()
        lines = (
            self.env["fuxi.complaint.dish.rate.line"]
            .with_user(self.viewer)
            .search(action["domain"])
        )
        self.assertEqual(lines.filtered(lambda line: line.product_id == tofu).rate, 10.0)
        self.assertEqual(lines[0].sequence, 1)
