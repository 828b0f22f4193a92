from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.fuxi_card import CARD_KINDS


class FuxiCardReaderToken(models.TransientModel):
    """Shows a reader's new token once: it is stored hashed and cannot be seen again.

    The plain token is never stored, not even on this transient record: it travels in the
    context of the action that opens the dialog and is shown from there, so it is gone when
    the dialog closes and a read() of the record later gives nothing.
    """

    _name = "fuxi.card.reader.token"
    _description = "Card Reader Token"

    reader_id = fields.Many2one("fuxi.card.reader", required=True, readonly=True)
    token = fields.Char(compute="_compute_token")

    @api.depends_context("fuxi_reader_token")
    def _compute_token(self):
        token = self.env.context.get("fuxi_reader_token")
        for wizard in self:
            wizard.token = token if isinstance(token, str) else False


class FuxiCardBind(models.TransientModel):
    """Give a guest a card: type its number, or read it on a reader ('bind next swipe')."""

    _name = "fuxi.card.bind"
    _description = "Bind a Card"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    method = fields.Selection(
        [("reader", "Read it on a reader"), ("number", "Type the number")],
        default="reader",
        required=True,
    )
    reader_id = fields.Many2one("fuxi.card.reader", string="Reader")
    number = fields.Char(string="Card Number")
    kind = fields.Selection(
        CARD_KINDS,
        default="contactless",
        required=True,
    )

    def action_confirm(self):
        self.ensure_one()
        if self.method == "number":
            if not self.number:
                raise UserError(self.env._("Type the card number."))
            self.env["fuxi.card"].create(
                {"number": self.number, "partner_id": self.partner_id.id, "kind": self.kind}
            )
            return {"type": "ir.actions.act_window_close"}
        if not self.reader_id:
            raise UserError(self.env._("Choose the reader the card will be read on."))
        self.reader_id.start_binding(self.partner_id, self.kind)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "title": self.env._("Waiting for the card"),
                "message": self.env._(
                    "Read the card on %(reader)s within 5 minutes: it becomes %(guest)s's card.",
                    reader=self.reader_id.name,
                    guest=self.partner_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class FuxiCardReplace(models.TransientModel):
    """补卡: a new card for the guest, the old one kept as replaced."""

    _name = "fuxi.card.replace"
    _description = "Replace a Card"

    card_id = fields.Many2one("fuxi.card", required=True)
    number = fields.Char(string="New Card Number", required=True)
    kind = fields.Selection(
        CARD_KINDS,
        default="contactless",
        required=True,
    )

    def action_confirm(self):
        self.ensure_one()
        new_card = self.card_id._replace_card(self.number, self.kind)
        return {
            "type": "ir.actions.act_window",
            "res_model": "fuxi.card",
            "res_id": new_card.id,
            "view_mode": "form",
        }
