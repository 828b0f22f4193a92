from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.fuxi_knowledge.models.fuxi_kitchen_station import KINDS

# what the consumption buckets (models/fuxi_bucket.py) are made of
BUCKET_FIELDS = {
    "consumption_id",
    "product_id",
    "kind",
    "quantity",
    "price_unit",
    "discount",
    "subtotal",
    "partner_id",
    "date",
}


class FuxiConsumptionLine(models.Model):
    """One dish or drink of a visit. Rankings aggregate these rows in the database, so the
    customer, date and kind are stored on the line and indexed together.

    The customer, the dish and the date have no index of their own: the composite indexes of
    init() lead with each of them (a single-column index beside them only costs writes and
    space on millions of lines)."""

    _name = "fuxi.consumption.line"
    _description = "Consumption Line"
    _order = "consumption_id, sequence, id"

    consumption_id = fields.Many2one(
        "fuxi.consumption", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Dish / Drink",
        required=True,
        domain=[("is_fuxi_dish", "=", True)],
        ondelete="restrict",
    )
    kind = fields.Selection(
        KINDS,
        compute="_compute_kind",
        store=True,
        precompute=True,
        index=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    price_unit = fields.Monetary(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    subtotal = fields.Monetary(compute="_compute_subtotal", store=True, precompute=True)
    note = fields.Char(help="e.g. 少辣, 不要香菜")
    taboo_warning = fields.Char(
        compute="_compute_taboo_warning",
        string="Taboo Warning",
        help="The dish contains an allergen matching one of the guest's taboos.",
    )
    currency_id = fields.Many2one(related="consumption_id.currency_id")
    # copies of the visit's keys for the rankings (aggregated without joins)
    # precomputed: written by the line's INSERT, not by an UPDATE of every new line after it
    partner_id = fields.Many2one(
        related="consumption_id.partner_id", store=True, precompute=True, string="Customer"
    )
    date = fields.Datetime(related="consumption_id.date", store=True, precompute=True)

    @api.depends("product_id")
    def _compute_kind(self):
        for line in self:
            line.kind = line.product_id.fuxi_kind or "dish"

    @api.depends("product_id", "consumption_id.partner_id")
    def _compute_taboo_warning(self):
        for line in self:
            taboos = line.consumption_id.partner_id.taboo_ids
            clashes = line.product_id.fuxi_allergen_ids.filtered(
                lambda allergen, taboos=taboos: allergen.taboo_ids & taboos
            )
            line.taboo_warning = (
                "、".join(
                    f"{allergen.name}（{'、'.join((allergen.taboo_ids & taboos).mapped('name'))}）"
                    for allergen in clashes
                )
                or False
            )

    @api.onchange("product_id")
    def _onchange_product_id_taboo(self):
        if self.taboo_warning:
            return {
                "warning": {
                    "title": self.env._("Mind the guest's taboos"),
                    "message": self.env._(
                        "%(dish)s contains %(clash)s.",
                        dish=self.product_id.display_name,
                        clash=self.taboo_warning,
                    ),
                }
            }
        return None

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends("quantity", "price_unit", "discount")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price_unit * (1 - (line.discount or 0.0) / 100.0)

    @api.constrains("discount", "price_unit")
    def _check_discount(self):
        for line in self:
            if not 0 <= line.discount <= 100:
                raise ValidationError(self.env._("A discount is between 0 and 100%."))
            if line.price_unit < 0:
                raise ValidationError(self.env._("A unit price cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("fuxi_consumption_create"):
            self.env["fuxi.consumption"].browse(
                {vals.get("consumption_id") for vals in vals_list if vals.get("consumption_id")}
            )._check_correction_right()
        if self.env.context.get("fuxi_bucket_defer"):
            return super().create(vals_list)
        Keeper = self.env["fuxi.bucket.keeper"]
        default = self.env.context.get("default_consumption_id")
        before = Keeper._fuxi_snapshot(
            [vals.get("consumption_id") or default for vals in vals_list]
        )
        lines = super().create(vals_list)
        Keeper._fuxi_apply(before, Keeper._fuxi_snapshot(before["visits"]))
        return lines

    def write(self, vals):
        if not self.env.context.get("fuxi_consumption_create"):
            self.consumption_id._check_correction_right()
        if not BUCKET_FIELDS.intersection(vals) or self.env.context.get("fuxi_bucket_defer"):
            return super().write(vals)
        Keeper = self.env["fuxi.bucket.keeper"]
        # a line moved to another visit changes both visits' buckets
        before = Keeper._fuxi_snapshot([*self.consumption_id.ids, vals.get("consumption_id")])
        result = super().write(vals)
        Keeper._fuxi_apply(before, Keeper._fuxi_snapshot(before["visits"]))
        return result

    def unlink(self):
        self.consumption_id._check_correction_right()
        if self.env.context.get("fuxi_bucket_defer"):
            return super().unlink()
        Keeper = self.env["fuxi.bucket.keeper"]
        before = Keeper._fuxi_snapshot(self.consumption_id.ids)
        result = super().unlink()
        Keeper._fuxi_apply(before, Keeper._fuxi_snapshot(before["visits"]))
        return result

    def init(self):
        # the rankings filter on a period and group by customer or by dish; these also serve
        # every lookup by customer, by dish (and its foreign key) or by date
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS fuxi_consumption_line_partner_date_idx
                ON fuxi_consumption_line (partner_id, date)
                INCLUDE (product_id, quantity, subtotal);
            CREATE INDEX IF NOT EXISTS fuxi_consumption_line_product_date_kind_idx
                ON fuxi_consumption_line (product_id, date)
                INCLUDE (partner_id, consumption_id, kind, quantity, subtotal);
            CREATE INDEX IF NOT EXISTS fuxi_consumption_line_date_idx
                ON fuxi_consumption_line (date) INCLUDE (partner_id, subtotal);
            """
        )
