import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .fuxi_cashier_bill import MANAGER_GROUP


class FuxiCashierDay(models.Model):
    """A business day of a store (收市日结). Closed by a manager, after which no payment,
    top-up or void is recorded on it until a manager reopens it."""

    _name = "fuxi.cashier.day"
    _description = "Cashier Business Day"
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name")
    date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")], default="open", required=True, readonly=True
    )
    closed_by = fields.Many2one("res.users", readonly=True)
    closed_at = fields.Datetime(readonly=True)
    reopened_by = fields.Many2one("res.users", readonly=True)
    reopened_at = fields.Datetime(readonly=True)
    reopen_reason = fields.Char(readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("date_company_unique", "UNIQUE(company_id, date)", "A store has one record per day."),
    ]

    @api.depends("date")
    def _compute_name(self):
        for day in self:
            day.name = fields.Date.to_string(day.date) or ""

    @api.model
    def _today(self):
        return fields.Date.context_today(self)

    @api.model
    def _get_day(self, date, create=False):
        day = self.sudo().search(
            [("company_id", "=", self.env.company.id), ("date", "=", date)], limit=1
        )
        if not day and create:
            day = self.sudo().create({"date": date, "company_id": self.env.company.id})
        return day

    @api.model
    def _check_day_open(self, date=None):
        """Refuses any change of money on a closed day."""
        date = date or self._today()
        day = self._get_day(date)
        if day.state == "closed":
            raise UserError(
                self.env._(
                    "The day %(date)s is closed (收市): a cashier manager must reopen it "
                    "before any payment is recorded on it.",
                    date=fields.Date.to_string(date),
                )
            )

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise self.env["fuxi.cashier.bill"]._manager_error(
                self.env._("Only a cashier manager can close or reopen a day.")
            )

    # ------------------------------------------------------------- figures
    def _figures(self):
        """Everything the daily close shows, as plain values."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        r = currency.round
        Bill = self.env["fuxi.cashier.bill"].sudo()
        bills = Bill.search(
            [("company_id", "=", company.id), ("date", "=", self.date), ("state", "!=", "draft")]
        )
        paid = bills.filtered(lambda bill: bill.state == "paid")
        voids = Bill.search([("company_id", "=", company.id), ("void_date", "=", self.date)])
        payments = (
            self.env["fuxi.cashier.payment"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("date", "=", self.date),
                    ("state", "=", "posted"),
                ]
            )
        )
        by_method = {}
        for payment in payments:
            entry = by_method.setdefault(
                payment.method_id.id,
                {"method": payment.method_id.name, "kind": payment.method_id.kind, "amount": 0.0},
            )
            entry["amount"] = r(entry["amount"] + payment.amount)
        by_rule = {}
        for rule_line in paid.rule_line_ids:
            key = rule_line.name
            by_rule[key] = r(by_rule.get(key, 0.0) + rule_line.amount)
        Topup = self.env["fuxi.cashier.topup"].sudo()
        topups = Topup.search([("company_id", "=", company.id), ("date", "=", self.date)])
        refunds = Topup.search([("company_id", "=", company.id), ("refund_date", "=", self.date)])
        ledger = self.env["loyalty.history"].sudo()
        day_start, day_stop = self._utc_bounds()
        lines = ledger.search(
            [
                ("fuxi_kind", "!=", False),
                ("card_id.company_id", "=", company.id),
                ("create_date", ">=", day_start),
                ("create_date", "<", day_stop),
            ]
        )
        stored = lines.filtered(lambda line: line.card_id.program_type == "ewallet")
        points = lines - stored
        shifts = (
            self.env["fuxi.cashier.shift"]
            .sudo()
            .search([("company_id", "=", company.id), ("date", "=", self.date)])
        )
        return {
            "date": fields.Date.to_string(self.date),
            "state": self.state,
            "bills": len(paid),
            "guests": sum(paid.mapped("guest_count")),
            "gross": r(sum(paid.mapped("subtotal"))),
            "discounts": [{"name": name, "amount": amount} for name, amount in by_rule.items()],
            "discount_total": r(sum(paid.mapped("discount_total"))),
            "net": r(sum(paid.mapped("total"))),
            "payments": list(by_method.values()),
            "payments_total": r(sum(payments.mapped("amount"))),
            "topups": {
                "count": len(topups),
                "amount": r(sum(topups.mapped("amount"))),
                "bonus": r(sum(topups.mapped("bonus"))),
                "refunded": r(sum(refunds.mapped("amount"))),
            },
            "stored_value_used": r(
                sum(stored.filtered(lambda line: line.fuxi_kind == "payment").mapped("used"))
                - sum(
                    stored.filtered(lambda line: line.fuxi_kind == "payment_reversal").mapped(
                        "issued"
                    )
                )
            ),
            "points_issued": sum(points.mapped("issued")),
            "points_used": sum(points.mapped("used")),
            "voids": {"count": len(voids), "amount": r(sum(voids.mapped("total")))},
            "shifts": [shift._shift_payload() for shift in shifts],
            "cash_expected": r(sum(shifts.mapped("expected_cash"))),
            "cash_counted": r(sum(shifts.mapped("counted_cash"))),
            "cash_difference": r(
                sum(shifts.filtered(lambda s: s.state == "closed").mapped("difference"))
            ),
            "currency_id": currency.id,
        }

    def _utc_bounds(self):
        """The day's start and end as UTC datetimes, in the user's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        start = tz.localize(datetime.datetime.combine(self.date, datetime.time.min))
        stop = start + datetime.timedelta(days=1)
        return (
            start.astimezone(pytz.UTC).replace(tzinfo=None),
            stop.astimezone(pytz.UTC).replace(tzinfo=None),
        )

    def _day_result(self):
        self.ensure_one()
        return {
            "day": self._figures(),
            "report_url": f"/report/pdf/fuxi_cashier.report_cashier_day/{self.id}",
        }
