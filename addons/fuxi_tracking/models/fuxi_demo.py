import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models


class FuxiConsumption(models.Model):
    _inherit = "fuxi.consumption"

    @api.model
    def _fuxi_create_demo_history(self, days=365, seed=2026):
        """Demo data: a year of visits of the demo guests (each with favourite dishes) and a
        few walk-ins. Deterministic for a given seed. The rest of the demo (rooms, bookings,
        customer value) is XML: demo/*.xml."""
        rng = random.Random(seed)
        customers = self.env["res.partner"].search([("is_fuxi_customer", "=", True)], order="id")
        products = self.env["product.product"].search([("is_fuxi_dish", "=", True)], order="id")
        rooms = self.env["fuxi.room"].search([("active", "=", True)], order="id")
        waiters = self.env["res.users"].search([("share", "=", False)], order="id")
        if not customers or not products or not rooms:
            return self.browse()
        dishes = products.filtered(lambda p: p.fuxi_kind != "drink") or products
        drinks = products.filtered(lambda p: p.fuxi_kind == "drink") or products
        today = fields.Date.context_today(self)
        vals_list = []
        for index, customer in enumerate(customers):
            vip = customer.customer_class_id.code == "vip"
            visits = rng.randint(10, 24) if vip else rng.randint(1, 8)
            favourites = rng.sample(list(dishes), k=min(3, len(dishes)))
            for _visit in range(visits):
                day = today - timedelta(days=rng.randint(1, days))
                hour = rng.choice((11, 12, 12, 17, 18, 18, 19))
                guests = rng.randint(2, 12 if vip else 6)
                chosen = list(favourites[: rng.randint(1, len(favourites))])
                chosen += rng.sample(list(dishes), k=min(rng.randint(1, 4), len(dishes)))
                lines = [
                    (0, 0, {"product_id": dish.id, "quantity": rng.randint(1, 2)})
                    for dish in dict.fromkeys(chosen)
                ]
                drink = rng.choice(list(drinks))
                lines.append((0, 0, {"product_id": drink.id, "quantity": rng.randint(1, guests)}))
                vals_list.append(
                    {
                        "partner_id": customer.id,
                        "date": datetime.combine(day, time(hour - 8, rng.randint(0, 59))),
                        "room_id": rooms[(index + _visit) % len(rooms)].id,
                        "guest_count": guests,
                        "waiter_id": rng.choice(list(waiters)).id,
                        "line_ids": lines,
                    }
                )
        for _walk_in in range(20):
            day = today - timedelta(days=rng.randint(1, days))
            vals_list.append(
                {
                    "date": datetime.combine(day, time(4, 30)),
                    "room_id": rooms[-1].id,
                    "guest_count": 2,
                    "line_ids": [
                        (0, 0, {"product_id": rng.choice(list(dishes)).id, "quantity": 1})
                    ],
                }
            )
        return self.create(vals_list)
