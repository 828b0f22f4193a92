from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

KITCHEN_GROUP = "fuxi_frontdesk.group_fuxi_kitchen"
FRONTDESK_GROUP = "fuxi_frontdesk.group_fuxi_frontdesk_viewer"
FRONTDESK_USER_GROUP = "fuxi_frontdesk.group_fuxi_frontdesk_user"
MAX_LINES_PER_CALL = 200
MAX_QUANTITY = 999


def clean_uid(value, what):
    """Client-made ids (idempotency keys): short printable strings."""
    if not isinstance(value, str) or not 8 <= len(value) <= 64 or not value.isprintable():
        raise ValidationError(what)
    return value


def group_id(env, xmlid):
    """The id of a group by its XML id, from the registry's cache: ``env.ref`` also checks
    that the record exists, a query each time (three per send)."""
    return env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=True)


def kitchen_locale(lang, tz):
    """The (lang, tz) a kitchen user's tickets are built in: the same for the sender, who
    builds them, and the user's websocket, which subscribes to that language's channel."""
    return (lang or "en_US", tz or "UTC")


def lock_rows(env, table, ids):
    """Serialise the changes of these rows (two screens, retried requests).

    An UPDATE, not a SELECT FOR UPDATE: a request that waited here for another one to commit
    then fails with a serialisation error, and Odoo replays it on a fresh snapshot in which
    it sees the other request's lines. That failure is the design, not a fault: it is not
    logged as a "bad query" ERROR (Odoo's retry logs it at INFO level).
    """
    env.cr.execute(
        SQL(
            "UPDATE %s SET write_date = write_date WHERE id IN %s",
            SQL.identifier(table),
            tuple(ids),
        ),
        log_exceptions=False,
    )


class FuxiFrontdeskOrder(models.Model):
    """An open table at the front desk: the guests, the lines ordered and sent to the kitchen.

    This file holds the fields and the invariants; the screens' payloads are built in
    ``fuxi_frontdesk_order_payload.py`` and the verbs the screens call are in
    ``fuxi_frontdesk_order_rpc.py``. Every change comes through a verb taking client-made
    ids (line uid, send uid), so a request repeated after a network failure or sent from two
    screens at once never loses nor duplicates a line or a ticket.
    """

    _name = "fuxi.frontdesk.order"
    _description = "Front Desk Order"
    _inherit = ["fuxi.sequence.mixin"]
    _order = "opened_at desc, id desc"
    _fuxi_sequence_code = "fuxi.frontdesk.order"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    room_id = fields.Many2one(
        "fuxi.room", string="Room / Table", required=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index="btree_not_null",
        domain=[("is_fuxi_customer", "=", True)],
    )
    guest_count = fields.Integer(string="Guests", default=1)
    state = fields.Selection(
        [("open", "Open"), ("done", "Checked Out"), ("cancel", "Cancelled")],
        default="open",
        required=True,
        readonly=True,
        index=True,
    )
    opened_at = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    closed_at = fields.Datetime(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Opened By", default=lambda self: self.env.user, readonly=True
    )
    reservation_id = fields.Many2one("fuxi.reservation", readonly=True, index="btree_not_null")
    line_ids = fields.One2many("fuxi.frontdesk.order.line", "order_id", string="Lines")
    ticket_ids = fields.One2many("fuxi.kitchen.ticket", "order_id", string="Kitchen Tickets")
    consumption_id = fields.Many2one("fuxi.consumption", readonly=True, copy=False)
    # checked out, its visit not written yet: the "record visits" job writes it right after
    # the checkout's commit (see _cron_record_visits)
    visit_pending = fields.Boolean(readonly=True, copy=False)
    # times the job failed to write it: those go last, so that orders that keep failing (a
    # bug, logged each time) never hold back the others' visits
    visit_attempts = fields.Integer(readonly=True, copy=False)
    currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", string="Currency"
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    amount_total = fields.Monetary(string="Total", compute="_compute_amount_total")
    note = fields.Char()

    _sql_constraints = [
        ("guest_count_positive", "CHECK(guest_count > 0)", "A table has at least one guest."),
    ]

    def init(self):
        # one open order per table: the guard that makes two screens share one order; a
        # second bill split from it (split_from_id) shares the table on purpose
        self.env.cr.execute("DROP INDEX IF EXISTS fuxi_frontdesk_order_one_open_per_room")
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS fuxi_frontdesk_order_one_main_open_per_room
               ON fuxi_frontdesk_order (room_id)
               WHERE state = 'open' AND split_from_id IS NULL"""
        )
        # the job's queue: a handful of rows among all the orders ever taken
        self.env.cr.execute("DROP INDEX IF EXISTS fuxi_frontdesk_order_visit_pending")
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS fuxi_frontdesk_order_visit_queue
               ON fuxi_frontdesk_order (COALESCE(visit_attempts, 0), id) WHERE visit_pending"""
        )

    @api.depends("line_ids.subtotal", "line_ids.state")
    def _compute_amount_total(self):
        for order in self:
            order.amount_total = sum(
                order.line_ids.filtered(lambda line: line.state != "void").mapped("subtotal")
            )

    # ------------------------------------------------------------- invariants
    def _lock(self):
        """Serialise the changes of one order (see :func:`lock_rows`)."""
        lock_rows(self.env, self._table, self.ids)

    def _check_open(self):
        for order in self:
            if order.state != "open":
                raise UserError(
                    self.env._(
                        "Order %(order)s of %(room)s is already closed.",
                        order=order.name,
                        room=order.room_id.display_name,
                    )
                )

    def _check_frontdesk_user(self):
        if not self.env.user.has_group(FRONTDESK_USER_GROUP):
            raise AccessError(self.env._("Only front desk staff can take orders."))

    @api.model
    def _check_guest_count(self, value):
        try:
            guest_count = int(value)
        except (TypeError, ValueError):
            guest_count = 0
        if not 1 <= guest_count <= 500:
            raise UserError(self.env._("The number of guests must be between 1 and 500."))
        return guest_count

    def _notify_frontdesk(self):
        """Tell every front desk screen that these orders changed (sent at commit). Only ids:
        each screen reads the order in its user's language."""
        group = self.env["res.groups"].browse(group_id(self.env, FRONTDESK_GROUP))
        for order in self:
            self.env["bus.bus"]._sendone(
                group, "fuxi_frontdesk/order", {"order_id": order.id, "room_id": order.room_id.id}
            )

    @api.model
    def _cron_cancel_stale_empty_orders(self):
        """Tables opened more than a day ago with nothing ordered are freed."""
        stale = self.search(
            [
                ("state", "=", "open"),
                ("opened_at", "<", fields.Datetime.subtract(fields.Datetime.now(), days=1)),
            ]
        ).filtered(lambda order: not order.line_ids)
        stale.write({"state": "cancel", "closed_at": fields.Datetime.now()})
        stale._notify_frontdesk()
