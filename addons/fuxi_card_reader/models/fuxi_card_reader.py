import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .fuxi_card import CARD_KINDS

CARD_MANAGER = "fuxi_customer.group_fuxi_customer_manager"
CUSTOMER_VIEWER = "fuxi_customer.group_fuxi_customer_viewer"


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_token():
    """A random token that does not begin with "-": typed after ``--token`` on the bridge's
    command line, such a token was read as an option (1 token in 64). Tokens issued before
    keep working: only new ones are drawn again."""
    while True:
        token = secrets.token_urlsafe(32)
        if not token.startswith("-"):
            return token


class FuxiCardReader(models.Model):
    """读卡器: a reader beside a workstation, with the token its proxy program uses."""

    _name = "fuxi.card.reader"
    _description = "Card Reader"
    _order = "name"

    name = fields.Char(required=True, help="e.g. 前台1号读卡器")
    # "Location", not "Station": a reader stands at the front desk or the cashier, and
    # "Station" reads 档口 (a kitchen station) elsewhere in Fuxi
    station = fields.Char(
        string="Location", help="Where the reader is, e.g. 前台, 收银台, 二楼包间区"
    )
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
    online = fields.Boolean(string="Reader Online", compute="_compute_online")
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
    def _check_manager(self):
        if not self.env.user.has_group(CARD_MANAGER):
            raise AccessError(self.env._("Only customer managers manage card readers."))
        self.check_access("write")

    def action_new_token(self):
        """A new token, shown once: the previous one stops working at once.

        The plain token exists only in the returned action's context, which the dialog
        shows; nothing that can be read back later (the dialog's record included) holds it.
        """
        self.ensure_one()
        self._check_manager()
        token = new_token()
        self.sudo().write(
            {
                "token_hash": hash_token(token),
                "token_hint": token[:6] + "…",
                "token_date": fields.Datetime.now(),
            }
        )
        wizard = self.env["fuxi.card.reader.token"].create({"reader_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reader Token"),
            "res_model": "fuxi.card.reader.token",
            "res_id": wizard.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "new",
            "context": {"fuxi_reader_token": token},
        }

    def action_revoke_token(self):
        self._check_manager()
        self.sudo().write({"token_hash": False, "token_hint": False, "token_date": False})
        return True

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
    def _check_binder(self):
        """Binding writes a card: only staff who may give cards to guests start or cancel it."""
        if not self.env["fuxi.card"].has_access("create"):
            raise AccessError(self.env._("You may not give cards to guests."))
        self.check_access("read")

    def start_binding(self, partner, kind="contactless", minutes=5):
        """'Bind next swipe': the next unknown card read here is given to `partner` (a guest
        or a guest's id: the method is also called over RPC)."""
        self.ensure_one()
        self._check_binder()
        if isinstance(partner, int) and not isinstance(partner, bool):
            partner = self.env["res.partner"].browse(partner)
        if (
            not isinstance(partner, models.BaseModel)
            or partner._name != "res.partner"
            or len(partner) != 1
            or not partner.exists()
        ):
            raise UserError(self.env._("Choose one existing guest to give the card to."))
        partner.check_access("read")
        if not partner.is_fuxi_customer:
            raise UserError(
                self.env._("%s is not a customer: only guests get cards.", partner.display_name)
            )
        if kind not in dict(CARD_KINDS):
            raise UserError(self.env._("Unknown card kind: %s.", kind))
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 60:
            raise UserError(self.env._("Wait for the card 1 to 60 minutes."))
        self.sudo().write(
            {
                "bind_partner_id": partner.id,
                "bind_kind": kind,
                "bind_until": fields.Datetime.now() + timedelta(minutes=minutes),
            }
        )
        return True

    def action_cancel_binding(self):
        self._check_binder()
        self._cancel_binding()
        return True

    def _cancel_binding(self):
        self.sudo().write({"bind_partner_id": False, "bind_until": False, "bind_kind": False})
