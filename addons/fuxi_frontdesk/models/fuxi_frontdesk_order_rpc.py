import logging
import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .fuxi_frontdesk_order import (
    FRONTDESK_USER_GROUP,
    MAX_LINES_PER_CALL,
    clean_uid,
    lock_rows,
)
from .fuxi_frontdesk_order_line import COMP_GROUP, VOID_GROUP

_logger = logging.getLogger(__name__)

# a reservation is honoured this long before and after its start time
RESERVATION_ARRIVAL_WINDOW = timedelta(hours=12)


class FuxiFrontdeskOrder(models.Model):
    """The verbs the front desk screen (and any XML-RPC client) calls.

    Each takes ids made by the client, checks the user's rights and its arguments (they come
    from the network), and returns plain values: the order payload, a dict or a list.
    """

    _inherit = "fuxi.frontdesk.order"

    # ------------------------------------------------------------- reading
    def read_order(self):
        """The order as the front desk screen shows it, with the table's history."""
        self.ensure_one()
        return {**self._order_payload(), "history": self._history_payload()}

    @api.model
    def frontdesk_floor(self, hours=4):
        """Every active room/table with its status, for the floor view."""
        try:
            hours = min(max(int(hours or 4), 1), 24)
        except (TypeError, ValueError):
            hours = 4
        return self._floor_payload(hours)

    @api.model
    def frontdesk_load(self):
        """Everything the front desk screen needs at start: floor, menu, currency, rights."""
        return {
            **self._floor_payload(),
            **self._menu_payload(),
            "currency_id": self.env.company.currency_id.id,
            "can_order": self.env.user.has_group(FRONTDESK_USER_GROUP),
            "can_void": self.env.user.has_group(VOID_GROUP),
            "can_comp": self.env.user.has_group(COMP_GROUP),
        }

    @api.model
    def search_guests(self, term, limit=8):
        """Guests by name, phone or code: the one guest search of fuxi_customer (kept for
        clients of the earlier front desk API)."""
        return self.env["res.partner"].fuxi_search_guests(term, limit)

    # ------------------------------------------------------------- actions
    @api.model
    def _arriving_reservation(self, reservation_id, room):
        """The reservation a table is opened for, checked: it exists, is for this room (or
        for no room yet), starts about now and is still expected. Read with sudo (a waiter
        may have no right on reservations), so every check is done here."""
        try:
            reservation_id = int(reservation_id)
        except (TypeError, ValueError):
            reservation_id = 0
        reservation = self.env["fuxi.reservation"].sudo().browse(reservation_id).exists()
        if not reservation or reservation.company_id not in self.env.companies:
            raise UserError(self.env._("This reservation does not exist any more."))
        if reservation.room_id and reservation.room_id != room:
            raise UserError(
                self.env._(
                    "The reservation of %(guest)s is for %(booked)s, not for %(room)s.",
                    guest=reservation.partner_id.name or reservation.contact_name or "",
                    booked=reservation.room_id.display_name,
                    room=room.display_name,
                )
            )
        if reservation.state not in ("booked", "confirmed"):
            state = dict(reservation._fields["state"]._description_selection(self.env)).get(
                reservation.state
            )
            raise UserError(
                self.env._(
                    "The reservation of %(guest)s is %(state)s: it cannot open a table.",
                    guest=reservation.partner_id.name or reservation.contact_name or "",
                    state=state,
                )
            )
        now = fields.Datetime.now()
        if abs(reservation.start - now) > RESERVATION_ARRIVAL_WINDOW:
            start = fields.Datetime.context_timestamp(self, reservation.start)
            raise UserError(
                self.env._(
                    "The reservation of %(guest)s is for %(start)s, not for now.",
                    guest=reservation.partner_id.name or reservation.contact_name or "",
                    start=start.strftime("%Y-%m-%d %H:%M"),
                )
            )
        return reservation

    @api.model
    def _checked_partner(self, partner_id):
        try:
            partner_id = int(partner_id or 0)
        except (TypeError, ValueError):
            partner_id = 0
        partner = self.env["res.partner"].browse(partner_id).exists()
        if partner_id and not partner:
            raise UserError(self.env._("This guest does not exist any more."))
        return partner

    @api.model
    def open_table(self, room_id, partner_id=False, guest_count=1, reservation_id=False):
        """Open a table, or return the order already open on it (two screens, one order)."""
        self._check_frontdesk_user()
        try:
            room = self.env["fuxi.room"].browse(int(room_id)).exists()
        except (TypeError, ValueError):
            room = self.env["fuxi.room"]
        if not room:
            raise UserError(self.env._("This room or table does not exist any more."))
        guest_count = self._check_guest_count(guest_count)
        # two screens opening the same table at once: the second one waits here, is replayed
        # (serialisation error) and then joins the order the first one opened
        lock_rows(self.env, "fuxi_room", room.ids)
        order = self.search([("room_id", "=", room.id), ("state", "=", "open")])
        if order:
            # a table split into bills: the main bill (the others are reached from it)
            order = order.filtered(lambda bill: not bill.split_from_id)[:1] or order[:1]
            return order._order_payload()
        reservation = self.env["fuxi.reservation"]
        if reservation_id:
            reservation = self._arriving_reservation(reservation_id, room)
            if not partner_id:
                partner_id = reservation.partner_id.id
        partner = self._checked_partner(partner_id)
        order = self.create(
            {
                "room_id": room.id,
                "partner_id": partner.id,
                "guest_count": guest_count,
                "reservation_id": reservation.id,
            }
        )
        if reservation:
            reservation.state = "arrived"
        order._notify_frontdesk()
        return order._order_payload()

    def set_guest(self, partner_id=None, guest_count=None):
        """Attach a guest (False: walk-in) and/or change the number of guests."""
        self.ensure_one()
        self._check_frontdesk_user()
        self._check_open()
        vals = {}
        if partner_id is not None:
            vals["partner_id"] = self._checked_partner(partner_id).id
        if guest_count is not None:
            vals["guest_count"] = self._check_guest_count(guest_count)
        self.write(vals)
        self._notify_frontdesk()
        return self._order_payload()

    def add_lines(self, lines):
        """Add lines: [{uid, product_id, quantity, note, portion_id, option_ids, weight,
        price, course, hold}]. A line ordered like an unsent, unheld line of the order (same
        dish, note, portion, options and course; not weighed nor at market price) raises
        that line's quantity: four taps on a beer are one line of 4. A uid already added
        (as a line or as such a raise) is skipped, so a repeated request (retry, second
        screen) never adds twice."""
        self.ensure_one()
        self._check_frontdesk_user()
        if not isinstance(lines, list) or not lines or len(lines) > MAX_LINES_PER_CALL:
            raise UserError(self.env._("Send between 1 and %s lines at once.", MAX_LINES_PER_CALL))
        self._lock()
        self._check_open()
        Line = self.env["fuxi.frontdesk.order.line"]
        existing = set(self.line_ids.mapped("client_uid"))
        for merged in self.line_ids.mapped("merged_uids"):
            existing.update(merged or [])
        # the lines a new one may add up on: unsent ones of this order, and this call's
        targets = {}
        for line in self.line_ids:
            key = line._own_merge_key()
            if key is not None:
                targets.setdefault(key, line)
        raised = {}  # existing line → (quantity added, uids)
        vals_list = []
        products = Line._requested_products(lines)
        for line in lines:
            if not isinstance(line, dict):
                raise UserError(self.env._("A line must be an object."))
            uid = clean_uid(line.get("uid"), self.env._("Each line needs its client id."))
            if uid in existing:
                continue
            existing.add(uid)
            vals = Line._vals_from_request(self, line, products)
            if "hold" in Line._fields:
                vals["hold"] = bool(line.get("hold"))
            key = Line._merge_key(vals)
            target = targets.get(key) if key is not None else None
            if isinstance(target, dict):
                target["quantity"] += vals["quantity"]
                target["merged_uids"].append(uid)
                Line._checked_quantity(target["quantity"])
            elif target is not None:
                added, uids = raised.get(target, (0.0, []))
                raised[target] = (added + vals["quantity"], [*uids, uid])
                Line._checked_quantity(target.quantity + raised[target][0])
            else:
                vals.update(client_uid=uid, merged_uids=[])
                vals_list.append(vals)
                if key is not None:
                    targets[key] = vals
        for target, (added, uids) in raised.items():
            target.write(
                {
                    "quantity": target.quantity + added,
                    "merged_uids": [*(target.merged_uids or []), *uids],
                }
            )
        if vals_list:
            Line.create(vals_list)
        if vals_list or raised:
            self._notify_frontdesk()
        return self._order_payload()

    def action_send(self, send_uid=None):
        """Send the lines not yet sent to the kitchen: one ticket per station among them.

        The same send_uid sent twice (a retry after a lost answer) creates nothing more.
        """
        self.ensure_one()
        self._check_frontdesk_user()
        send_uid = clean_uid(
            send_uid or uuid.uuid4().hex, self.env._("The send request needs its client id.")
        )
        self._lock()
        self._check_open()
        Ticket = self.env["fuxi.kitchen.ticket"]
        if Ticket.search_count([("order_id", "=", self.id), ("send_uid", "=", send_uid)]):
            return self._order_payload()  # already done: this is a retry
        to_send = self.line_ids.filtered(lambda line: line.state == "draft")
        if not to_send:
            return self._order_payload()
        tickets = Ticket.create(
            [
                {
                    "order_id": self.id,
                    "station": station,
                    "send_uid": send_uid,
                    "line_ids": [(6, 0, lines.ids)],
                }
                for station, lines in to_send._group_by_station().items()
            ]
        )
        to_send.write({"state": "sent"})
        tickets._notify_kitchen()
        self._notify_frontdesk()
        return self._order_payload()

    def _closable_tickets(self):
        """The kitchen's tickets this order closes: open ones, but not those still carrying
        dishes of another open bill (a split bill's lines share its parent's tickets)."""
        self.ensure_one()
        # the open ones among _all_tickets(), in one query: at a checkout they are mostly
        # all served, and reading every ticket and line of the table to learn it cost four
        Ticket = self.env["fuxi.kitchen.ticket"]
        Ticket.flush_model(["order_id", "state"])
        self.env["fuxi.frontdesk.order.line"].flush_model(["order_id", "ticket_id"])
        # (a UNION, each side on its index: an OR of the two read every ticket ever sent)
        self.env.cr.execute(
            """SELECT t.id FROM fuxi_kitchen_ticket t
                WHERE t.order_id = %(order)s AND t.state NOT IN ('served', 'cancel')
               UNION
               SELECT t.id FROM fuxi_frontdesk_order_line l
                 JOIN fuxi_kitchen_ticket t ON t.id = l.ticket_id
                WHERE l.order_id = %(order)s AND t.state NOT IN ('served', 'cancel')
                ORDER BY 1""",
            {"order": self.id},
        )
        # the order's own tickets: the user may read them as they may read the order (the
        # rules apply when the tickets' lines are read below)
        open_tickets = Ticket.browse([row[0] for row in self.env.cr.fetchall()])
        return open_tickets.filtered(
            lambda ticket: not ticket.line_ids.filtered(
                lambda line: line.state == "sent"
                and line.order_id != self
                and line.order_id.state == "open"
            )
        )

    def action_checkout(self, confirm=False):
        """Close the table: one consumption record with every line served, table freed.

        While dishes are not served yet, answers {"confirm_needed": True, "unserved": [dish
        names]} and changes nothing; confirm=True checks out anyway and the kitchen sees
        its open tickets closed as checked out.
        """
        self.ensure_one()
        self._check_frontdesk_user()
        if not self.env.context.get("fuxi_frontdesk_order_locked"):
            # (a caller that already holds the order's lock in this transaction says so)
            self._lock()
        self._check_open()
        unsent = self.line_ids.filtered(lambda line: line.state == "draft")
        if unsent:
            raise UserError(
                self.env._(
                    "Send or remove the lines not sent to the kitchen before checking out: %s",
                    "、".join(unsent.mapped("product_id.name")),
                )
            )
        lines = self.line_ids.filtered(lambda line: line.state == "sent")
        if not lines:
            raise UserError(
                self.env._("Nothing was served on this order: cancel it instead of checking out.")
            )
        unserved = not confirm and lines.filtered(lambda line: line._line_status() != "served")
        if unserved:
            return {
                "confirm_needed": True,
                "unserved": unserved.mapped("product_id.name"),
                "order": self._order_payload(),
            }
        open_tickets = self._closable_tickets()
        values = {"state": "done", "closed_at": fields.Datetime.now()}
        if self.env.context.get("fuxi_frontdesk_visit_later"):
            # the visit is written by the job right after this commit (_record_visit)
            consumption = self.env["fuxi.consumption"]
            values["visit_pending"] = True
        else:
            consumption = self._record_visit(lines)
            values["consumption_id"] = consumption.id
        self.write(values)
        if consumption:
            self._checkout_reservation(consumption)
        else:
            cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
                "fuxi_frontdesk.ir_cron_record_visits", raise_if_not_found=True
            )
            self.env["ir.cron"].browse(cron_id)._trigger()
        if open_tickets:
            # not silently served: the kitchen sees them closed by the checkout
            open_tickets.write(
                {"state": "served", "bumped_at": fields.Datetime.now(), "checked_out": True}
            )
            open_tickets._notify_kitchen()
        self._log_event("checkout")
        self._notify_frontdesk()
        return {"order": self._order_payload(), "consumption_id": consumption.id}

    def _record_visit(self, lines):
        """The consumption record of a checked-out order: one line per line served."""
        self.ensure_one()
        # The waiter may have no right on consumption records: the checkout writes it for them.
        return (
            self.env["fuxi.consumption"]
            .sudo()
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "room_id": self.room_id.id,
                    "guest_count": self.guest_count,
                    "date": self.opened_at,
                    "waiter_id": self.user_id.id,
                    "origin": "frontdesk",
                    "reservation_id": self.reservation_id.id,
                    "company_id": self.company_id.id,
                    "note": self.note or False,
                    "line_ids": [(0, 0, line._consumption_line_vals()) for line in lines],
                }
            )
        )

    def _checkout_reservation(self, consumption):
        if self.reservation_id:
            self.reservation_id.sudo().write({"state": "arrived", "consumption_id": consumption.id})

    @api.model
    def _cron_record_visits(self, limit=100):
        """Write the visits of the checkouts that left them to this job (the cashier's
        settle: the guest's payment commits without waiting for the visit, its lines and
        the statistics' buckets). The orders are locked, skipping those another cron worker
        holds, so that no visit is written twice; one that fails stays pending (logged), goes
        behind the others and does not stop them. Answers the number of visits written."""
        # a checkout of this transaction not flushed yet is pending too (the SQL reads the
        # table, not the ORM's cache)
        self.flush_model(["visit_pending", "visit_attempts"])
        self.env.cr.execute(
            """SELECT id FROM fuxi_frontdesk_order WHERE visit_pending
                ORDER BY COALESCE(visit_attempts, 0), id LIMIT %s FOR UPDATE SKIP LOCKED""",
            [limit],
        )
        orders = self.browse([row[0] for row in self.env.cr.fetchall()])
        Lang = self.env["res.lang"]
        done = 0
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    # in the language of the table's waiter, as a checkout on their screen
                    # writes it: the job's context has none (a comped dish's note would
                    # read "Comped: ..." in a Chinese restaurant); a language no longer
                    # active is not one (the visit would never be written)
                    lang = Lang._get_code(order.user_id.lang) or None
                    visit_order = order.with_context(lang=lang)
                    lines = visit_order.line_ids.filtered(lambda line: line.state == "sent")
                    consumption = visit_order._record_visit(lines)
                    order.write({"consumption_id": consumption.id, "visit_pending": False})
                    order._checkout_reservation(consumption)
                done += 1
            except Exception:
                _logger.exception("The visit of order %s could not be written", order.name)
                # to the back of the queue (the savepoint undid everything else)
                self.env.cr.execute(
                    """UPDATE fuxi_frontdesk_order
                          SET visit_attempts = COALESCE(visit_attempts, 0) + 1 WHERE id = %s""",
                    [order.id],
                )
                order.invalidate_recordset(["visit_attempts"])
        remaining = 0
        if len(orders) == limit:
            # what is left after this batch (the visits written are no longer pending), not
            # counting the ones that failed: the runner would call the job again for them
            self.env.cr.execute(
                """SELECT COUNT(*) FROM fuxi_frontdesk_order
                    WHERE visit_pending AND COALESCE(visit_attempts, 0) = 0"""
            )
            remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def action_cancel_order(self, reason=""):
        """Free a table opened by mistake, or whose every dish sent was voided (with a
        reason as soon as something was ordered). Its tickets close on every kitchen
        screen, marked cancelled."""
        self.ensure_one()
        self._check_frontdesk_user()
        self._lock()
        self._check_open()
        if self.line_ids.filtered(lambda line: line.state == "sent"):
            raise UserError(
                self.env._("Dishes were sent to the kitchen: void them or check out the table.")
            )
        reason = str(reason or "").strip()[:200]
        if self.line_ids and not reason:
            raise UserError(self.env._("Say why the table is freed: dishes were ordered."))
        tickets = self._closable_tickets()
        self.line_ids.filtered(lambda line: line.state == "draft").unlink()
        now = fields.Datetime.now()
        self.write({"state": "cancel", "closed_at": now, "note": reason or self.note})
        if tickets:
            tickets.write({"state": "cancel", "bumped_at": now, "cancel_reason": reason})
            tickets._notify_kitchen()
        self._log_event("cancel", reason=reason or False)
        self._notify_frontdesk()
        return self._order_payload()

    def action_print_prebill(self):
        self.ensure_one()
        action = self.env.ref("fuxi_frontdesk.action_report_prebill").report_action(self)
        # plain values for XML-RPC clients (which cannot receive None)
        return {key: value for key, value in action.items() if value is not None}
