from odoo import api, fields, models

from odoo.addons.fuxi_knowledge.models.fuxi_kitchen_station import COURSES

COURSE_CODES = {code for code, _label in COURSES}

EVENT_KINDS = [
    ("open", "Opened"),
    ("move", "Moved"),
    ("merge", "Merged"),
    ("split", "Split"),
    ("fire", "Fired"),
    ("rush", "Rushed"),
    ("served", "Served"),
    ("cancel", "Cancelled"),
    ("checkout", "Checked Out"),
    ("void", "Voided"),
    ("comp", "Comped"),
]


class FuxiFrontdeskOrderEvent(models.Model):
    """What happened to a table, in order: opened, moved, merged, split, fired, rushed...

    The client id of a request (``request_uid``) is unique per kind: a move, merge, split,
    fire or rush repeated after a lost answer (or sent by two screens with the same id) finds
    its event and does nothing more. The description is built when read, in the reader's
    language, from the stored facts.
    """

    _name = "fuxi.frontdesk.order.event"
    _description = "Front Desk Order History"
    _order = "date desc, id desc"

    order_id = fields.Many2one(
        "fuxi.frontdesk.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    kind = fields.Selection(EVENT_KINDS, required=True, readonly=True)
    request_uid = fields.Char(readonly=True, index="btree_not_null")
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.user, readonly=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    from_room_id = fields.Many2one("fuxi.room", string="From", readonly=True)
    to_room_id = fields.Many2one("fuxi.room", string="To", readonly=True)
    other_order_id = fields.Many2one(
        "fuxi.frontdesk.order",
        string="Other Bill",
        readonly=True,
        help="The order merged into this one, or the bill split from it.",
    )
    product_id = fields.Many2one("product.product", string="Dish", readonly=True)
    quantity = fields.Float(readonly=True)
    line_count = fields.Integer(string="Lines", readonly=True)
    course = fields.Selection(COURSES, readonly=True)
    reason = fields.Char(readonly=True)
    description = fields.Char(compute="_compute_description")
    # precomputed: in the INSERT, not an UPDATE after it (an event is logged by every verb)
    company_id = fields.Many2one(
        related="order_id.company_id", store=True, index=True, string="Company", precompute=True
    )

    _sql_constraints = [
        (
            "request_uid_uniq",
            "unique(kind, request_uid)",
            "This request was already applied.",
        ),
    ]

    @api.depends(
        "kind", "from_room_id", "to_room_id", "other_order_id", "product_id", "quantity", "course"
    )
    @api.depends_context("lang")
    def _compute_description(self):
        for event in self:
            event.description = event._describe()

    def _describe(self):
        self.ensure_one()
        _ = self.env._
        kind = self.kind
        if kind == "move":
            return _(
                "Moved from %(from)s to %(to)s",
                **{"from": self.from_room_id.display_name, "to": self.to_room_id.display_name},
            )
        if kind == "merge" and self.other_order_id == self.order_id.merged_into_id:
            return _(
                "Merged into %(order)s of %(room)s",
                order=self.other_order_id.name or "",
                room=self.to_room_id.display_name or "",
            )
        if kind == "merge":
            return _(
                "%(order)s of %(room)s merged into this table (%(count)s lines)",
                order=self.other_order_id.name or "",
                room=self.from_room_id.display_name or "",
                count=self.line_count,
            )
        if kind == "split" and self.other_order_id == self.order_id.split_from_id:
            return _(
                "%(count)s lines split from bill %(order)s",
                count=self.line_count,
                order=self.other_order_id.name or "",
            )
        if kind == "split":
            return _(
                "%(count)s lines split to bill %(order)s",
                count=self.line_count,
                order=self.other_order_id.name or "",
            )
        if kind == "fire":
            if self.course:
                course = dict(self._fields["course"]._description_selection(self.env))
                return _(
                    "Fired the %(course)s course: %(count)s lines",
                    course=course.get(self.course, self.course),
                    count=self.line_count,
                )
            return _("Fired: %(count)s lines", count=self.line_count)
        if kind == "rush":
            return _("Rushed: %(count)s lines", count=self.line_count)
        if kind == "served":
            return _("Served: %(count)s lines", count=self.line_count)
        if kind in ("void", "comp"):
            label = _("Voided") if kind == "void" else _("Comped")
            text = f"{label} {self.quantity:g} × {self.product_id.name or ''}"
            return f"{text} — {self.reason}" if self.reason else text
        label = dict(self._fields["kind"]._description_selection(self.env)).get(kind, kind)
        return f"{label} — {self.reason}" if self.reason else label

    def _event_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "kind": self.kind,
            "date": fields.Datetime.to_string(self.date),
            "user": self.user_id.name or "",
            "description": self.description or "",
        }
