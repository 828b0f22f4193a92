import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

KITCHEN_GROUP = "fuxi_frontdesk.group_fuxi_kitchen"
FRONTDESK_GROUP = "fuxi_frontdesk.group_fuxi_frontdesk_viewer"
MAX_LINES_PER_CALL = 200
MAX_QUANTITY = 999


def _clean_uid(value, what):
    """Client-made ids (idempotency keys): short printable strings."""
    if not isinstance(value, str) or not 8 <= len(value) <= 64 or not value.isprintable():
        raise ValidationError(what)
    return value


class FuxiFrontdeskOrder(models.Model):
    """An open table at the front desk: the guests, the lines ordered and sent to the kitchen.

    Every change comes through a method taking client-made ids (line uid, send uid), so a
    request repeated after a network failure or sent from two screens at once never loses
    nor duplicates a line or a ticket. Checkout writes the consumption record.
    """

    _name = "fuxi.frontdesk.order"
    _description = "Front Desk Order"
    _order = "opened_at desc, id desc"

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
        # one open order per table: the guard that makes two screens share one order
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS fuxi_frontdesk_order_one_open_per_room
               ON fuxi_frontdesk_order (room_id) WHERE state = 'open'"""
        )

    @api.depends("line_ids.subtotal", "line_ids.state")
    def _compute_amount_total(self):
        for order in self:
            order.amount_total = sum(
                order.line_ids.filtered(lambda line: line.state != "void").mapped("subtotal")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("fuxi.frontdesk.order") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------- helpers
    def _lock(self):
        """Serialise the changes of one order (two screens, retried requests).

        An UPDATE, not a SELECT FOR UPDATE: a request that waited here for another one to
        commit then fails with a serialisation error, and Odoo replays it on a fresh
        snapshot in which it sees the other request's lines.
        """
        self.env.cr.execute(
            SQL(
                "UPDATE fuxi_frontdesk_order SET write_date = write_date WHERE id IN %s",
                tuple(self.ids),
            )
        )

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
        if not self.env.user.has_group("fuxi_frontdesk.group_fuxi_frontdesk_user"):
            raise UserError(self.env._("Only front desk staff can take orders."))

    @api.model
    def _check_guest_count(self, value):
        try:
            guest_count = int(value)
        except (TypeError, ValueError):
            guest_count = 0
        if not 1 <= guest_count <= 500:
            raise UserError(self.env._("The number of guests must be between 1 and 500."))
        return guest_count

    @api.model
    def _frontdesk_currency(self):
        currency = self.env.company.currency_id
        return {
            "symbol": currency.symbol or "",
            "position": currency.position or "before",
            "digits": currency.decimal_places,
        }

    def _notify_frontdesk(self):
        """Tell every front desk screen that these orders changed (sent at commit)."""
        group = self.env.ref(FRONTDESK_GROUP)
        for order in self:
            self.env["bus.bus"]._sendone(
                group, "fuxi_frontdesk/order", {"order_id": order.id, "room_id": order.room_id.id}
            )

    # ------------------------------------------------------------- reading
    def _order_payload(self):
        self.ensure_one()
        partner = self.partner_id
        return {
            "id": self.id,
            "name": self.name,
            "room": {"id": self.room_id.id, "name": self.room_id.display_name},
            "partner": partner
            and {
                "id": partner.id,
                "name": partner.name,
                "code": partner.ref or "",
                "is_vip": partner.customer_class_id.code == "vip",
                "taboos": partner.taboo_ids.mapped("name"),
            },
            "guest_count": self.guest_count,
            "state": self.state,
            "opened_at": fields.Datetime.to_string(self.opened_at),
            "amount_total": self.amount_total,
            "lines": [line._line_payload() for line in self.line_ids],
            "tickets": [
                {
                    "id": ticket.id,
                    "name": ticket.name,
                    "station": ticket.station,
                    "state": ticket.state,
                }
                for ticket in self.ticket_ids
            ],
            "write_date": fields.Datetime.to_string(self.write_date),
        }

    def read_order(self):
        """The order as the front desk screen shows it."""
        self.ensure_one()
        return self._order_payload()

    @api.model
    def frontdesk_floor(self, hours=4):
        """Every active room/table with its status, for the floor view."""
        now = fields.Datetime.now()
        hours = min(max(int(hours or 4), 1), 24)
        rooms = self.env["fuxi.room"].search([("active", "=", True)])
        orders = self.search([("state", "=", "open"), ("room_id", "in", rooms.ids)])
        order_by_room = {order.room_id.id: order for order in orders}
        waiting = {
            ticket.order_id.id
            for ticket in self.env["fuxi.kitchen.ticket"].search(
                [("order_id", "in", orders.ids), ("state", "in", ("new", "cooking"))]
            )
        }
        # sudo: the front desk sees the bookings of the next hours (time, room, guest, subject)
        # without rights on the reservation records themselves
        reservations = (
            self.env["fuxi.reservation"]
            .sudo()
            .search(
                [
                    ("state", "in", ("booked", "confirmed")),
                    ("stop", ">", now),
                    ("start", "<", now + timedelta(hours=hours)),
                ],
                order="start",
            )
        )
        booked_by_room = {}
        for reservation in reservations:
            booked_by_room.setdefault(reservation.room_id.id, reservation)
        result = []
        for room in rooms:
            order = order_by_room.get(room.id)
            reservation = booked_by_room.get(room.id)
            if order:
                status = "waiting" if order.id in waiting else "occupied"
            elif reservation:
                status = "reserved"
            else:
                status = "free"
            result.append(
                {
                    "id": room.id,
                    "name": room.name,
                    "code": room.code or "",
                    "kind": room.kind,
                    "area": room.area or "",
                    "capacity": room.capacity,
                    "status": status,
                    "order": order
                    and {
                        "id": order.id,
                        "name": order.name,
                        "guest_count": order.guest_count,
                        "opened_at": fields.Datetime.to_string(order.opened_at),
                        "amount_total": order.amount_total,
                        "partner_name": order.partner_id.name or "",
                    },
                    "reservation": reservation
                    and {
                        "id": reservation.id,
                        "start": fields.Datetime.to_string(reservation.start),
                        "subject": reservation.subject,
                        "partner_id": reservation.partner_id.id,
                        "partner_name": reservation.partner_id.name
                        or reservation.contact_name
                        or "",
                        "party_size": reservation.party_size,
                    },
                }
            )
        return {
            "rooms": result,
            "reservations": [
                {
                    "id": reservation.id,
                    "start": fields.Datetime.to_string(reservation.start),
                    "room": reservation.room_id.display_name or "",
                    "subject": reservation.subject,
                    "partner_name": reservation.partner_id.name or reservation.contact_name or "",
                    "party_size": reservation.party_size,
                }
                for reservation in reservations
            ],
        }

    @api.model
    def frontdesk_load(self):
        """Everything the front desk screen needs at start: floor, menu, currency."""
        Template = self.env["product.template"]
        dishes = Template.search(
            [("is_fuxi_dish", "=", True), ("sale_ok", "=", True)],
            order="fuxi_category_id, default_code, name",
        )
        categories = dishes.fuxi_category_id
        return {
            **self.frontdesk_floor(),
            "categories": [
                {"id": category.id, "name": category.complete_name} for category in categories
            ],
            "dishes": [
                {
                    "id": dish.product_variant_id.id,
                    "template_id": dish.id,
                    "name": dish.name,
                    "code": dish.default_code or "",
                    "price": dish.list_price,
                    "category_id": dish.fuxi_category_id.id,
                    "station": dish.fuxi_station,
                    "kind": dish.fuxi_kind,
                    "is_new": dish.fuxi_is_new,
                    "has_image": bool(dish.image_128),
                    "allergens": dish.fuxi_allergen_ids.mapped("name"),
                }
                for dish in dishes
                if dish.product_variant_id
            ],
            "currency": self._frontdesk_currency(),
            "can_order": self.env.user.has_group("fuxi_frontdesk.group_fuxi_frontdesk_user"),
        }

    @api.model
    def search_guests(self, term, limit=8):
        """Guests by name, phone or code for the 'identify guest' box."""
        term = (term or "").strip()
        if len(term) < 1 or len(term) > 64:
            return []
        domain = [
            ("is_fuxi_customer", "=", True),
            "|",
            "|",
            "|",
            ("name", "ilike", term),
            ("ref", "=ilike", term + "%"),
            ("phone", "ilike", term),
            ("mobile", "ilike", term),
        ]
        partners = self.env["res.partner"].search(domain, limit=min(int(limit or 8), 20))
        return [
            {
                "id": partner.id,
                "name": partner.name,
                "code": partner.ref or "",
                "phone": partner.mobile or partner.phone or "",
                "is_vip": partner.customer_class_id.code == "vip",
            }
            for partner in partners
        ]

    # ------------------------------------------------------------- actions
    @api.model
    def open_table(self, room_id, partner_id=False, guest_count=1, reservation_id=False):
        """Open a table, or return the order already open on it (two screens, one order)."""
        self._check_frontdesk_user()
        room = self.env["fuxi.room"].browse(int(room_id)).exists()
        if not room:
            raise UserError(self.env._("This room or table does not exist any more."))
        guest_count = self._check_guest_count(guest_count)
        # two screens opening the same table at once: the second one waits here, is replayed
        # (serialisation error) and then joins the order the first one opened
        self.env.cr.execute(
            SQL("UPDATE fuxi_room SET write_date = write_date WHERE id = %s", room.id)
        )
        order = self.search([("room_id", "=", room.id), ("state", "=", "open")], limit=1)
        if order:
            return order._order_payload()
        reservation = self.env["fuxi.reservation"].sudo()
        if reservation_id:
            reservation = reservation.browse(int(reservation_id)).exists()
            if reservation and not partner_id:
                partner_id = reservation.partner_id.id
        order = self.create(
            {
                "room_id": room.id,
                "partner_id": int(partner_id) if partner_id else False,
                "guest_count": guest_count,
                "reservation_id": reservation.id,
            }
        )
        if reservation and reservation.state in ("booked", "confirmed"):
            reservation.sudo().state = "arrived"
        order._notify_frontdesk()
        return order._order_payload()

    def set_guest(self, partner_id=False, guest_count=None):
        self.ensure_one()
        self._check_frontdesk_user()
        self._check_open()
        vals = {}
        if partner_id is not None:
            partner = self.env["res.partner"].browse(int(partner_id or 0)).exists()
            vals["partner_id"] = partner.id
        if guest_count is not None:
            vals["guest_count"] = self._check_guest_count(guest_count)
        self.write(vals)
        self._notify_frontdesk()
        return self._order_payload()

    def add_lines(self, lines):
        """Add lines: [{uid, product_id, quantity, note}]. A uid already added is skipped,
        so a repeated request (retry, second screen) never duplicates a line."""
        self.ensure_one()
        self._check_frontdesk_user()
        if not isinstance(lines, list) or not lines or len(lines) > MAX_LINES_PER_CALL:
            raise UserError(self.env._("Send between 1 and %s lines at once.", MAX_LINES_PER_CALL))
        self._lock()
        self._check_open()
        existing = set(self.line_ids.mapped("client_uid"))
        vals_list = []
        for line in lines:
            if not isinstance(line, dict):
                raise UserError(self.env._("A line must be an object."))
            uid = _clean_uid(line.get("uid"), self.env._("Each line needs its client id."))
            if uid in existing:
                continue
            existing.add(uid)
            product = self.env["product.product"].browse(int(line.get("product_id") or 0)).exists()
            if not product or not product.is_fuxi_dish:
                raise UserError(self.env._("Pick a dish or a drink of the menu."))
            try:
                quantity = float(line.get("quantity", 1))
            except (TypeError, ValueError):
                quantity = 0
            if not 0 < quantity <= MAX_QUANTITY:
                raise UserError(
                    self.env._("The quantity must be more than 0 and at most %s.", MAX_QUANTITY)
                )
            note = (line.get("note") or "").strip()[:200]
            vals_list.append(
                {
                    "order_id": self.id,
                    "client_uid": uid,
                    "product_id": product.id,
                    "quantity": quantity,
                    "note": note,
                    "price_unit": product.lst_price,
                }
            )
        if vals_list:
            self.env["fuxi.frontdesk.order.line"].create(vals_list)
            self._notify_frontdesk()
        return self._order_payload()

    def action_send(self, send_uid=None):
        """Send the lines not yet sent to the kitchen: one ticket per station.

        The same send_uid sent twice (a retry after a lost answer) creates nothing more.
        """
        self.ensure_one()
        self._check_frontdesk_user()
        send_uid = _clean_uid(
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
        tickets = Ticket
        for station in ("hot", "cold", "bar"):
            station_lines = to_send.filtered(lambda line, s=station: line.station == s)
            if station_lines:
                tickets |= Ticket.create(
                    {
                        "order_id": self.id,
                        "station": station,
                        "send_uid": send_uid,
                        "line_ids": [(6, 0, station_lines.ids)],
                    }
                )
        to_send.write({"state": "sent"})
        tickets._notify_kitchen()
        self._notify_frontdesk()
        return self._order_payload()

    def action_checkout(self):
        """Close the table: one consumption record with every line served, table freed."""
        self.ensure_one()
        self._check_frontdesk_user()
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
        # The waiter may have no right on consumption records: the checkout writes it for them.
        consumption = (
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
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": line.product_id.id,
                                "quantity": line.quantity,
                                "price_unit": line.price_unit,
                                "note": line.note or False,
                            },
                        )
                        for line in lines
                    ],
                }
            )
        )
        if self.reservation_id:
            self.reservation_id.sudo().write({"state": "arrived", "consumption_id": consumption.id})
        open_tickets = self.ticket_ids.filtered(lambda t: t.state != "served")
        if open_tickets:
            open_tickets.write({"state": "served", "bumped_at": fields.Datetime.now()})
            open_tickets._notify_kitchen()
        self.write(
            {"state": "done", "closed_at": fields.Datetime.now(), "consumption_id": consumption.id}
        )
        self._notify_frontdesk()
        return {"order": self._order_payload(), "consumption_id": consumption.id}

    def action_cancel_order(self, reason=""):
        """Free a table opened by mistake; only when nothing was sent to the kitchen."""
        self.ensure_one()
        self._check_frontdesk_user()
        self._lock()
        self._check_open()
        if self.line_ids.filtered(lambda line: line.state == "sent"):
            raise UserError(
                self.env._("Dishes were sent to the kitchen: void them or check out the table.")
            )
        self.line_ids.filtered(lambda line: line.state == "draft").unlink()
        self.write(
            {"state": "cancel", "closed_at": fields.Datetime.now(), "note": reason or self.note}
        )
        self._notify_frontdesk()
        return self._order_payload()

    def action_print_prebill(self):
        self.ensure_one()
        return self.env.ref("fuxi_frontdesk.action_report_prebill").report_action(self)

    @api.model
    def _cron_cancel_stale_empty_orders(self):
        """Tables opened more than a day ago with nothing ordered are freed."""
        stale = self.search(
            [("state", "=", "open"), ("opened_at", "<", fields.Datetime.now() - timedelta(days=1))]
        ).filtered(lambda order: not order.line_ids)
        stale.write({"state": "cancel", "closed_at": fields.Datetime.now()})
        stale._notify_frontdesk()

    # ------------------------------------------------------------- demo
    @api.model
    def _fuxi_create_demo_orders(self):
        """A few open tables for the demo database (called once from demo data)."""

        def ref(xmlid):
            return self.env.ref(xmlid, raise_if_not_found=False)

        def dish(xmlid):
            template = ref(f"fuxi_knowledge.{xmlid}")
            return template and template.product_variant_id.id

        plans = [
            (
                "fuxi_tracking.room_tingtao_demo",
                "fuxi_customer.customer_zhou_wenhua_demo",
                8,
                [
                    ("dish_xihu_fish_demo", 1, ""),
                    ("dish_dongpo_pork_demo", 2, ""),
                    ("dish_longjing_shrimp_demo", 1, "少盐"),
                    ("dish_drunken_chicken_demo", 1, ""),
                    ("dish_shaoxing_wine_demo", 2, "温一下"),
                ],
                True,
            ),
            (
                "fuxi_tracking.table_a2_demo",
                "fuxi_customer.customer_sun_lihong_demo",
                3,
                [
                    ("dish_mapo_tofu_demo", 1, "少辣"),
                    ("dish_fried_rice_demo", 2, "不要葱"),
                    ("dish_longjing_tea_demo", 1, ""),
                ],
                True,
            ),
            (
                "fuxi_tracking.table_b1_demo",
                False,
                2,
                [("dish_xiaolongbao_demo", 2, ""), ("dish_wonton_soup_demo", 1, "不要香菜")],
                False,
            ),
        ]
        admin = self.env.ref("base.user_admin")
        Order = self.with_user(admin)
        for room_xmlid, partner_xmlid, guests, lines, send in plans:
            room = ref(room_xmlid)
            partner = partner_xmlid and ref(partner_xmlid)
            if not room or Order.search_count([("room_id", "=", room.id), ("state", "=", "open")]):
                continue
            payload = Order.open_table(room.id, partner.id if partner else False, guests)
            order = Order.browse(payload["id"])
            order.add_lines(
                [
                    {
                        "uid": f"demo-{order.id}-{index}",
                        "product_id": dish(xmlid),
                        "quantity": qty,
                        "note": note,
                    }
                    for index, (xmlid, qty, note) in enumerate(lines)
                    if dish(xmlid)
                ]
            )
            if send:
                order.action_send(f"demo-send-{order.id}")
        served = Order.search(
            [("room_id", "=", ref("fuxi_tracking.room_tingtao_demo").id)], limit=1
        )
        cold = served.ticket_ids.filtered(lambda ticket: ticket.station == "cold")
        for _step in range(2):
            cold.action_bump()
