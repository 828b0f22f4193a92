import math
from decimal import ROUND_FLOOR, Decimal

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .fuxi_cashier_price_rule import DISCOUNT_KINDS

CASHIER_GROUP = "fuxi_cashier.group_fuxi_cashier"
MANAGER_GROUP = "fuxi_cashier.group_fuxi_cashier_manager"
DISCOUNT_LIMIT_PARAM = "fuxi_cashier.manual_discount_limit"


class FuxiCashierManagerRequired(AccessError):
    """A cashier asked for what only a cashier manager may do."""


class FuxiCashierBill(models.Model):
    """The bill of a front desk order (账单): the price rules applied to its lines, the
    payments, and once closed a snapshot of every figure (a rule changed later does not
    change a paid bill). Written only through the cashier's verbs (sudo after their
    checks): cashiers have no write right on it."""

    _name = "fuxi.cashier.bill"
    _description = "Cashier Bill"
    _inherit = ["fuxi.sequence.mixin"]
    _order = "id desc"
    _fuxi_sequence_code = "fuxi.cashier.bill"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    order_id = fields.Many2one(
        "fuxi.frontdesk.order", required=True, readonly=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True, index=True)
    room_id = fields.Many2one(related="order_id.room_id")
    guest_count = fields.Integer(readonly=True)
    state = fields.Selection(
        [("draft", "To Pay"), ("paid", "Paid"), ("void", "Voided")],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    date = fields.Date(string="Business Day", readonly=True, index=True)
    closed_at = fields.Datetime(readonly=True)
    closed_by = fields.Many2one("res.users", readonly=True)
    shift_id = fields.Many2one("fuxi.cashier.shift", readonly=True, index="btree_not_null")
    manual_discount_percent = fields.Float(digits=(5, 2), readonly=True)
    manual_discount_reason = fields.Char(readonly=True)
    manual_discount_by = fields.Many2one("res.users", readonly=True)
    subtotal = fields.Monetary(readonly=True)
    discount_total = fields.Monetary(readonly=True)
    service_charge = fields.Monetary(readonly=True)
    minimum_charge = fields.Monetary(readonly=True)
    rounding = fields.Monetary(readonly=True)
    total = fields.Monetary(readonly=True)
    paid = fields.Monetary(readonly=True)
    change = fields.Monetary(readonly=True)
    points_earned = fields.Float(digits=(16, 0), readonly=True)
    rule_line_ids = fields.One2many("fuxi.cashier.bill.rule", "bill_id", readonly=True)
    payment_ids = fields.One2many("fuxi.cashier.payment", "bill_id", readonly=True)
    ledger_ids = fields.One2many("loyalty.history", "fuxi_bill_id", readonly=True)
    void_reason = fields.Char(readonly=True)
    voided_by = fields.Many2one("res.users", readonly=True)
    voided_at = fields.Datetime(readonly=True)
    void_date = fields.Date(readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("order_unique", "UNIQUE(order_id)", "An order has one bill."),
    ]

    # ------------------------------------------------------------- rights
    @api.model
    def _manager_error(self, message):
        return FuxiCashierManagerRequired(message)

    @api.model
    def _check_cashier(self):
        if not self.env.user.has_group(CASHIER_GROUP):
            raise AccessError(self.env._("Only cashiers can take payments."))

    @api.model
    def _check_manager(self, message):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise self._manager_error(message)

    def _check_draft(self):
        for bill in self:
            if bill.state != "draft":
                raise UserError(
                    self.env._("Bill %s is already closed: nothing can be paid on it.", bill.name)
                )

    @api.model
    def _row_field_names(self):
        """The columns the ORM reads when a field of a bill is first touched (its row), for
        a search that reads them at once."""
        return [
            name
            for name, field in self._fields.items()
            if field.column_type and field.prefetch is True and field.is_accessible(self.env)
        ]

    # ------------------------------------------------------------- figures
    def _compute_figures(self):
        """The bill's figures from its order's lines and the active rules (a paid or voided
        bill answers its snapshot instead). The rules come as cached plain values and the
        lines, dishes and member are read once each, only the columns the figures use (see
        _prefetch_figures): the discounts are Python sums."""
        self.ensure_one()
        if self.state != "draft":
            return self._snapshot_figures()
        order = self.order_id
        company = self.company_id
        partner = self.partner_id
        lines = self._prefetch_figures().filtered(lambda line: line.state != "void")
        r = company.currency_id.round
        Rule = self.env["fuxi.cashier.price.rule"].sudo()
        today = fields.Date.context_today(self)
        rules = Rule._active_rule_data(company.id, self.env.lang or "en_US")
        room = order.room_id
        class_id = partner.customer_class_id.id if partner else False
        birthday = partner.birthdate_date if partner else False
        # (line, amount, template id, category id), every dish read in one query
        dishes = [
            (
                line,
                line.subtotal,
                line.product_id.product_tmpl_id.id,
                line.product_id.product_tmpl_id.fuxi_category_id.id,
            )
            for line in lines
        ]
        subtotal = r(sum(amount for __, amount, __, __ in dishes))
        applied = []
        best, best_amount, excluded = None, 0.0, set()
        for rule in rules:
            if rule["kind"] not in DISCOUNT_KINDS or not Rule._data_applies(
                rule, class_id, birthday, room.kind, today
            ):
                continue
            out = {
                line.id
                for line, __, template_id, category_id in dishes
                if Rule._data_excludes(rule, template_id, category_id)
            }
            base = sum(amount for line, amount, __, __ in dishes if line.id not in out)
            amount = r(base * rule["percent"] / 100.0)
            if amount > best_amount:
                best, best_amount, excluded = rule, amount, out
        if best:
            applied.append(
                {
                    "rule_id": best["id"],
                    "name": best["name"],
                    "kind": best["kind"],
                    "amount": -best_amount,
                }
            )
        discount = best_amount
        if self.manual_discount_percent:
            manual = r((subtotal - discount) * self.manual_discount_percent / 100.0)
            # formatted apart: Odoo's term extractor cannot read an f-string argument
            shown = f"{self.manual_discount_percent:g}"
            if manual:
                applied.append(
                    {
                        "rule_id": False,
                        "name": self.env._(
                            "Manual discount %(percent)s%%: %(reason)s",
                            percent=shown,
                            reason=self.manual_discount_reason or "",
                        ),
                        "kind": "manual",
                        "amount": -manual,
                    }
                )
                discount = r(discount + manual)
        after_discount = r(subtotal - discount)
        minimum_charge = 0.0
        minimum_rule = next((rule for rule in rules if rule["kind"] == "minimum_spend"), None)
        if minimum_rule and room.minimum_spend > after_discount:
            minimum_charge = r(room.minimum_spend - after_discount)
            applied.append(
                {
                    "rule_id": minimum_rule["id"],
                    "name": minimum_rule["name"],
                    "kind": "minimum_spend",
                    "amount": minimum_charge,
                }
            )
        service_charge = 0.0
        for rule in rules:
            if rule["kind"] != "service_charge" or not Rule._data_applies(
                rule, class_id, birthday, room.kind, today
            ):
                continue
            amount = r((after_discount + minimum_charge) * rule["percent"] / 100.0)
            if amount:
                service_charge = r(service_charge + amount)
                applied.append(
                    {
                        "rule_id": rule["id"],
                        "name": rule["name"],
                        "kind": rule["kind"],
                        "amount": amount,
                    }
                )
        before_rounding = r(after_discount + minimum_charge + service_charge)
        rounding = 0.0
        rounding_rule = next((rule for rule in rules if rule["kind"] == "rounding"), None)
        if rounding_rule and before_rounding > 0:
            # in decimals: 87.3 / 0.1 in floats is 872.9999…, which would round down a fen
            step = Decimal(str(rounding_rule["rounding_step"]))
            value = Decimal(str(before_rounding))
            rounded = (value / step).to_integral_value(rounding=ROUND_FLOOR) * step
            rounding = r(float(rounded - value))
            if rounding:
                applied.append(
                    {
                        "rule_id": rounding_rule["id"],
                        "name": rounding_rule["name"],
                        "kind": "rounding",
                        "amount": rounding,
                    }
                )
        total = r(before_rounding + rounding)
        payments = self.payment_ids.filtered(lambda payment: payment.state == "posted")
        paid = r(sum(payments.mapped("amount")))
        return {
            "lines": [
                {
                    "id": line.id,
                    "name": line.product_id.name or "",
                    "quantity": line.quantity,
                    "amount": amount,
                    "discounted": bool(best) and line.id not in excluded,
                }
                for line, amount, __, __ in dishes
            ],
            "rules": applied,
            "subtotal": subtotal,
            "discount_total": discount,
            "service_charge": service_charge,
            "minimum_charge": minimum_charge,
            "rounding": rounding,
            "total": total,
            "paid": paid,
            "due": r(total - paid),
            "change": r(sum(payments.mapped("change"))),
        }

    def _prefetch_figures(self):
        """Reads the columns the figures and the panel's answer use, one query per model,
        and answers the order's lines. Touching a field makes the ORM read every column of
        the record (with an access check per column): the company's row is ~120 columns,
        the member's ~70, a dish template's ~40, though the bill needs three or four of each
        (the panel's verbs: set_member 29 → 23 ms, most of it here)."""
        # with what the multi-company record rules (parent_of) of the lines and dishes read
        # of the user's companies: parent_path, active
        (self.company_id | self.env.companies).fetch(
            [
                "currency_id",
                "fuxi_stored_value_program_id",
                "fuxi_points_program_id",
                "parent_path",
                "active",
            ]
        )
        if self.partner_id:
            fnames = ["name", "customer_class_id", "birthdate_date"]
            if self.env.user.has_group(CASHIER_GROUP):
                # the member block's signing right (fields of the cashiers' group)
                fnames += ["fuxi_can_sign", "fuxi_sign_limit"]
            self.partner_id.fetch(fnames)
        # the lines' ids and rows in one query (the one2many would read the ids first)
        lines = self.env["fuxi.frontdesk.order.line"].search_fetch(
            [("order_id", "=", self.order_id.id)], ["state", "subtotal", "quantity", "product_id"]
        )
        # ... which are the order's line_ids (as their read would find them: the same search
        # for this user): the checkout reads them, so not a second time
        order = self.order_id
        self.env.cache.insert_missing(order, order._fields["line_ids"], [tuple(lines.ids)])
        products = lines.product_id
        # the dish's name (the front desk's, not the variant's display_name) and the
        # template's category the rules exclude
        products.fetch(["product_tmpl_id"])
        # (company_id: reading the dishes checks their multi-company rule)
        products.product_tmpl_id.fetch(["name", "fuxi_category_id", "company_id"])
        return lines

    def _snapshot_figures(self):
        self.ensure_one()
        r = self.currency_id.round
        lines = self.order_id.line_ids.filtered(lambda line: line.state != "void")
        payments = self.payment_ids.filtered(
            lambda payment: payment.state == "posted" and not payment.reversed_payment_id
        )
        paid = r(sum(payments.mapped("amount")))
        return {
            "lines": [
                {
                    "id": line.id,
                    "name": line.product_id.name or "",
                    "quantity": line.quantity,
                    "amount": line.subtotal,
                    "discounted": False,
                }
                for line in lines
            ],
            "rules": [
                {
                    "rule_id": rule_line.rule_id.id,
                    "name": rule_line.name,
                    "kind": rule_line.kind,
                    "amount": rule_line.amount,
                }
                for rule_line in self.rule_line_ids
            ],
            "subtotal": self.subtotal,
            "discount_total": self.discount_total,
            "service_charge": self.service_charge,
            "minimum_charge": self.minimum_charge,
            "rounding": self.rounding,
            "total": self.total,
            "paid": paid,
            "due": r(self.total - paid) if self.state == "paid" else 0.0,
            "change": self.change,
        }

    # ------------------------------------------------------------- payload
    def _bill_payload(self, figures=None, balances=None):
        """The bill as the payment panel shows it (plain values). ``figures``: the bill's
        figures if the caller has them; ``balances``: the member's balances it has just
        moved (res.partner._fuxi_balances)."""
        self.ensure_one()
        figures = figures or self._compute_figures()
        methods = self.env["fuxi.cashier.payment.method"]._active_method_data(
            self.company_id.id, self.env.lang or "en_US"
        )
        shown = self.payment_ids.filtered(
            lambda payment: payment.state == "posted" and not payment.reversed_payment_id
        )
        return {
            "id": self.id,
            "name": self.name,
            "order_id": self.order_id.id,
            **{key: value for key, value in figures.items() if key != "rules"},
            "rules": [
                {"name": rule["name"], "amount": rule["amount"], "kind": rule["kind"]}
                for rule in figures["rules"]
            ],
            "payments": [payment._payment_payload() for payment in shown],
            "member": self.partner_id._fuxi_member_payload(balances) if self.partner_id else False,
            "manual_discount": {
                "percent": self.manual_discount_percent,
                "reason": self.manual_discount_reason or "",
            },
            "methods": [dict(method) for method in methods],
            "currency_id": self.currency_id.id,
            "state": self.state,
            "points_earned": self.points_earned,
        }

    def _receipt_url(self):
        self.ensure_one()
        return f"/report/pdf/fuxi_cashier.report_cashier_receipt/{self.id}"

    # ------------------------------------------------------------- closing
    def _close(self, figures=None, shift=None):
        """Snapshot the figures, earn the member's points, close the order. ``figures`` and
        ``shift``: what the caller (the settle) has just computed and found. Answers the
        points card's new balance, {"points": ...}, when points were earned ({} if not)."""
        self.ensure_one()
        figures = figures or self._compute_figures()
        if figures["due"] > 0:
            raise UserError(
                self.env._(
                    "%(due)s is still due on bill %(bill)s: the bill closes only when fully paid.",
                    due=self._format_amount(figures["due"]),
                    bill=self.name,
                )
            )
        if figures["due"] < 0:
            raise UserError(
                self.env._(
                    "More than the bill was paid (%(over)s): remove a payment and pay again.",
                    over=self._format_amount(-figures["due"]),
                )
            )
        payments = self.payment_ids.filtered(lambda payment: payment.state == "posted")
        earning = sum(payments.filtered(lambda p: p.method_id.earns_points).mapped("amount"))
        points = (
            math.floor(earning * self.company_id.sudo()._fuxi_points_rate() + 1e-6)
            if self.partner_id
            else 0
        )
        shift = shift or self.env["fuxi.cashier.shift"]._current()
        self.sudo().write(
            {
                "state": "paid",
                "date": fields.Date.context_today(self),
                "closed_at": fields.Datetime.now(),
                "closed_by": self.env.uid,
                "shift_id": shift.id,
                "guest_count": self.order_id.guest_count,
                "subtotal": figures["subtotal"],
                "discount_total": figures["discount_total"],
                "service_charge": figures["service_charge"],
                "minimum_charge": figures["minimum_charge"],
                "rounding": figures["rounding"],
                "total": figures["total"],
                "paid": figures["paid"],
                "change": figures["change"],
                "points_earned": points,
                "rule_line_ids": [
                    (
                        0,
                        0,
                        {
                            "rule_id": rule["rule_id"],
                            "name": rule["name"],
                            "kind": rule["kind"],
                            "amount": rule["amount"],
                        },
                    )
                    for rule in figures["rules"]
                ],
            }
        )
        if not points:
            return {}
        return {
            "points": self.partner_id._fuxi_post_on(
                "points",
                points,
                "earn",
                self.env._("Points earned on bill %s", self.name),
                bill=self,
            )
        }

    def _closed_figures(self, figures):
        """The figures of a bill _close has just closed with ``figures``, as
        _snapshot_figures reads them back (the settle answers them without reading the
        rows it has just written)."""
        self.ensure_one()
        return dict(
            figures,
            lines=[dict(line, discounted=False) for line in figures["lines"]],
            due=0.0,
        )

    def _void(self, reason):
        """Reverse every payment, the points earned and used, by new lines."""
        self.ensure_one()
        for payment in self.payment_ids.filtered(
            lambda payment: payment.state == "posted" and not payment.reversed_payment_id
        ):
            payment._reverse(reason)
        if self.points_earned and self.partner_id:
            card = self.partner_id._fuxi_card("points", create=True)
            card._fuxi_post(
                -self.points_earned,
                "earn_reversal",
                self.env._("Points of voided bill %s taken back", self.name),
                bill=self,
                allow_negative=True,
            )
        self.sudo().write(
            {
                "state": "void",
                "void_reason": reason,
                "voided_by": self.env.uid,
                "voided_at": fields.Datetime.now(),
                "void_date": fields.Date.context_today(self),
            }
        )

    def _format_amount(self, amount):
        return f"{self.currency_id.symbol or ''}{amount:.2f}"
