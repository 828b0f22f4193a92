from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.fuxi_knowledge.models.fuxi_kitchen_station import station_selection

from .fuxi_frontdesk_order import KITCHEN_GROUP, group_id, kitchen_locale

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
    # precomputed: stored with the ticket's insert, not by an UPDATE after it (send path)
    room_id = fields.Many2one(
        related="order_id.room_id", store=True, precompute=True, string="Room / Table"
    )
    partner_id = fields.Many2one(related="order_id.partner_id", string="Customer")
    station = fields.Selection(
        selection=station_selection, required=True, index=True, readonly=True
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("cooking", "Cooking"),
            ("ready", "Ready"),
            ("served", "Served"),
            ("cancel", "Cancelled"),
        ],
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
    fired_at = fields.Datetime(
        readonly=True, help="When held dishes of the ticket were fired (起菜)."
    )
    rush_count = fields.Integer(string="Rushed", readonly=True)
    rushed_at = fields.Datetime(readonly=True)
    cancel_reason = fields.Char(readonly=True)
    checked_out = fields.Boolean(
        readonly=True, help="Closed by the table's checkout before the kitchen served it."
    )

    _sql_constraints = [
        (
            "send_station_uniq",
            "unique(order_id, send_uid, station)",
            "This send already made a ticket for this station.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        # a send numbers its tickets (one per station) from one lookup of the sequence, not
        # one per ticket (next_by_code searches it each time)
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        if len(unnamed) > 1:
            Sequence = self.env["ir.sequence"]
            Sequence.browse().check_access("read")
            sequence = Sequence.search(
                [
                    ("code", "=", self._fuxi_sequence_code),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
            for vals in unnamed if sequence else []:
                vals["name"] = sequence._next()
        return super().create(vals_list)

    def _is_rushed(self):
        self.ensure_one()
        return bool(self.rush_count) and self.state in ("new", "cooking")

    def _is_held(self):
        """Every dish still to cook on the ticket is held (叫起)."""
        self.ensure_one()
        live = self.line_ids.filtered(lambda line: line.state == "sent")
        return bool(live) and all(live.mapped("hold"))

    def _kitchen_line_payload(self, line):
        return {
            "id": line.id,
            "name": line.product_id.name,
            "quantity": line.quantity,
            "note": line.note or "",
            "void": line.state == "void",
            "void_reason": line.void_reason or "",
            "void_quantity": line.quantity if line.state == "void" else 0,
            "done": line.kitchen_done,
            "course": line.course or False,
            "held": line.hold,
            "rushed": bool(line.rush_count),
            "rush_count": line.rush_count,
            "served": line.served,
            **line._kitchen_details(),
        }

    def _served_at_table(self):
        """Every dish still on the ticket was marked served by the front desk (划菜)."""
        self.ensure_one()
        live = self.line_ids.filtered(lambda line: line.state == "sent")
        return bool(live) and all(live.mapped("served"))

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
            "rushed": self._is_rushed(),
            "rush_count": self.rush_count,
            "rushed_at": fields.Datetime.to_string(self.rushed_at),
            "held": self._is_held(),
            "fired_at": fields.Datetime.to_string(self.fired_at),
            "cancelled": self.state == "cancel",
            "cancel_reason": self.cancel_reason or "",
            "checked_out": self.checked_out,
            "lines": [self._kitchen_line_payload(line) for line in self.line_ids],
        }

    @api.model
    def _kitchen_locales(self):
        """The (lang, tz) pairs of the active internal users with the Kitchen right (cooks,
        and the front desk staff, whose right implies it): the tickets are built once in
        each. One query: reading the users through the ORM loaded every user's and
        partner's whole row, on every send."""
        self.env["res.users"].flush_model(["active", "share", "partner_id", "groups_id"])
        self.env["res.partner"].flush_model(["lang", "tz"])
        self.env.cr.execute(
            """SELECT DISTINCT p.lang, p.tz
                 FROM res_groups_users_rel rel
                 JOIN res_users u ON u.id = rel.uid
                 JOIN res_partner p ON p.id = u.partner_id
                WHERE rel.gid = %s AND u.active AND u.share IS NOT TRUE""",
            [group_id(self.env, KITCHEN_GROUP)],
        )
        return sorted({kitchen_locale(lang, tz) for lang, tz in self.env.cr.fetchall()})

    @api.model
    def _kitchen_channel(self, lang, tz):
        """The bus channel of the kitchen screens of one language and time zone: every
        kitchen user's websocket subscribes to the one of their own (see ir.websocket).
        A record channel: a browser cannot subscribe to it by naming it."""
        lang, tz = kitchen_locale(lang, tz)
        group = self.env["res.groups"].browse(group_id(self.env, KITCHEN_GROUP))
        return (group, f"fuxi_kitchen/{lang}/{tz}")

    def _notify_kitchen(self):
        """Push the tickets to the kitchen screens and the front desks (sent at commit), each
        built in its readers' language (the taboos and the room are translated names): once
        per ticket and language/time zone, on that language's channel. One bus row per
        ticket and language, not per ticket and reader: with twenty desks and a cook, a
        send of three stations wrote sixty-six rows, each built, dumped and inserted."""
        if not self:
            return
        Bus = self.env["bus.bus"]
        for lang, tz in self._kitchen_locales():
            # sudo as before: a cook's bump tells the front desks, who see the same ticket
            tickets = self.sudo().with_context(lang=lang, tz=tz)
            channel = tickets._kitchen_channel(lang, tz)
            for ticket in tickets:
                Bus._sendone(channel, "fuxi_kitchen/ticket", ticket._ticket_payload())

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
            ("state", "not in", ("served", "cancel")),
            ("bumped_at", ">", fields.Datetime.now() - timedelta(minutes=15)),
        ]
        stations = self.env["fuxi.kitchen.station"].fuxi_stations()
        if station:
            if station not in {item["code"] for item in stations}:
                raise UserError(self.env._("Unknown station: %s", station))
            domain.append(("station", "=", station))
        tickets = self.search(domain, order="sent_at, id", limit=300)
        # rushed tickets first, then by age (a fired ticket counts from its firing)
        tickets = tickets.sorted(
            lambda ticket: (
                not ticket._is_rushed(),
                ticket.fired_at or ticket.sent_at,
                ticket.id,
            )
        )
        warn, late = self._kitchen_delays()
        return {
            "tickets": [ticket._ticket_payload() for ticket in tickets],
            "stations": stations,
            "warn_minutes": warn,
            "late_minutes": late,
            "all_day": self.kitchen_all_day(station),
            "server_time": fields.Datetime.to_string(fields.Datetime.now()),
        }

    def action_bump(self):
        """Move the tickets one step: new → cooking → ready → served."""
        self._check_kitchen()
        for ticket in self:
            if ticket.state == "cancel":
                raise UserError(self.env._("Ticket %s was cancelled.", ticket.name))
            if ticket.state not in NEXT_STATE:
                raise UserError(self.env._("Ticket %s was already served.", ticket.name))
            if ticket.state == "new" and ticket._is_held():
                raise UserError(
                    self.env._(
                        "Ticket %s is held: wait until the front desk fires it.", ticket.name
                    )
                )
            vals = {
                "state": NEXT_STATE[ticket.state],
                "bumped_at": fields.Datetime.now(),
                "bumped_by": self.env.uid,
            }
            if vals["state"] == "ready":
                ticket.line_ids.filtered(
                    lambda line: line.state == "sent" and not line.hold
                ).kitchen_done = True
            ticket.write(vals)
        self._notify_kitchen()
        # sudo: a cook tells the front desks without having a right on their orders
        self.order_id.sudo()._notify_frontdesk()
        return [ticket._ticket_payload() for ticket in self]

    @api.model
    def action_recall(self, station=False):
        """Undo the last bump (of this station): the ticket goes one step back."""
        self._check_kitchen()
        domain = [("bumped_at", "!=", False), ("state", "not in", ("new", "cancel"))]
        if station:
            domain.append(("station", "=", str(station)))
        # the kitchen's own last bump: not a ticket the front desk closed (every dish
        # served at the table, or the table checked out before the kitchen served it)
        ticket = self.search(domain, order="bumped_at desc, id desc", limit=20).filtered(
            lambda ticket: not ticket.checked_out
            and not (ticket.state == "served" and ticket._served_at_table())
        )[:1]
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
        if not line or line.state != "sent" or self.state == "cancel":
            raise UserError(self.env._("This line is not on the ticket any more."))
        if line.hold and not line.kitchen_done:
            raise UserError(
                self.env._("%s is held: wait until the front desk fires it.", line.product_id.name)
            )
        line.kitchen_done = not line.kitchen_done
        live = self.line_ids.filtered(lambda item: item.state == "sent" and not item.hold)
        if self.state in ("new", "cooking") and all(live.mapped("kitchen_done")):
            self.write(
                {"state": "ready", "bumped_at": fields.Datetime.now(), "bumped_by": self.env.uid}
            )
        elif self.state == "new":
            self.state = "cooking"
        self._notify_kitchen()
        self.order_id.sudo()._notify_frontdesk()
        return self._ticket_payload()

    @api.model
    def kitchen_all_day(self, station=False):
        """The all-day count (总数) of a station: per dish, the quantity still to cook —
        sent, not held, not ready nor served — biggest first."""
        self._check_kitchen()
        domain = [
            ("state", "=", "sent"),
            ("hold", "=", False),
            ("kitchen_done", "=", False),
            ("served", "=", False),
            ("ticket_id.state", "in", ("new", "cooking")),
        ]
        if station:
            codes = {item["code"] for item in self.env["fuxi.kitchen.station"].fuxi_stations()}
            if station not in codes:
                raise UserError(self.env._("Unknown station: %s", station))
            domain.append(("ticket_id.station", "=", station))
        lines = self.env["fuxi.frontdesk.order.line"].search(domain)
        counts = {}
        for line in lines:
            counts[line.product_id] = counts.get(line.product_id, 0.0) + line.quantity
        return [
            {"product_id": product.id, "name": product.name, "quantity": quantity}
            for product, quantity in sorted(
                counts.items(), key=lambda item: (-item[1], item[0].name or "")
            )
        ]
