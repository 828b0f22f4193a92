from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round


class FuxiCashierPayment(models.Model):
    """One payment on a bill. Never edited: removed before the bill closes (its card lines
    reversed by new ledger lines), or reversed after it by a new, negative payment."""

    _name = "fuxi.cashier.payment"
    _description = "Cashier Payment"
    _order = "id"

    bill_id = fields.Many2one(
        "fuxi.cashier.bill", required=True, readonly=True, index=True, ondelete="restrict"
    )
    method_id = fields.Many2one(
        "fuxi.cashier.payment.method", required=True, readonly=True, ondelete="restrict"
    )
    kind = fields.Selection(related="method_id.kind")
    amount = fields.Monetary(readonly=True, help="What the payment pays of the bill.")
    tendered = fields.Monetary(readonly=True, help="Cash handed over by the guest.")
    change = fields.Monetary(readonly=True)
    points_used = fields.Float(digits=(16, 0), readonly=True)
    reference = fields.Char(readonly=True)
    client_id = fields.Char(readonly=True, copy=False)
    state = fields.Selection(
        [("posted", "Posted"), ("cancelled", "Removed")],
        default="posted",
        required=True,
        readonly=True,
    )
    reversed_payment_id = fields.Many2one(
        "fuxi.cashier.payment", readonly=True, help="The payment this line reverses (void)."
    )
    partner_id = fields.Many2one("res.partner", readonly=True, index="btree_not_null")
    settlement_id = fields.Many2one(
        "fuxi.cashier.settlement",
        readonly=True,
        index="btree_not_null",
        help="Signed account: the settlement that paid it.",
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True)
    shift_id = fields.Many2one("fuxi.cashier.shift", readonly=True, index="btree_not_null")
    date = fields.Date(string="Business Day", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        ("client_id_unique", "UNIQUE(bill_id, client_id)", "A payment request is applied once."),
    ]

    def _payment_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "method": self.method_id.name,
            "method_id": self.method_id.id,
            "kind": self.kind,
            "amount": self.amount,
            "tendered": self.tendered,
            "change": self.change,
            "reference": self.reference or "",
            "points_used": self.points_used,
        }

    # ------------------------------------------------------------- taking
    def _draw(self, bill):
        """Draws a member-card payment on the card (stored value, points) or the signing
        limit (signed account), refusing what the member does not have. Answers the card's
        new balance, {"stored_value": ...} or {"points": ...} ({} for other methods)."""
        self.ensure_one()
        partner = bill.partner_id.sudo()
        kind = self.method_id.kind
        if kind == "stored_value":
            return {
                "stored_value": partner._fuxi_post_on(
                    "stored_value",
                    -self.amount,
                    "payment",
                    self.env._("Paid bill %s", bill.name),
                    bill=bill,
                    payment=self,
                )
            }
        if kind == "points":
            value = bill.company_id.sudo()._fuxi_points_value()
            points = float_round(self.amount / value, precision_digits=0) if value else 0
            if not value or float_compare(points * value, self.amount, precision_digits=2):
                raise UserError(
                    self.env._(
                        "Points pay in steps of %(step).2f: %(amount).2f cannot be paid with "
                        "points.",
                        step=value,
                        amount=self.amount,
                    )
                )
            balance = partner._fuxi_post_on(
                "points",
                -points,
                "payment",
                self.env._("Points paid bill %s", bill.name),
                bill=bill,
                payment=self,
            )
            self.sudo().points_used = points
            return {"points": balance}
        if kind == "account":
            if not partner.fuxi_can_sign:
                raise UserError(
                    self.env._("%s may not sign bills to the account.", partner.name or "")
                )
            # one guest signing at two tables at once: the second waits here and is replayed
            self.env.cr.execute(
                "SELECT id FROM res_partner WHERE id = %s FOR UPDATE", (partner.id,)
            )
            outstanding = partner._fuxi_signed_outstanding()
            if float_compare(outstanding, partner.fuxi_sign_limit, precision_digits=2) > 0:
                raise UserError(
                    self.env._(
                        "%(member)s owes %(owed).2f on signed bills: the limit is %(limit).2f.",
                        member=partner.name or "",
                        owed=outstanding - self.amount,
                        limit=partner.fuxi_sign_limit,
                    )
                )
        return {}

    def _undo_draw(self, kind, description):
        """Gives back to the member's card what this payment drew on it (new lines)."""
        self.ensure_one()
        bill = self.bill_id
        if self.method_id.kind == "stored_value":
            card = self.partner_id.sudo()._fuxi_card("stored_value", create=True)
            card._fuxi_post(self.amount, kind, description, bill=bill, payment=self)
        elif self.method_id.kind == "points" and self.points_used:
            card = self.partner_id.sudo()._fuxi_card("points", create=True)
            card._fuxi_post(self.points_used, kind, description, bill=bill, payment=self)

    def _remove(self):
        """Before the bill closes: the payment is taken off, its card lines given back."""
        self.ensure_one()
        self._undo_draw(
            "payment_reversal",
            self.env._("Payment removed from bill %s", self.bill_id.name),
        )
        self.sudo().state = "cancelled"

    def _reverse(self, reason):
        """After the bill closed (void): a new, negative payment, and the card given back."""
        self.ensure_one()
        shift = self.env["fuxi.cashier.shift"]._current()
        reversal = self.sudo().create(
            {
                "bill_id": self.bill_id.id,
                "method_id": self.method_id.id,
                "amount": -self.amount,
                "tendered": 0.0,
                "change": 0.0,
                "points_used": -self.points_used,
                "reference": self.reference,
                "reversed_payment_id": self.id,
                "partner_id": self.partner_id.id,
                "user_id": self.env.uid,
                "shift_id": shift.id,
                "date": fields.Date.context_today(self),
                "company_id": self.company_id.id,
            }
        )
        reversal._fuxi_reversal_ledger(self, reason)
        return reversal

    def _fuxi_reversal_ledger(self, original, reason):
        original._undo_draw(
            "payment_reversal",
            self.env._(
                "Bill %(bill)s voided: %(reason)s", bill=original.bill_id.name, reason=reason
            ),
        )
