import re
from datetime import timedelta

from odoo import api, fields, models

_DIGITS = re.compile(r"(\d+)")


def natural_key(text):
    """Sort key reading the numbers in a name as numbers: 桌 2 before 桌 10."""
    return [
        int(part) if index % 2 else part.casefold()
        for index, part in enumerate(_DIGITS.split(text or ""))
    ]


class FuxiFrontdeskOrder(models.Model):
    """What the front desk screen shows, as plain values (dicts, lists, str, numbers and
    False, never a recordset or None: the screens and XML-RPC clients read them)."""

    _inherit = "fuxi.frontdesk.order"

    def _partner_payload(self):
        """The order's guest, or False for a walk-in guest."""
        self.ensure_one()
        partner = self.partner_id
        if not partner:
            return False
        return {
            "id": partner.id,
            "name": partner.name or "",
            "code": partner.ref or "",
            "is_vip": partner.is_fuxi_vip,
            "taboos": partner.taboo_ids.mapped("name"),
        }

    def _order_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "room": {"id": self.room_id.id, "name": self.room_id.display_name},
            "partner": self._partner_payload(),
            "guest_count": self.guest_count,
            "state": self.state,
            "opened_at": fields.Datetime.to_string(self.opened_at),
            "amount_total": self.amount_total,
            "currency_id": self.currency_id.id,
            "lines": [line._line_payload() for line in self.line_ids],
            "tickets": [
                {
                    "id": ticket.id,
                    "name": ticket.name,
                    "station": ticket.station,
                    "state": ticket.state,
                    "rushed": ticket._is_rushed(),
                    "rush_count": ticket.rush_count,
                    "held": ticket._is_held(),
                    "cancelled": ticket.state == "cancel",
                }
                for ticket in self.ticket_ids
            ],
            "split_from_id": self.split_from_id.id,
            "merged_into_id": self.merged_into_id.id,
            "bills": self._bills_payload(),
            "history": [
                event._event_payload()
                for event in self.event_ids.sorted(
                    lambda event: (event.date, event.id), reverse=True
                )[:30]
            ],
            "write_date": fields.Datetime.to_string(self.write_date),
        }

    def _bills_payload(self):
        """The open bills of this order's table when it has several (split), else []."""
        self.ensure_one()
        if self.state != "open":
            return []
        bills = self._table_bills()
        if len(bills) < 2:
            return []
        return [
            {"id": bill.id, "name": bill.name, "amount_total": bill.amount_total} for bill in bills
        ]

    @api.model
    def _floor_rooms(self):
        """The active rooms and tables in floor order: by sequence, then by name read
        naturally (桌 2 before 桌 10)."""
        rooms = self.env["fuxi.room"].search([("active", "=", True)])
        return rooms.sorted(lambda room: (room.sequence, natural_key(room.name)))

    @api.model
    def _upcoming_reservations(self, hours):
        now = fields.Datetime.now()
        # sudo: the front desk sees the bookings of the next hours (time, room, guest,
        # subject) without rights on the reservation records themselves — of the stores
        # (companies) the user works in, as the record rules would have it
        return (
            self.env["fuxi.reservation"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.env.companies.ids),
                    ("state", "in", ("booked", "confirmed")),
                    ("stop", ">", now),
                    ("start", "<", now + timedelta(hours=hours)),
                ],
                order="start",
            )
        )

    @api.model
    def _floor_payload(self, hours=4):
        """Every active room/table with its status, and the next reservations."""
        rooms = self._floor_rooms()
        orders = self.search([("state", "=", "open"), ("room_id", "in", rooms.ids)])
        bills_by_room = {}
        # the main bill first, then the bills split from it
        for order in orders.sorted(lambda order: (bool(order.split_from_id), order.id)):
            bills_by_room.setdefault(order.room_id.id, []).append(order)
        waiting = set(
            self.env["fuxi.kitchen.ticket"]
            .search([("order_id", "in", orders.ids), ("state", "in", ("new", "cooking"))])
            .order_id.ids
        )
        reservations = self._upcoming_reservations(hours)
        booked_by_room = {}
        for reservation in reservations:
            booked_by_room.setdefault(reservation.room_id.id, reservation)
        result = []
        for room in rooms:
            bills = bills_by_room.get(room.id, [])
            order = bills[0] if bills else False
            reservation = booked_by_room.get(room.id)
            if order:
                waits = any(bill.id in waiting for bill in bills)
                status = "waiting" if waits else "occupied"
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
                    "order": order._floor_order_payload() if order else False,
                    "bills": (
                        [
                            {"id": bill.id, "name": bill.name, "amount_total": bill.amount_total}
                            for bill in bills
                        ]
                        if len(bills) > 1
                        else []
                    ),
                    "reservation": (
                        self._floor_reservation_payload(reservation) if reservation else False
                    ),
                }
            )
        return {
            "rooms": result,
            "reservations": [
                {
                    "id": reservation.id,
                    "start": fields.Datetime.to_string(reservation.start),
                    "room": reservation.room_id.display_name or "",
                    "subject": reservation.subject or "",
                    "partner_name": reservation.partner_id.name or reservation.contact_name or "",
                    "party_size": reservation.party_size,
                }
                for reservation in reservations
            ],
        }

    def _floor_order_payload(self):
        self.ensure_one()
        return {
            "id": self.id,
            "name": self.name,
            "guest_count": self.guest_count,
            "opened_at": fields.Datetime.to_string(self.opened_at),
            "amount_total": self.amount_total,
            "partner_name": self.partner_id.name or "",
        }

    @api.model
    def _floor_reservation_payload(self, reservation):
        return {
            "id": reservation.id,
            "start": fields.Datetime.to_string(reservation.start),
            "subject": reservation.subject or "",
            "partner_id": reservation.partner_id.id,
            "partner_name": reservation.partner_id.name or reservation.contact_name or "",
            "party_size": reservation.party_size,
        }

    @api.model
    def _menu_payload(self):
        """The dishes and drinks on sale, by category, with how each is ordered: price mode
        (fixed, market price, by weight) and its bounds, course, portions and options."""
        dishes = self.env["product.template"].search(
            [("is_fuxi_dish", "=", True), ("sale_ok", "=", True)],
            order="fuxi_category_id, default_code, name",
        )
        return {
            "categories": [
                {"id": category.id, "name": category.complete_name}
                for category in dishes.fuxi_category_id
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
                    **dish._fuxi_ordering_payload(),
                }
                for dish in dishes
                if dish.product_variant_id
            ],
        }
