import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from .fuxi_frontdesk_order import FRONTDESK_GROUP, MAX_LINES_PER_CALL, lock_rows


class FuxiFrontdeskOrder(models.Model):
    """Tables: move (转台), merge (并台), split into bills, and the history of it all.

    Each verb takes a client-made request id, checked under the row locks of the orders (and
    rooms) it changes: a retried or doubled request finds its event and changes nothing more;
    two desks changing the same tables at once are serialised by the locks, the second one
    replayed on the state the first one left.
    """

    _inherit = "fuxi.frontdesk.order"

    state = fields.Selection(
        selection_add=[("merged", "Merged")], ondelete={"merged": "set default"}
    )
    merged_into_id = fields.Many2one(
        "fuxi.frontdesk.order",
        string="Merged Into",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )
    split_from_id = fields.Many2one(
        "fuxi.frontdesk.order",
        string="Split From",
        readonly=True,
        index="btree_not_null",
        copy=False,
        help="A second bill of the same table: its lines were split from this order.",
    )
    event_ids = fields.One2many("fuxi.frontdesk.order.event", "order_id", string="History")

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        for order in orders:
            order._log_event("open", to_room_id=order.room_id.id)
        return orders

    def _check_open(self):
        for order in self:
            if order.state == "merged":
                raise UserError(
                    self.env._(
                        "Order %(order)s was merged into %(into)s (%(room)s).",
                        order=order.name,
                        into=order.merged_into_id.name,
                        room=order.merged_into_id.room_id.display_name,
                    )
                )
        return super()._check_open()

    def _log_event(self, kind, **vals):
        """One line of the table's history (written for the user, who may only read it)."""
        self.ensure_one()
        return (
            self.env["fuxi.frontdesk.order.event"]
            .sudo()
            .create({"order_id": self.id, "kind": kind, "user_id": self.env.uid, **vals})
        )

    def _table_bills(self):
        """The open bills of this order's table, the main one (not split) first."""
        self.ensure_one()
        bills = self.search([("room_id", "=", self.room_id.id), ("state", "=", "open")])
        return bills.sorted(lambda order: (bool(order.split_from_id), order.id))

    def _all_tickets(self):
        """The tickets of these orders, and those their lines are on (a split bill's lines
        stay on the tickets of the order they were split from)."""
        return self.ticket_ids | self.line_ids.ticket_id

    def _notify_room(self, room):
        """Tell the front desks a room changed (the table a move or merge left)."""
        self.env["bus.bus"]._sendone(
            self.env.ref(FRONTDESK_GROUP),
            "fuxi_frontdesk/order",
            {"order_id": self[:1].id, "room_id": room.id},
        )

    @api.model
    def _checked_room(self, room_id):
        try:
            room = self.env["fuxi.room"].browse(int(room_id)).exists()
        except (TypeError, ValueError):
            room = self.env["fuxi.room"]
        if not room or not room.active:
            raise UserError(self.env._("This room or table does not exist any more."))
        return room

    def move_to_table(self, room_id, request_uid=None):
        """Move the table (转台): this order and the other bills of its table go to a free
        room or table; the kitchen's tickets show the new table at once."""
        self.ensure_one()
        self._check_frontdesk_user()
        request_uid = self._request_uid(request_uid)
        target = self._checked_room(room_id)
        lock_rows(self.env, "fuxi_room", (self.room_id | target).ids)
        self._lock()
        if self._done_request("move", request_uid):
            return self._order_payload()
        self._check_open()
        source = self.room_id
        if target == source:
            raise UserError(self.env._("The guests are already at %s.", target.display_name))
        if self.search_count([("room_id", "=", target.id), ("state", "=", "open")]):
            raise UserError(
                self.env._("%s is not free: merge the tables instead.", target.display_name)
            )
        bills = self._table_bills()
        bills._lock()
        bills.write({"room_id": target.id})
        for bill in bills:
            bill._log_event(
                "move",
                request_uid=request_uid if bill == self else False,
                from_room_id=source.id,
                to_room_id=target.id,
            )
        bills._all_tickets()._notify_kitchen()
        bills._notify_frontdesk()
        self._notify_room(source)
        return self._order_payload()

    def merge_from(self, order_ids, request_uid=None):
        """Merge tables (并台): the other open orders' lines, kitchen tickets and guests join
        this order; they end merged into it, and their tables are free."""
        self.ensure_one()
        self._check_frontdesk_user()
        request_uid = self._request_uid(request_uid)
        if not isinstance(order_ids, list | tuple) or not order_ids:
            raise UserError(self.env._("Pick the tables to merge into this one."))
        try:
            wanted = {int(order_id) for order_id in order_ids} - {self.id}
        except (TypeError, ValueError):
            wanted = set()
        others = self.browse(sorted(wanted)).exists()
        if not others or len(others) != len(wanted):
            raise UserError(self.env._("Pick the open tables to merge into this one."))
        (self | others)._lock()
        if self._done_request("merge", request_uid):
            return self._order_payload()
        self._check_open()
        others._check_open()
        if others.company_id != self.company_id:
            raise UserError(self.env._("Only tables of the same restaurant can be merged."))
        now = fields.Datetime.now()
        tickets = self.env["fuxi.kitchen.ticket"]
        left_rooms = self.env["fuxi.room"]
        for index, other in enumerate(others):
            lines, other_tickets = other.line_ids, other.ticket_ids
            vals = {}
            if other.room_id != self.room_id:  # another bill of this table: same guests
                vals["guest_count"] = self.guest_count + other.guest_count
                left_rooms |= other.room_id
            if not self.partner_id and other.partner_id:
                vals["partner_id"] = other.partner_id.id
            if vals:
                self.write(vals)
            lines.write({"order_id": self.id})
            other_tickets.write({"order_id": self.id})
            other.write({"state": "merged", "merged_into_id": self.id, "closed_at": now})
            self._log_event(
                "merge",
                request_uid=request_uid if index == 0 else False,
                other_order_id=other.id,
                from_room_id=other.room_id.id,
                to_room_id=self.room_id.id,
                line_count=len(lines),
            )
            other._log_event(
                "merge",
                other_order_id=self.id,
                from_room_id=other.room_id.id,
                to_room_id=self.room_id.id,
                line_count=len(lines),
            )
            tickets |= other_tickets | lines.ticket_id
        tickets._notify_kitchen()
        (self | others)._notify_frontdesk()
        for room in left_rooms:
            self._notify_room(room)
        return self._order_payload()

    def split_lines(self, lines, request_uid=None):
        """Split the bill: the lines (or the quantities) named go to a second bill of the same
        table. Returns {"order": this order, "new_order": the new bill}."""
        self.ensure_one()
        self._check_frontdesk_user()
        request_uid = self._request_uid(request_uid)
        if not isinstance(lines, list | tuple) or not lines or len(lines) > MAX_LINES_PER_CALL:
            raise UserError(self.env._("Pick between 1 and %s lines.", MAX_LINES_PER_CALL))
        self._lock()
        done = self._done_request("split", request_uid)
        if done:
            return {
                "order": done.order_id._order_payload(),
                "new_order": done.other_order_id._order_payload(),
            }
        self._check_open()
        moves = []
        for item in lines:
            if not isinstance(item, dict):
                raise UserError(self.env._("A line must be an object."))
            line = self._lines_of([item.get("line_id")])
            if line.state == "void":
                raise UserError(
                    self.env._("%s is voided: it stays on this bill.", line.product_id.name)
                )
            if line in [move[0] for move in moves]:
                raise UserError(self.env._("%s is named twice.", line.product_id.name))
            quantity = item.get("quantity")
            try:
                quantity = line.quantity if quantity in (None, False) else float(quantity)
            except (TypeError, ValueError):
                quantity = 0
            if not 0 < quantity <= line.quantity:
                raise UserError(
                    self.env._(
                        "Split between 0 and %(max)s of %(dish)s.",
                        max=line.quantity,
                        dish=line.product_id.name,
                    )
                )
            moves.append((line, quantity))
        live = self.line_ids.filtered(lambda line: line.state != "void")
        whole = {line for line, quantity in moves if quantity == line.quantity}
        if all(line in whole for line in live):
            raise UserError(self.env._("Leave at least one dish on this bill."))
        new = self.create(
            {
                "room_id": self.room_id.id,
                "guest_count": 1,
                "split_from_id": self.id,
                "company_id": self.company_id.id,
            }
        )
        Line = self.env["fuxi.frontdesk.order.line"].with_context(fuxi_no_line_event=True)
        for line, quantity in moves:
            if line in whole:
                line.with_context(fuxi_no_line_event=True).write({"order_id": new.id})
            else:
                line.with_context(fuxi_no_line_event=True).write(
                    {"quantity": line.quantity - quantity}
                )
                Line.browse(line.id).copy(
                    {
                        "order_id": new.id,
                        "client_uid": uuid.uuid4().hex,
                        "quantity": quantity,
                        "state": line.state,
                        "ticket_id": line.ticket_id.id,
                    }
                )
        self._log_event(
            "split", request_uid=request_uid, other_order_id=new.id, line_count=len(moves)
        )
        new._log_event("split", other_order_id=self.id, line_count=len(moves))
        (self | new)._notify_frontdesk()
        return {"order": self._order_payload(), "new_order": new._order_payload()}
