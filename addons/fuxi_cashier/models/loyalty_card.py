from odoo import models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    def _fuxi_post(
        self, delta, kind, description, bill=None, topup=None, payment=None, allow_negative=False
    ):
        """One ledger line (loyalty.history) and the card's balance moved by ``delta``, under
        a row lock: two checkouts drawing on one card at once are serialised, the second one
        replayed on the first one's balance, so a card is never overdrawn."""
        self.ensure_one()
        card = self.sudo()
        # the lock reads the row: what this transaction wrote must be in it first
        card.flush_recordset(["points"])
        self.env.cr.execute("SELECT points FROM loyalty_card WHERE id = %s FOR UPDATE", (card.id,))
        current = self.env.cr.fetchone()[0] or 0.0
        card.invalidate_recordset(["points"])
        digits = 2 if card.program_type == "ewallet" else 0
        delta = float_round(delta, precision_digits=digits)
        new = float_round(current + delta, precision_digits=digits)
        if (
            delta < 0
            and not allow_negative
            and float_compare(new, 0.0, precision_digits=digits) < 0
        ):
            if card.program_type == "ewallet":
                message = self.env._(
                    "The stored value of %(member)s is %(balance).2f: %(amount).2f cannot be "
                    "drawn from it.",
                    member=card.partner_id.name or "",
                    balance=current,
                    amount=-delta,
                )
            else:
                message = self.env._(
                    "%(member)s has %(balance)d points: %(amount)d cannot be used.",
                    member=card.partner_id.name or "",
                    balance=current,
                    amount=-delta,
                )
            raise UserError(message)
        origin = bill or topup
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "description": description,
                "issued": delta if delta > 0 else 0.0,
                "used": -delta if delta < 0 else 0.0,
                "fuxi_kind": kind,
                "fuxi_bill_id": bill.id if bill else False,
                "fuxi_topup_id": topup.id if topup else False,
                "fuxi_payment_id": payment.id if payment else False,
                "order_model": origin._name if origin else False,
                "order_id": origin.id if origin else False,
            }
        )
        # loyalty's write would mail the member when points reach a threshold and track the
        # change in the chatter: the ledger line above is the record
        card.with_context(loyalty_no_mail=True, tracking_disable=True).write({"points": new})
        return new
