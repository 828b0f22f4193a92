from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


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
        self.env["fuxi.complaint"].flush_model(["product_id", "date", "object_type"])
        self.env["fuxi.consumption.line"].flush_model(["product_id", "date", "quantity"])
        self.env.cr.execute(
            SQL(
                """
                WITH complained AS (
                    SELECT product_id, COUNT(*) AS complaints
                      FROM fuxi_complaint
                     WHERE object_type = 'dish' AND product_id IS NOT NULL
                       AND date >= %(start)s AND date < %(stop)s
                     GROUP BY product_id
                ), served AS (
                    SELECT line.product_id, SUM(line.quantity) AS served
                      FROM fuxi_consumption_line line
                      JOIN complained ON complained.product_id = line.product_id
                     WHERE line.date >= %(start)s AND line.date < %(stop)s
                     GROUP BY line.product_id
                )
                SELECT complained.product_id, complained.complaints, COALESCE(served.served, 0)
                  FROM complained
                  LEFT JOIN served ON served.product_id = complained.product_id
                """,
                start=start,
                stop=stop,
            )
        )
        rows = [
            {
                "product_id": product_id,
                "complaints": complaints,
                "served": served,
                "rate": round(100.0 * complaints / served, 2) if served else 0.0,
            }
            for product_id, complaints, served in self.env.cr.fetchall()
        ]
        rows.sort(key=lambda row: (-row["rate"], -row["complaints"], row["product_id"]))
        return rows

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


class FuxiComplaintDishRateLine(models.TransientModel):
    _name = "fuxi.complaint.dish.rate.line"
    _description = "Complaint Rate of a Dish"
    _order = "sequence"

    wizard_id = fields.Many2one("fuxi.complaint.dish.rate", required=True, ondelete="cascade")
    sequence = fields.Integer(string="Rank")
    product_id = fields.Many2one("product.product", string="Dish", required=True)
    complaint_count = fields.Integer(string="Complaints")
    served_qty = fields.Float(string="Portions Served")
    rate = fields.Float(string="Complaint Rate (%)", digits=(16, 2), aggregator="max")
