from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.fuxi_knowledge.models.fuxi_kitchen_station import station_selection

from .fuxi_frontdesk_order import KITCHEN_GROUP

NEXT_STATE = {"new": "cooking", "cooking": "ready", "ready": "served"}
PREVIOUS_STATE = {value: key for key, value in NEXT_STATE.items()}


class FuxiKitchenTicket(models.Model):
    """What one send asks of one kitchen station (热菜/凉菜/酒水)."""

    _name = "fuxi.kitchen.ticket"
    _description = "Kitchen Ticket"
    _inherit = ["fuxi.sequence.mixin"]
    _order = "sent_at, id"
    _fuxi_sequence_code = "fuxi.kitchen.ticket"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    order_id = fields.Many2one(
        "fuxi.frontdesk.order", required=True, index=True, ondelete="cascade", readonly=True
    )
    room_id = fields.Many2one(related="order_id.room_id", store=True, string="Room / Table")
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    station = fields.Selection(
        selection=station_selection, required=True, index=True, readonly=True
    )
    state = fields.Selection(
        [("new", "New"), ("cooking", "Cooking"), ("ready", "Ready"), ("served", "Served")],
        default="new",
        required=True,
        index=True,
        readonly=True,
    )
    send_uid = fields.Char(readonly=True, index=True)
    sent_at = fields.Datetime(default=fields.Datetime.now, required=True, readonly=True)
    bumped_at = fields.Datetime(readonly=True)
    bumped_by = fields.Many2one("res.users", readonly=True)
    line_ids = fields.One2many("fuxi.frontdesk.order.line", "ticket_id", string="Lines")

    _sql_constraints = [
        (
            "send_station_uniq",
            "unique(order_id, send_uid, station)",
            "This send already made a ticket for this station.",
        ),
    ]

    def _ticket_payload(self):
        """The ticket as a kitchen screen shows it. A cook has no right on orders, guests'
        histories or bills: the few order and guest facts a ticket needs (table, party
        size, VIP, the guest's taboos) are read here with sudo, and nothing else."""
        self.ensure_one()
        order = self.order_id.sudo()
        return {
            "id": self.id,
            "name": self.name,
            "order_id": order.id,
            "room": order.room_id.display_name,
            "guest_count": order.guest_count,
            "partner_name": order.partner_id.name or "",
            "is_vip": order.partner_id.is_fuxi_vip,
            "taboos": order.partner_id.taboo_ids.mapped("name"),
            "station": self.station,
            "state": self.state,
            "sent_at": fields.Datetime.to_string(self.sent_at),
            "bumped_at": fields.Datetime.to_string(self.bumped_at),
            "order_open": order.state == "open",
            "lines": [
                {
                    "id": line.id,
                    "name": line.product_id.name,
                    "quantity": line.quantity,
                    "note": line.note or "",
                    "void": line.state == "void",
                    "void_reason": line.void_reason or "",
                    "done": line.kitchen_done,
                    **line._kitchen_details(),
                }
                for line in self.line_ids
            ],
        }

    def _notify_kitchen(self):
        """Push the tickets to the kitchen screens and the front desks (sent at commit), each
        built in its reader's language (the taboos and the room are translated names)."""
        users = (
            self.env.ref(KITCHEN_GROUP)
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        for ticket in self:
            users._fuxi_bus_send(
                "fuxi_kitchen/ticket",
                lambda env, ticket=ticket: ticket.with_env(env)._ticket_payload(),
            )

    def _check_kitchen(self):
        if not self.env.user.has_group(KITCHEN_GROUP):
            raise AccessError(self.env._("Only kitchen and front desk staff can bump tickets."))

    @api.model
    def _kitchen_delays(self):
        params = self.env["ir.config_parameter"]
        warn = params._fuxi_get_int("fuxi_frontdesk.kitchen_warn_minutes", 10, minimum=1)
        late = params._fuxi_get_int("fuxi_frontdesk.kitchen_late_minutes", 20, minimum=1)
        return warn, max(late, warn)

    @api.model
    def kitchen_load(self, station=False):
        """The tickets a kitchen screen shows: all not served, and those served in the
        last 15 minutes (so a bump can be recalled)."""
        domain = [
            "|",
            ("state", "!=", "served"),
            ("bumped_at", ">", fields.Datetime.now() - timedelta(minutes=15)),
        ]
        stations = self.env["fuxi.kitchen.station"].fuxi_stations()
        if station:
            if station not in {item["code"] for item in stations}:
                raise UserError(self.env._("Unknown station: %s", station))
            domain.append(("station", "=", station))
        tickets = self.search(domain, order="sent_at, id", limit=300)
        warn, late = self._kitchen_delays()
        return {
            "tickets": [ticket._ticket_payload() for ticket in tickets],
            "stations": stations,
            "warn_minutes": warn,
            "late_minutes": late,
            "server_time": fields.Datetime.to_string(fields.Datetime.now()),
        }

    def action_bump(self):
        """Move the tickets one step: new → cooking → ready → served."""
        self._check_kitchen()
        for ticket in self:
            if ticket.state not in NEXT_STATE:
                raise UserError(self.env._("Ticket %s was already served.", ticket.name))
            vals = {
                "state": NEXT_STATE[ticket.state],
                "bumped_at": fields.Datetime.now(),
                "bumped_by": self.env.uid,
            }
            if vals["state"] == "ready":
                ticket.line_ids.filtered(lambda line: line.state == "sent").kitchen_done = True
            ticket.write(vals)
        self._notify_kitchen()
        # sudo: a cook tells the front desks without having a right on their orders
        self.order_id.sudo()._notify_frontdesk()
        return [ticket._ticket_payload() for ticket in self]

    @api.model
    def action_recall(self, station=False):
        """Undo the last bump (of this station): the ticket goes one step back."""
        self._check_kitchen()
        domain = [("bumped_at", "!=", False), ("state", "!=", "new")]
        if station:
            domain.append(("station", "=", str(station)))
        ticket = self.search(domain, order="bumped_at desc, id desc", limit=1)
        if not ticket:
            raise UserError(self.env._("There is no bump to recall."))
        if ticket.order_id.sudo().state != "open" and ticket.state == "served":
            raise UserError(self.env._("The table of %s has checked out.", ticket.name))
        ticket.write({"state": PREVIOUS_STATE[ticket.state], "bumped_at": fields.Datetime.now()})
        if ticket.state != "ready":
            ticket.line_ids.kitchen_done = False
        ticket._notify_kitchen()
        ticket.order_id.sudo()._notify_frontdesk()
        return ticket._ticket_payload()

    def action_bump_line(self, line_id):
        """Mark one line of the ticket ready (or not ready again); all ready → ticket ready."""
        self.ensure_one()
        self._check_kitchen()
        try:
            line_id = int(line_id)
        except (TypeError, ValueError):
            line_id = 0
        line = self.line_ids.filtered(lambda item: item.id == line_id)
        if not line or line.state != "sent":
            raise UserError(self.env._("This line is not on the ticket any more."))
        line.kitchen_done = not line.kitchen_done
        live = self.line_ids.filtered(lambda item: item.state == "sent")
        if self.state in ("new", "cooking") and all(live.mapped("kitchen_done")):
            self.write(
                {"state": "ready", "bumped_at": fields.Datetime.now(), "bumped_by": self.env.uid}
            )
        elif self.state == "new":
            self.state = "cooking"
        self._notify_kitchen()
        self.order_id.sudo()._notify_frontdesk()
        return self._ticket_payload()
