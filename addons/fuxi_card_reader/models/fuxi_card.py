import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

CARD_KINDS = [
    ("contactless", "Contactless (NFC)"),
    ("contact", "Contact IC"),
    ("magstripe", "Magnetic Stripe"),
]
CARD_NUMBER_RE = re.compile(r"^[0-9A-F]{4,32}$")
CARD_SEPARATORS = re.compile(r"[\s:\-]")


def normalize_card_number(value):
    """'04:a2 3b-1c' → '04A23B1C'; None when it is not 4–32 hexadecimal digits."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    number = CARD_SEPARATORS.sub("", value).upper()
    return number if CARD_NUMBER_RE.match(number) else None


class FuxiCard(models.Model):
    """会员卡: a magnetic, contact IC or contactless card that identifies a guest."""

    _name = "fuxi.card"
    _description = "Membership Card"
    _inherit = ["mail.thread"]
    _order = "issue_date desc, id desc"
    _rec_name = "number"

    number = fields.Char(
        required=True,
        index=True,
        tracking=True,
        help="The card's UID as the reader gives it (hexadecimal), or the number of a "
        "magnetic-stripe card.",
    )
    kind = fields.Selection(
        CARD_KINDS,
        required=True,
        default="contactless",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=[("is_fuxi_customer", "=", True)],
    )
    state = fields.Selection(
        [
            ("active", "Active"),
            ("lost", "Reported Lost"),
            ("blocked", "Blocked"),
            ("replaced", "Replaced"),
        ],
        default="active",
        required=True,
        tracking=True,
        index=True,
    )
    issue_date = fields.Date(default=fields.Date.context_today, required=True)
    replaced_by_id = fields.Many2one("fuxi.card", string="Replaced By", readonly=True)
    note = fields.Char()
    swipe_count = fields.Integer(compute="_compute_swipe_count", string="Swipes")

    def init(self):
        # one active card per number; lost, blocked and replaced cards stay as history
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS fuxi_card_active_number_uniq
               ON fuxi_card (number) WHERE state = 'active'"""
        )

    def _compute_swipe_count(self):
        counts = dict(
            self.env["fuxi.card.swipe"]._read_group(
                [("card_id", "in", self.ids)], ["card_id"], ["__count"]
            )
        )
        for card in self:
            card.swipe_count = counts.get(card, 0)

    @api.model
    def _prepare_number(self, vals):
        if "number" in vals:
            number = normalize_card_number(vals["number"])
            if not number:
                raise ValidationError(
                    self.env._(
                        "A card number is 4 to 32 hexadecimal digits (0-9, A-F), got “%s”.",
                        vals["number"],
                    )
                )
            vals["number"] = number
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._prepare_number(dict(vals)) for vals in vals_list]
        self._check_free_numbers(
            [vals["number"] for vals in vals_list if vals.get("state", "active") == "active"]
        )
        return super().create(vals_list)

    def write(self, vals):
        vals = self._prepare_number(dict(vals))
        if vals.get("number") or vals.get("state") == "active":
            for card in self:
                if vals.get("state", card.state) == "active":
                    card._check_free_numbers([vals.get("number", card.number)], exclude=card)
        return super().write(vals)

    def _check_free_numbers(self, numbers, exclude=None):
        if len(numbers) != len(set(numbers)):
            raise ValidationError(self.env._("The same card number is given twice."))
        domain = [("number", "in", numbers), ("state", "=", "active")]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        taken = self.sudo().search(domain, limit=1)
        if taken:
            raise ValidationError(
                self.env._(
                    "Card %(number)s is already active for %(guest)s.",
                    number=taken.number,
                    guest=taken.partner_id.display_name,
                )
            )

    @api.depends("number", "partner_id")
    def _compute_display_name(self):
        for card in self:
            card.display_name = (
                f"{card.number} ({card.partner_id.name})" if card.partner_id else card.number
            )

    # ------------------------------------------------------------- actions
    def action_report_lost(self):
        """挂失: the card stops working at once; the guest keeps their profile."""
        for card in self:
            if card.state != "active":
                raise UserError(self.env._("Card %s is not active.", card.number))
        self.write({"state": "lost"})
        return True

    def action_block(self):
        for card in self:
            if card.state not in ("active", "lost"):
                raise UserError(self.env._("Card %s cannot be blocked now.", card.number))
        self.write({"state": "blocked"})
        return True

    def action_reactivate(self):
        for card in self:
            if card.state not in ("lost", "blocked"):
                raise UserError(self.env._("Only a lost or blocked card can be reactivated."))
        self.write({"state": "active"})
        return True

    def replace_card(self, new_number, kind=None):
        """补卡 over RPC: the new card's id."""
        return self._replace_card(new_number, kind).id

    def _replace_card(self, new_number, kind=None):
        """补卡: a new card for the same guest; the old one is kept as replaced."""
        self.ensure_one()
        if kind and kind not in dict(CARD_KINDS):
            raise UserError(self.env._("Unknown card kind: %s.", kind))
        if self.state == "replaced":
            raise UserError(self.env._("Card %s was already replaced.", self.number))
        old_state = self.state
        self.write({"state": "replaced"})
        try:
            new_card = self.create(
                {
                    "number": new_number,
                    "kind": kind or self.kind,
                    "partner_id": self.partner_id.id,
                    "note": self.env._("Replaces %s", self.number),
                }
            )
        except ValidationError:
            self.write({"state": old_state})
            raise
        self.replaced_by_id = new_card
        return new_card
