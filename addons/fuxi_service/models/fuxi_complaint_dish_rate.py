from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class FuxiComplaintDishRate(models.TransientModel):
    """Complaint rate per dish: complaints about a dish / times it was served, for a period."""

    _name = "fuxi.complaint.dish.rate"
    _description = "Complaint Rate per Dish"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self) - relativedelta(months=3),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    line_ids = fields.One2many("fuxi.complaint.dish.rate.line", "wizard_id", string="Dishes")

    @api.model
    def compute_rates(self, date_from, date_to):
        """[{product_id, complaints, served, rate}] for the dishes complained about in the
        period (dates included), highest rate first; rate in % of the portions served."""
        try:
            date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except (TypeError, ValueError):
            date_from = date_to = False
        if not date_from or not date_to or date_from > date_to:
            raise UserError(self.env._("Choose a period whose start is before its end."))
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(date_to + relativedelta(days=1))
        self._check_can_compute()
        # through the ORM, as the user: the complaints and the visits counted are those the
        # user may read (record rules, allowed companies), never every company's
        complained = self.env["fuxi.complaint"]._read_group(
            [
                ("object_type", "=", "dish"),
                ("product_id", "!=", False),
                ("date", ">=", start),
                ("date", "<", stop),
            ],
            ["product_id"],
            ["__count"],
        )
        products = self.env["product.product"].browse([p.id for p, _count in complained])
        served = dict(
            self.env["fuxi.consumption.line"]._read_group(
                [
                    ("product_id", "in", products.ids),
                    ("date", ">=", start),
                    ("date", "<", stop),
                    # the lines have no rules of their own: their visits' rules apply
                    ("consumption_id", "in", self.env["fuxi.consumption"]._search([])),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        )
        rows = [
            {
                "product_id": product.id,
                "complaints": complaints,
                "served": served.get(product, 0.0),
                "rate": round(100.0 * complaints / served[product], 2)
                if served.get(product)
                else 0.0,
            }
            for product, complaints in complained
        ]
        rows.sort(key=lambda row: (-row["rate"], -row["complaints"], row["product_id"]))
        return rows

    @api.model
    def _check_can_compute(self):
        """The rate divides by the portions served: reading them needs the right to read
        the visits, and without it the report is refused rather than made up."""
        for model in ("fuxi.complaint", "fuxi.consumption", "fuxi.consumption.line"):
            if not self.env[model].has_access("read"):
                raise AccessError(
                    self.env._(
                        "The complaint rate per dish needs the right to read complaints and"
                        " visits (consumption records)."
                    )
                )

    def action_compute(self):
        self.ensure_one()
        rows = self.compute_rates(self.date_from, self.date_to)
        self.line_ids.unlink()
        self.env["fuxi.complaint.dish.rate.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "sequence": index,
                    "product_id": row["product_id"],
                    "complaint_count": row["complaints"],
                    "served_qty": row["served"],
                    "rate": row["rate"],
                }
                for index, row in enumerate(rows, start=1)
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Complaint Rate per Dish %(start)s ~ %(end)s",
                start=self.date_from,
                end=self.date_to,
            ),
            "res_model": "fuxi.complaint.dish.rate.line",
            "view_mode": "list,graph",
            "domain": [("wizard_id", "=", self.id)],
            "target": "current",
        }
