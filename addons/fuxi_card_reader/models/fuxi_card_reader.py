import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .fuxi_card import CARD_KINDS

CARD_MANAGER = "fuxi_customer.group_fuxi_customer_manager"
CUSTOMER_VIEWER = "fuxi_customer.group_fuxi_customer_viewer"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class FuxiCardReader(models.Model):
    """读卡器: a reader beside a workstation, with the token its proxy program uses."""

    _name = "fuxi.card.reader"
    _description = "Card Reader"
    _order = "name"

    name = fields.Char(required=True, help="e.g. 前台1号读卡器")
    station = fields.Char(help="Where the reader is, e.g. 前台, 收银台, 二楼包间区")
    user_ids = fields.Many2many(
        "res.users",
        string="Notify",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref(CUSTOMER_VIEWER).ids),
        ],
        help="Whose screens open the guest's profile when a card is read here "
        "(staff with at least the Customers viewer right).",
    )
    active = fields.Boolean(default=True)
    token_hash = fields.Char(readonly=True, copy=False, index=True, groups="base.group_system")
    token_hint = fields.Char(
        string="Token", readonly=True, copy=False, help="The first characters of the token."
    )
    token_date = fields.Datetime(string="Token Issued", readonly=True, copy=False)
    last_seen = fields.Datetime(readonly=True, copy=False, help="Last heartbeat or swipe.")
    last_ip = fields.Char(string="Last Address", readonly=True, copy=False)
    proxy_version = fields.Char(readonly=True, copy=False)
    online = fields.Boolean(compute="_compute_online")
    bind_partner_id = fields.Many2one(
        "res.partner",
        string="Bind Next Card To",
        readonly=True,
        copy=False,
        help="The next unknown card read here becomes this guest's card.",
    )
    bind_until = fields.Datetime(readonly=True, copy=False)
    bind_kind = fields.Selection(
        CARD_KINDS,
        readonly=True,
        copy=False,
    )
    swipe_ids = fields.One2many("fuxi.card.swipe", "reader_id", string="Swipes")

    @api.constrains("user_ids")
    def _check_user_ids(self):
        for reader in self:
            outsiders = reader.user_ids.filtered(lambda user: not user.has_group(CUSTOMER_VIEWER))
            if outsiders:
                raise ValidationError(
                    self.env._(
                        "%(users)s may not see customers: a card read on %(reader)s cannot "
                        "show them the guest. Give them the Customers viewer right first.",
                        users=", ".join(outsiders.mapped("name")),
                        reader=reader.name,
                    )
                )

    @api.depends("last_seen")
    def _compute_online(self):
        limit = fields.Datetime.now() - timedelta(minutes=3)
        for reader in self:
            reader.online = bool(reader.last_seen and reader.last_seen > limit)

    # ------------------------------------------------------------- token
    def action_new_token(self):
        """A new token, shown once: the previous one stops working at once."""
        self.ensure_one()
        if not self.env.user.has_group(CARD_MANAGER):
            raise UserError(self.env._("Only customer managers manage card readers."))
        token = secrets.token_urlsafe(32)
        self.sudo().write(
            {
                "token_hash": hash_token(token),
                "token_hint": token[:6] + "…",
                "token_date": fields.Datetime.now(),
            }
        )
        wizard = self.env["fuxi.card.reader.token"].create({"reader_id": self.id, "token": token})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reader Token"),
            "res_model": "fuxi.card.reader.token",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_revoke_token(self):
        if not self.env.user.has_group(CARD_MANAGER):
            raise UserError(self.env._("Only customer managers manage card readers."))
        self.sudo().write({"token_hash": False, "token_hint": False, "token_date": False})

    @api.model
    def _authenticate(self, token):
        """The active reader owning this token, or an empty recordset."""
        if not isinstance(token, str) or not 20 <= len(token) <= 200:
            return self.browse()
        return self.sudo().search([("token_hash", "=", hash_token(token))], limit=1)

    def _touch(self, address=None, version=None):
        vals = {"last_seen": fields.Datetime.now()}
        if address:
            vals["last_ip"] = address[:64]
        if version:
            vals["proxy_version"] = str(version)[:32]
        self.sudo().write(vals)

    # ------------------------------------------------------------- binding
    def start_binding(self, partner, kind="contactless", minutes=5):
        """'Bind next swipe': the next unknown card read here is given to `partner`."""
        self.ensure_one()
        if not self.env["fuxi.card"].has_access("create"):
            raise UserError(self.env._("You may not give cards to guests."))
        self.sudo().write(
            {
                "bind_partner_id": partner.id,
                "bind_kind": kind,
                "bind_until": fields.Datetime.now() + timedelta(minutes=minutes),
            }
        )

    def action_cancel_binding(self):
        self.sudo().write({"bind_partner_id": False, "bind_until": False, "bind_kind": False})
