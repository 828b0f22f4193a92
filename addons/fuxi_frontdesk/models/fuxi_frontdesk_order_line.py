from odoo import api, fields, models
from odoo.exceptions import UserError

from .fuxi_frontdesk_order import MAX_QUANTITY


class FuxiFrontdeskOrderLine(models.Model):
    _name = "fuxi.frontdesk.order.line"
    _description = "Front Desk Order Line"
    _order = "order_id, id"

    order_id = fields.Many2one(
        "fuxi.frontdesk.order", required=True, index=True, ondelete="cascade"
    )
    client_uid = fields.Char(
        required=True,
        readonly=True,
        help="Made by the screen that added the line: a repeated request carrying it adds nothing.",
    )
    product_id = fields.Many2one(
        "product.product", string="Dish", required=True, domain=[("is_fuxi_dish", "=", True)]
    )
    station = fields.Selection(
        related="product_id.product_tmpl_id.fuxi_station", store=True, string="Station"
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    price_unit = fields.Monetary(string="Unit Price")
    currency_id = fields.Many2one(related="order_id.currency_id")
    subtotal = fields.Monetary(compute="_compute_subtotal", store=True)
    note = fields.Char(help="e.g. 少辣, 不要香菜")
    state = fields.Selection(
        [("draft", "Not Sent"), ("sent", "Sent"), ("void", "Voided")],
        default="draft",
        required=True,
        readonly=True,
    )
    ticket_id = fields.Many2one("fuxi.kitchen.ticket", readonly=True, index="btree_not_null")
    kitchen_done = fields.Boolean(string="Ready", readonly=True, help="Bumped by the kitchen.")
    void_reason = fields.Char(readonly=True)
    voided_by = fields.Many2one("res.users", readonly=True)

    _sql_constraints = [
        (
            "client_uid_uniq",
            "unique(order_id, client_uid)",
            "This line was already added to the order.",
        ),
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive."),
    ]

    @api.depends("quantity", "price_unit")
    def _compute_subtotal(self):
        for line in self:
            line.subtotal = line.quantity * line.price_unit

    def _line_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "uid": self.client_uid,
            "product_id": self.product_id.id,
            "name": self.product_id.name,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "subtotal": self.subtotal,
            "note": self.note or "",
            "station": self.station,
            "state": self.state,
            "ticket_id": self.ticket_id.id,
            "kitchen_done": self.kitchen_done,
            "void_reason": self.void_reason or "",
        }

    def _group_by_station(self):
        """{station code: lines}, in the order of the stations. A dish without a station
        goes to the default station of its kind, so no line is ever left out of a send."""
        Station = self.env["fuxi.kitchen.station"]
        rank = {code: index for index, (code, _label) in enumerate(Station._fuxi_selection())}
        groups = {}
        for line in self:
            station = line.station or Station._fuxi_default_code(
                line.product_id.fuxi_kind or "dish"
            )
            groups[station] = groups.get(station, self.browse()) | line
        ordered = sorted(groups, key=lambda code: (rank.get(code, len(rank)), code))
        return {code: groups[code] for code in ordered}

    def _check_editable(self):
        self.order_id._check_frontdesk_user()
        self.order_id._check_open()
        for line in self:
            if line.state != "draft":
                raise UserError(
                    self.env._(
                        "%s was sent to the kitchen: void it with a reason instead.",
                        line.product_id.name,
                    )
                )

    def update_line(self, quantity=None, note=None):
        """Change a line not yet sent."""
        self.ensure_one()
        self.order_id._lock()
        self._check_editable()
        vals = {}
        if quantity is not None:
            try:
                quantity = float(quantity)
            except (TypeError, ValueError):
                quantity = 0
            if not 0 < quantity <= MAX_QUANTITY:
                raise UserError(
                    self.env._("The quantity must be more than 0 and at most %s.", MAX_QUANTITY)
                )
            vals["quantity"] = quantity
        if note is not None:
            vals["note"] = str(note).strip()[:200]
        self.write(vals)
        self.order_id._notify_frontdesk()
        return self.order_id._order_payload()

    def remove_line(self):
        """Take back a line not yet sent."""
        self.ensure_one()
        order = self.order_id
        order._lock()
        self._check_editable()
        self.unlink()
        order._notify_frontdesk()
        return order._order_payload()

    def void_line(self, reason):
        """Cancel a line the kitchen has: the reason is required and the kitchen sees it."""
        self.ensure_one()
        order = self.order_id
        order._check_frontdesk_user()
        order._lock()
        order._check_open()
        reason = str(reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the dish is voided (the kitchen sees it)."))
        if self.state == "void":
            return order._order_payload()
        if self.state == "draft":
            self.unlink()
        else:
            self.write({"state": "void", "void_reason": reason[:200], "voided_by": self.env.uid})
            self.ticket_id._notify_kitchen()
        order._notify_frontdesk()
        return order._order_payload()
