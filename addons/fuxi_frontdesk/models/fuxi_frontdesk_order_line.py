import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from odoo.addons.fuxi_knowledge.models.fuxi_kitchen_station import COURSES
from odoo.addons.fuxi_knowledge.models.product_template import (
    PRICE_MODES,
    WEIGHT_UOM_SYMBOLS,
    WEIGHT_UOMS,
)

from .fuxi_frontdesk_order import MAX_QUANTITY, clean_uid

COMP_GROUP = "fuxi_frontdesk.group_fuxi_comp"
VOID_GROUP = "fuxi_frontdesk.group_fuxi_void"
# a weight above this is a slip of the finger whatever the dish's bounds (斤 or kg)
MAX_WEIGHT = 1000


class FuxiFrontdeskOrderLine(models.Model):
    """One dish of an order: what was ordered (portion, options, weight or market price),
    its price fixed when it was added, and what became of it (sent, voided, comped).

    A partial void or comp splits the line: the line keeps what stays, a new line (with
    ``origin_line_id`` pointing back) carries the voided or comped quantity, on the same
    kitchen ticket, so the bill, the kitchen and the void/comp report all read plain lines.
    """

    _name = "fuxi.frontdesk.order.line"
    _description = "Front Desk Order Line"
    _order = "order_id, id"

    order_id = fields.Many2one(
        "fuxi.frontdesk.order", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    client_uid = fields.Char(
        required=True,
        readonly=True,
        help="Made by the screen that added the line: a repeated request carrying it adds nothing.",
    )
    merged_uids = fields.Json(
        readonly=True,
        copy=False,
        help="Client ids of the later requests that raised this line's quantity instead of "
        "adding a line: a repeated one adds nothing either.",
    )
    product_id = fields.Many2one(
        "product.product", string="Dish", required=True, domain=[("is_fuxi_dish", "=", True)]
    )
    station = fields.Selection(
        related="product_id.product_tmpl_id.fuxi_station", store=True, string="Station"
    )
    course = fields.Selection(COURSES, readonly=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    portion_id = fields.Many2one("fuxi.dish.portion", readonly=True, ondelete="restrict")
    option_ids = fields.Many2many(
        "fuxi.dish.option",
        "fuxi_frontdesk_order_line_option_rel",
        "line_id",
        "option_id",
        string="Options",
        readonly=True,
    )
    price_mode = fields.Selection(PRICE_MODES, default="fixed", required=True, readonly=True)
    weight = fields.Float(
        digits=(16, 3), readonly=True, help="Weighed dishes: the weight of one dish ordered."
    )
    weight_uom = fields.Selection(WEIGHT_UOMS, string="Weight Unit", readonly=True)
    price_entered = fields.Monetary(
        string="Market Price", readonly=True, help="Market-price dishes: the price entered."
    )
    price_unit = fields.Monetary(
        string="Unit Price",
        help="Fixed when the line is added: the portion's, list or market price (times the "
        "weight for weighed dishes) plus the options.",
    )
    currency_id = fields.Many2one(related="order_id.currency_id")
    # precomputed (here and below): stored with the line's insert, not by an UPDATE after it
    amount_list = fields.Monetary(
        string="List Amount",
        compute="_compute_amounts",
        store=True,
        precompute=True,
        help="Quantity × unit price, also for comped and voided lines (the reports' amount).",
    )
    subtotal = fields.Monetary(compute="_compute_amounts", store=True, precompute=True)
    note = fields.Char(help="e.g. 少辣, 不要香菜")
    state = fields.Selection(
        [("draft", "Not Sent"), ("sent", "Sent"), ("void", "Voided")],
        default="draft",
        required=True,
        readonly=True,
    )
    ticket_id = fields.Many2one("fuxi.kitchen.ticket", readonly=True, index="btree_not_null")
    kitchen_done = fields.Boolean(string="Ready", readonly=True, help="Bumped by the kitchen.")
    origin_line_id = fields.Many2one(
        "fuxi.frontdesk.order.line",
        string="Split From",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The line a partial void or comp took this quantity from.",
    )
    split_line_ids = fields.One2many("fuxi.frontdesk.order.line", "origin_line_id")
    voided_quantity = fields.Float(
        compute="_compute_voided_quantity", digits="Product Unit of Measure"
    )
    void_reason = fields.Char(readonly=True)
    voided_by = fields.Many2one("res.users", readonly=True)
    voided_at = fields.Datetime(readonly=True)
    void_uid = fields.Char(readonly=True, copy=False)
    is_comp = fields.Boolean(string="Comped", readonly=True, help="On the house (赠菜).")
    comp_reason = fields.Char(readonly=True)
    comp_by = fields.Many2one("res.users", string="Comped By", readonly=True)
    comp_at = fields.Datetime(string="Comped At", readonly=True)
    comp_uid = fields.Char(readonly=True, copy=False)
    # one set of columns for the void/comp report (by waiter, reason, day)
    adjustment = fields.Selection(
        [("void", "Void"), ("comp", "Comp")],
        compute="_compute_adjustment",
        store=True,
        precompute=True,
        index="btree_not_null",
    )
    adjusted_by = fields.Many2one(
        "res.users",
        string="Voided or Comped By",
        compute="_compute_adjustment",
        store=True,
        precompute=True,
    )
    adjusted_at = fields.Datetime(
        string="Voided or Comped At", compute="_compute_adjustment", store=True, precompute=True
    )
    adjustment_reason = fields.Char(
        string="Reason", compute="_compute_adjustment", store=True, precompute=True
    )

    _sql_constraints = [
        (
            "client_uid_uniq",
            "unique(order_id, client_uid)",
            "This line was already added to the order.",
        ),
        ("quantity_positive", "CHECK(quantity > 0)", "The quantity must be positive."),
    ]

    @api.depends("quantity", "price_unit", "is_comp", "currency_id")
    def _compute_amounts(self):
        for line in self:
            amount = line.quantity * line.price_unit
            if line.currency_id:
                amount = line.currency_id.round(amount)
            line.amount_list = amount
            line.subtotal = 0.0 if line.is_comp else amount

    @api.depends("split_line_ids.state", "split_line_ids.quantity")
    def _compute_voided_quantity(self):
        for line in self:
            line.voided_quantity = sum(
                line.split_line_ids.filtered(lambda split: split.state == "void").mapped("quantity")
            )

    @api.depends(
        "state", "is_comp", "voided_by", "voided_at", "void_reason", "comp_by", "comp_at",
        "comp_reason",
    )  # fmt: skip
    def _compute_adjustment(self):
        for line in self:
            if line.state == "void":
                line.adjustment = "void"
                line.adjusted_by = line.voided_by
                line.adjusted_at = line.voided_at
                line.adjustment_reason = line.void_reason
            elif line.is_comp:
                line.adjustment = "comp"
                line.adjusted_by = line.comp_by
                line.adjusted_at = line.comp_at
                line.adjustment_reason = line.comp_reason
            else:
                line.adjustment = False
                line.adjusted_by = False
                line.adjusted_at = False
                line.adjustment_reason = False

    # ------------------------------------------------------------- payloads
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
            "amount_list": self.amount_list,
            "note": self.note or "",
            "station": self.station,
            "course": self.course or False,
            "state": self.state,
            "ticket_id": self.ticket_id.id,
            "kitchen_done": self.kitchen_done,
            "void_reason": self.void_reason or "",
            "voided_quantity": self.voided_quantity,
            "price_mode": self.price_mode,
            "price_entered": self.price_entered,
            "portion_id": self.portion_id.id,
            "portion": self.portion_id.name or "",
            "option_ids": self.option_ids.ids,
            "options": self.option_ids.mapped("name"),
            "weight": self.weight,
            "weight_uom": self.weight_uom or False,
            "is_comp": self.is_comp,
            "comp_reason": self.comp_reason or "",
            "origin_line_id": self.origin_line_id.id,
        }

    def _kitchen_details(self):
        """What the cook needs besides the dish's name: portion, options, weight."""
        self.ensure_one()
        return {
            "portion": self.portion_id.name or "",
            "options": self.option_ids.mapped("name"),
            "weight": self.weight,
            "weight_uom": self.weight_uom or False,
        }

    def _weight_text(self):
        """e.g. "1.6 斤" (bills, consumption notes), "" for a dish not weighed."""
        self.ensure_one()
        if not self.weight:
            return ""
        return f"{self.weight:g} {WEIGHT_UOM_SYMBOLS.get(self.weight_uom, '')}".strip()

    def _consumption_note(self):
        """The line's note for the guest's consumption record, with what was chosen."""
        self.ensure_one()
        parts = [self.portion_id.name or "", *self.option_ids.mapped("name")]
        parts.append(self._weight_text())
        if self.is_comp:
            parts.append(self.env._("Comped: %s", self.comp_reason or ""))
        parts.append(self.note or "")
        return " · ".join(part for part in parts if part) or False

    def _consumption_line_vals(self):
        """The consumption line written at checkout: a comped dish was not paid for."""
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "quantity": self.quantity,
            "price_unit": 0.0 if self.is_comp else self.price_unit,
            "note": self._consumption_note(),
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

    # ------------------------------------------------------------- adding lines
    @api.model
    def _checked_quantity(self, value, maximum=MAX_QUANTITY):
        try:
            quantity = float(value)
        except (TypeError, ValueError):
            quantity = 0
        if not 0 < quantity <= maximum:
            maximum_text = f"{maximum:g}"
            raise UserError(
                self.env._("The quantity must be more than 0 and at most %s.", maximum_text)
            )
        return quantity

    @api.model
    def _bounds_text(self, low, high):
        if low and high:
            return f"{low:g} – {high:g}"
        if low:
            return f"≥ {low:g}"
        return f"≤ {high:g}"

    @api.model
    def _checked_number(self, value):
        if isinstance(value, bool):
            return 0.0
        try:
            return float(value or 0)
        except (TypeError, ValueError):
            return 0.0

    @api.model
    def _checked_market_price(self, template, value):
        price = self._checked_number(value)
        if price <= 0:
            raise UserError(
                self.env._(
                    "%(dish)s is sold at the market price (时价): enter today's price.",
                    dish=template.name,
                )
            )
        low, high = template.fuxi_price_min, template.fuxi_price_max
        if (low and price < low) or (high and price > high):
            price_text = f"{price:g}"
            raise UserError(
                self.env._(
                    "%(dish)s: a market price of %(price)s is outside the bounds set by the "
                    "manager (%(bounds)s).",
                    dish=template.name,
                    price=price_text,
                    bounds=self._bounds_text(low, high),
                )
            )
        return price

    @api.model
    def _checked_weight(self, template, value):
        weight = round(self._checked_number(value), 3)
        uom = WEIGHT_UOM_SYMBOLS.get(template.fuxi_weight_uom, "")
        if not 0 < weight <= MAX_WEIGHT:
            raise UserError(
                self.env._(
                    "%(dish)s is sold by weight: enter the weight in %(uom)s (more than 0 and "
                    "at most %(max)s).",
                    dish=template.name,
                    uom=uom,
                    max=MAX_WEIGHT,
                )
            )
        low, high = template.fuxi_weight_min, template.fuxi_weight_max
        if (low and weight < low) or (high and weight > high):
            weight_text = f"{weight:g}"
            raise UserError(
                self.env._(
                    "%(dish)s: a weight of %(weight)s %(uom)s is outside the bounds set by the "
                    "manager (%(bounds)s %(uom)s).",
                    dish=template.name,
                    weight=weight_text,
                    uom=uom,
                    bounds=self._bounds_text(low, high),
                )
            )
        return weight

    @api.model
    def _checked_portion(self, template, value):
        if not value:
            return self.env["fuxi.dish.portion"]
        try:
            portion_id = int(value)
        except (TypeError, ValueError):
            portion_id = 0
        portion = template.fuxi_portion_ids.filtered(lambda item: item.id == portion_id)
        if not portion:
            raise UserError(
                self.env._("This portion of %(dish)s is not served any more.", dish=template.name)
            )
        return portion

    @api.model
    def _checked_options(self, template, value):
        Option = self.env["fuxi.dish.option"]
        if not value:
            return Option
        if not isinstance(value, list | tuple) or len(value) > 50:
            raise UserError(self.env._("The options must be a list of option ids."))
        try:
            wanted = {int(item) for item in value}
        except (TypeError, ValueError):
            wanted = {0}
        options = template.fuxi_option_ids.filtered(lambda item: item.id in wanted)
        if len(options) != len(wanted):
            raise UserError(
                self.env._(
                    "An option chosen for %(dish)s is not offered any more.", dish=template.name
                )
            )
        return options

    @api.model
    def _checked_course(self, template, value):
        if not value:
            return template.fuxi_course or template._fuxi_default_course()
        if value not in dict(COURSES):
            raise UserError(self.env._("Unknown course: %s", str(value)[:20]))
        return value

    @api.model
    def _requested_product_id(self, line):
        try:
            return int(line.get("product_id") or 0) if isinstance(line, dict) else 0
        except (TypeError, ValueError):
            return 0

    @api.model
    def _requested_products(self, lines):
        """{id: product} of the dishes named by these requested lines that exist, read
        together (one check and one read for a whole add_lines call, not per line)."""
        ids = {self._requested_product_id(line) for line in lines} - {0}
        return {product.id: product for product in self.env["product.product"].browse(ids).exists()}

    @api.model
    def _vals_from_request(self, order, line, products=None):
        """The values of a line the screen asks for (dish, quantity, note, portion, options,
        weight, market price, course), checked: they come from the network. ``products``:
        the dishes of the call, from _requested_products."""
        if not isinstance(line, dict):
            raise UserError(self.env._("A line must be an object."))
        product_id = self._requested_product_id(line)
        if products is None:
            products = self._requested_products([line])
        product = products.get(product_id, self.env["product.product"])
        if not product or not product.is_fuxi_dish:
            raise UserError(self.env._("Pick a dish or a drink of the menu."))
        template = product.product_tmpl_id
        quantity = self._checked_quantity(line.get("quantity", 1))
        portion = self._checked_portion(template, line.get("portion_id"))
        options = self._checked_options(template, line.get("option_ids"))
        mode = template.fuxi_price_mode
        vals = {
            "order_id": order.id,
            "product_id": product.id,
            "quantity": quantity,
            "note": str(line.get("note") or "").strip()[:200],
            "course": self._checked_course(template, line.get("course")),
            "portion_id": portion.id,
            "option_ids": [(6, 0, options.ids)],
            "price_mode": mode,
        }
        base = portion.price if portion else product.lst_price
        if mode == "market":
            base = vals["price_entered"] = self._checked_market_price(template, line.get("price"))
        elif mode == "weighed":
            vals["weight"] = self._checked_weight(template, line.get("weight"))
            vals["weight_uom"] = template.fuxi_weight_uom
            base *= vals["weight"]
        price = base + sum(options.mapped("price_extra"))
        vals["price_unit"] = order.currency_id.round(price) if order.currency_id else price
        return vals

    def _is_held(self):
        """Held lines (叫起, fuxi_frontdesk's pace verbs) wait apart: none is merged into."""
        self.ensure_one()
        return bool("hold" in self._fields and self["hold"])

    @api.model
    def _merge_key(self, vals):
        """Lines ordered alike add up on one line (four beers: one line of 4); weighed and
        market-price dishes are each their own line, and so are comped ones."""
        if vals.get("price_mode", "fixed") != "fixed" or vals.get("hold") or vals.get("is_comp"):
            return None
        option_ids = vals.get("option_ids") or []
        if option_ids and isinstance(option_ids[0], list | tuple):
            option_ids = option_ids[0][2]
        return (
            vals["product_id"],
            vals.get("note") or "",
            vals.get("portion_id") or False,
            frozenset(option_ids),
            vals.get("course") or False,
            round(vals.get("price_unit") or 0.0, 6),
        )

    def _own_merge_key(self):
        self.ensure_one()
        if self.state != "draft" or self._is_held():
            return None
        return self._merge_key(
            {
                "product_id": self.product_id.id,
                "note": self.note,
                "portion_id": self.portion_id.id,
                "option_ids": self.option_ids.ids,
                "course": self.course,
                "price_unit": self.price_unit,
                "price_mode": self.price_mode,
                "is_comp": self.is_comp,
            }
        )

    # ------------------------------------------------------------- line verbs
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

    def _check_void_right(self):
        if not self.env.user.has_group(VOID_GROUP):
            raise AccessError(
                self.env._(
                    "Voiding a dish sent to the kitchen (退菜) needs the Void right: ask a manager."
                )
            )

    def _check_comp_right(self):
        if not self.env.user.has_group(COMP_GROUP):
            raise AccessError(
                self.env._("Comping a dish (赠菜) needs the Comp right: ask a manager.")
            )

    @api.model
    def _checked_reason(self, reason, message):
        reason = str(reason or "").strip()[:200]
        if not reason:
            raise UserError(message)
        return reason

    def update_line(self, quantity=None, note=None):
        """Change a line not yet sent."""
        self.ensure_one()
        self.order_id._lock()
        self._check_editable()
        vals = {}
        if quantity is not None:
            vals["quantity"] = self._checked_quantity(quantity)
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

    def _split_vals(self, quantity, client_uid):
        """A copy of the line for ``quantity`` of it (partial void or comp): same dish,
        choices, price, ticket and kitchen state."""
        self.ensure_one()
        return {
            "order_id": self.order_id.id,
            "client_uid": client_uid,
            "origin_line_id": self.id,
            "product_id": self.product_id.id,
            "quantity": quantity,
            "course": self.course,
            "portion_id": self.portion_id.id,
            "option_ids": [(6, 0, self.option_ids.ids)],
            "price_mode": self.price_mode,
            "weight": self.weight,
            "weight_uom": self.weight_uom,
            "price_entered": self.price_entered,
            "price_unit": self.price_unit,
            "note": self.note,
            "state": self.state,
            "ticket_id": self.ticket_id.id,
            "kitchen_done": self.kitchen_done,
            "is_comp": self.is_comp,
            "comp_reason": self.comp_reason,
            "comp_by": self.comp_by.id,
            "comp_at": self.comp_at,
        }

    def _is_whole(self, quantity):
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        return float_compare(quantity, self.quantity, precision_digits=precision) >= 0

    def _already_done(self, field, request_uid):
        return bool(self.order_id.line_ids.filtered(lambda line: line[field] == request_uid))

    def void_line(self, reason):
        """Cancel a whole line: a line not sent is removed; a sent one (the Void right) stays
        struck through with the reason, which the kitchen sees."""
        self.ensure_one()
        order = self.order_id
        order._check_frontdesk_user()
        order._lock()
        order._check_open()
        reason = self._checked_reason(
            reason, self.env._("Say why the dish is voided (the kitchen sees it).")
        )
        if self.state == "void":
            return order._order_payload()
        if self.state == "draft":
            self.unlink()
        else:
            self._check_void_right()
            self._void_whole(reason, None)
        order._notify_frontdesk()
        return order._order_payload()

    def _void_whole(self, reason, void_uid):
        self.write(
            {
                "state": "void",
                "void_reason": reason,
                "voided_by": self.env.uid,
                "voided_at": fields.Datetime.now(),
                "void_uid": void_uid,
            }
        )
        self.ticket_id._notify_kitchen()

    def void_quantity(self, quantity, reason, void_uid=None):
        """Void some or all of a sent line (退菜, the Void right): the line keeps the rest and a
        voided line of ``quantity`` with the reason joins its kitchen ticket, which the
        kitchen gets again ("退 1"). A repeated ``void_uid`` voids nothing more."""
        self.ensure_one()
        order = self.order_id
        order._check_frontdesk_user()
        void_uid = clean_uid(
            void_uid or uuid.uuid4().hex, self.env._("The void request needs its client id.")
        )
        order._lock()
        order._check_open()
        if self._already_done("void_uid", void_uid):
            return order._order_payload()
        if self.state == "draft":
            raise UserError(
                self.env._(
                    "%s was not sent to the kitchen yet: lower its quantity or remove it.",
                    self.product_id.name,
                )
            )
        if self.state == "void":
            raise UserError(self.env._("%s is already voided.", self.product_id.name))
        self._check_void_right()
        reason = self._checked_reason(
            reason, self.env._("Say why the dish is voided (the kitchen sees it).")
        )
        quantity = self._checked_quantity(quantity, maximum=self.quantity)
        if self._is_whole(quantity):
            self._void_whole(reason, void_uid)
        else:
            vals = self._split_vals(quantity, f"void-{void_uid}")
            vals.update(
                state="void",
                void_reason=reason,
                voided_by=self.env.uid,
                voided_at=fields.Datetime.now(),
                void_uid=void_uid,
            )
            self.quantity -= quantity
            self.create(vals)
            self.ticket_id._notify_kitchen()
        order._notify_frontdesk()
        return order._order_payload()

    def comp_line(self, reason, quantity=None, comp_uid=None):
        """Offer some or all of a line on the house (赠菜, the Comp right): its amount
        becomes 0, the list amount is kept for the reports. A part is split off like a
        void. A repeated ``comp_uid`` comps nothing more."""
        self.ensure_one()
        order = self.order_id
        order._check_frontdesk_user()
        self._check_comp_right()
        comp_uid = clean_uid(
            comp_uid or uuid.uuid4().hex, self.env._("The comp request needs its client id.")
        )
        order._lock()
        order._check_open()
        if self._already_done("comp_uid", comp_uid):
            return order._order_payload()
        if self.state == "void":
            raise UserError(self.env._("%s was voided: it cannot be comped.", self.product_id.name))
        if self.is_comp:
            raise UserError(self.env._("%s is already comped.", self.product_id.name))
        reason = self._checked_reason(
            reason, self.env._("Say why the dish is comped (it shows in the reports).")
        )
        quantity = self.quantity if quantity is None else quantity
        quantity = self._checked_quantity(quantity, maximum=self.quantity)
        comp = {
            "is_comp": True,
            "comp_reason": reason,
            "comp_by": self.env.uid,
            "comp_at": fields.Datetime.now(),
            "comp_uid": comp_uid,
        }
        if self._is_whole(quantity):
            self.write(comp)
        else:
            vals = self._split_vals(quantity, f"comp-{comp_uid}")
            vals.update(comp)
            self.quantity -= quantity
            self.create(vals)
            if self.state == "sent":
                self.ticket_id._notify_kitchen()
        order._notify_frontdesk()
        return order._order_payload()
