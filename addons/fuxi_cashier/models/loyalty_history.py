from odoo import api, fields, models
from odoo.exceptions import UserError

LEDGER_KINDS = [
    ("topup", "Top-up"),
    ("bonus", "Top-up Bonus"),
    ("topup_refund", "Top-up Refund"),
    ("payment", "Payment"),
    ("payment_reversal", "Payment Reversed"),
    ("earn", "Points Earned"),
    ("earn_reversal", "Points Earned Reversed"),
    ("expiry", "Points Expired"),
    ("reward", "Reward Redeemed"),
]


class LoyaltyHistory(models.Model):
    """The ledger of stored value and points: Odoo's loyalty history lines, which already
    name the card, the amount issued or used, the order (model + id), the user (create_uid)
    and the time (create_date). Fuxi adds which bill, top-up or payment a line belongs to,
    and forbids changing or deleting its lines: a correction is a new line."""

    _inherit = "loyalty.history"

    fuxi_kind = fields.Selection(LEDGER_KINDS, string="Ledger Entry", readonly=True, index=True)
    fuxi_bill_id = fields.Many2one("fuxi.cashier.bill", readonly=True, index="btree_not_null")
    fuxi_topup_id = fields.Many2one("fuxi.cashier.topup", readonly=True, index="btree_not_null")
    fuxi_payment_id = fields.Many2one("fuxi.cashier.payment", readonly=True)
    fuxi_reward_id = fields.Many2one("loyalty.reward", string="Reward", readonly=True)
    fuxi_client_id = fields.Char(readonly=True, copy=False, index="btree_not_null")

    def write(self, vals):
        if self.filtered("fuxi_kind") and set(vals) - {"description"}:
            raise UserError(
                self.env._("A ledger line is never changed: record a correction as a new line.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_fuxi_lines(self):
        if self.filtered("fuxi_kind"):
            raise UserError(
                self.env._("A ledger line is never deleted: record a correction as a new line.")
            )
