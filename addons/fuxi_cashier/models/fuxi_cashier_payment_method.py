from odoo import api, fields, models, tools

from . import fuxi_cashier_cached  # noqa: F401 (the model this one inherits, defined first)

METHOD_KINDS = [
    ("cash", "Cash"),
    ("wechat", "WeChat Pay"),
    ("alipay", "Alipay"),
    ("card", "UnionPay / Bank Card"),
    ("stored_value", "Stored Value"),
    ("points", "Points"),
    ("account", "Signed Account"),
]
# wallets and card terminals outside Fuxi: the cashier types their transaction number
EXTERNAL_KINDS = ("wechat", "alipay", "card")


class FuxiCashierPaymentMethod(models.Model):
    """A way a guest pays (收款方式). Its kind decides the behaviour: cash gives change,
    external wallets need a reference, stored value and points draw on the member's cards,
    a signed account needs a guest allowed to sign."""

    _name = "fuxi.cashier.payment.method"
    _inherit = ["fuxi.cashier.cached"]
    _description = "Cashier Payment Method"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(METHOD_KINDS, required=True, default="cash")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    needs_reference = fields.Boolean(
        compute="_compute_needs_reference",
        store=True,
        readonly=False,
        help="The cashier must type the transaction number of the wallet or card terminal.",
    )
    earns_points = fields.Boolean(
        compute="_compute_earns_points",
        store=True,
        readonly=False,
        help="What is paid this way earns points. Off for points, and for stored value "
        "(its money earned points when it was topped up; its bonus never does).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.depends("kind")
    def _compute_needs_reference(self):
        for method in self:
            method.needs_reference = method.kind in EXTERNAL_KINDS

    @api.depends("kind")
    def _compute_earns_points(self):
        for method in self:
            method.earns_points = method.kind not in ("points", "stored_value")

    def _method_payload(self):
        return [
            {
                "id": method.id,
                "name": method.name,
                "kind": method.kind,
                "needs_reference": method.needs_reference,
            }
            for method in self
        ]

    @api.model
    @tools.ormcache("company_id", "lang")
    def _active_method_data(self, company_id, lang):
        """The active methods of a company as plain values (every bill answer lists them;
        they seldom change)."""
        methods = (
            self.sudo().with_context(lang=lang).search([("company_id", "in", (company_id, False))])
        )
        return tuple(methods._method_payload())
