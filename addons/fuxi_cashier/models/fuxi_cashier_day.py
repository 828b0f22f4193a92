import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
        # the state comes with the search: every money verb checks it (_check_day_open)
        day = self.sudo().search_fetch(
            [("company_id", "=", self.env.company.id), ("date", "=", date)], ["state"], limit=1
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
        settlements = (
            self.env["fuxi.cashier.settlement"]
            .sudo()
            .search([("company_id", "=", company.id), ("date", "=", self.date)])
        )
        settled_by_method = {}
        for settlement in settlements:
            entry = settled_by_method.setdefault(
                settlement.method_id.id,
                {"method": settlement.method_id.name, "kind": settlement.kind, "amount": 0.0},
            )
            entry["amount"] = r(entry["amount"] + settlement.amount)
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
            "points_expired": sum(
                points.filtered(lambda line: line.fuxi_kind == "expiry").mapped("used")
            ),
            "points_rewards": sum(
                points.filtered(lambda line: line.fuxi_kind == "reward").mapped("used")
            ),
            "settlements": {
                "count": len(settlements),
                "amount": r(sum(settlements.mapped("amount"))),
                "by_method": list(settled_by_method.values()),
            },
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

    # ------------------------------------------------------------- demo
    @api.model
    def _fuxi_demo_data(self):
        """Demo: members with stored value and points, a guest allowed to sign, and
        yesterday closed (收市) with its bills, top-ups and shift — made through the
        cashier's own verbs, then moved back one day."""
        env = self.env(
            user=self.env.ref("base.user_admin"),
            context=dict(self.env.context, tracking_disable=True),
        )
        Order = env["fuxi.frontdesk.order"]
        methods = {
            method.kind: method
            for method in env["fuxi.cashier.payment.method"].search([], order="sequence desc")
        }
        ref = env.ref
        zhou = ref("fuxi_customer.customer_zhou_wenhua_demo")
        sun = ref("fuxi_customer.customer_sun_lihong_demo")
        qian = ref("fuxi_customer.customer_qian_haifeng_demo")
        wu = ref("fuxi_customer.customer_wu_xiaomei_demo")
        wu.sudo().write({"fuxi_can_sign": True, "fuxi_sign_limit": 2000})
        topups = [
            Order.cashier_topup(zhou.id, methods["cash"].id, 3000, "demo-topup-zhou"),
            Order.cashier_topup(sun.id, methods["cash"].id, 1000, "demo-topup-sun"),
            Order.cashier_topup(
                qian.id, methods["wechat"].id, 500, "demo-topup-qian", "WX4200000001"
            ),
        ]
        dishes = env["product.template"].search(
            [("is_fuxi_dish", "=", True), ("sale_ok", "=", True)], order="id", limit=6
        )
        bills = env["fuxi.cashier.bill"]
        for room, partner, payments in (
            (
                ref("fuxi_tracking.room_guanyu_demo"),
                zhou,
                [("stored_value", 300.0, False), ("cash", False, 500.0)],
            ),
            (ref("fuxi_tracking.table_a3_demo"), sun, [("alipay", False, "ZFB2026000001")]),
            (ref("fuxi_tracking.table_b2_demo"), False, [("cash", False, 200.0)]),
        ):
            order = Order.browse(
                Order.open_table(room.id, partner.id if partner else False, 4)["id"]
            )
            order.add_lines(
                [
                    {
                        "uid": f"demo-cashier-{room.id}-{dish.id}",
                        "product_id": dish.product_variant_id.id,
                    }
                    for dish in dishes[:4]
                ]
            )
            order.action_send(f"demo-cashier-send-{room.id}")
            for index, (kind, amount, extra) in enumerate(payments):
                due = order.cashier_bill()["due"]
                pay = min(amount, due) if amount else due
                order.cashier_pay(
                    methods[kind].id,
                    pay,
                    tendered=extra if kind == "cash" and extra and extra >= pay else False,
                    reference=extra if kind not in ("cash", "stored_value") else False,
                    client_id=f"demo-cashier-pay-{room.id}-{index}",
                )
            order.cashier_close()
            bills |= order.cashier_bill_ids
        # the demo's visits are written now, as the front desk's job writes them after a
        # cashier's close (a database installed without a running cron would keep them)
        env["fuxi.frontdesk.order"].sudo()._cron_record_visits()
        shift = env["fuxi.cashier.shift"]._current(create=False)
        if shift:
            shift._close(shift.expected_cash)
        yesterday = self._today() - datetime.timedelta(days=1)
        topup_records = env["fuxi.cashier.topup"].browse([t["topup"]["id"] for t in topups])
        cr = env.cr
        env.flush_all()
        # the past, by SQL: these columns are never written by the ORM after creation
        for table, ids in (
            ("fuxi_cashier_bill", bills.ids),
            ("fuxi_cashier_topup", topup_records.ids),
            ("fuxi_cashier_shift", shift.ids),
        ):
            if ids:
                cr.execute(
                    SQL(
                        "UPDATE %s SET date = %s WHERE id IN %s",
                        SQL.identifier(table),
                        yesterday,
                        tuple(ids),
                    )
                )
        cr.execute(
            "UPDATE fuxi_cashier_payment SET date = %s WHERE bill_id IN %s",
            (yesterday, tuple(bills.ids)),
        )
        cr.execute(
            """UPDATE loyalty_history SET create_date = create_date - interval '1 day'
               WHERE fuxi_bill_id IN %s OR fuxi_topup_id IN %s""",
            (tuple(bills.ids), tuple(topup_records.ids)),
        )
        env.invalidate_all()
        day = self._get_day(yesterday, create=True)
        day.sudo().write(
            {"state": "closed", "closed_by": env.uid, "closed_at": fields.Datetime.now()}
        )
