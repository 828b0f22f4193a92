import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from .fuxi_frontdesk_order import MAX_LINES_PER_CALL, clean_uid
from .fuxi_frontdesk_order_event import COURSE_CODES, COURSES


class FuxiFrontdeskOrderLine(models.Model):
    """A line's pace: its course, held (叫起) and fired (起菜), rushed (催菜), served (划菜)."""

    _inherit = "fuxi.frontdesk.order.line"

    course = fields.Selection(
        COURSES,
        compute="_compute_course",
        store=True,
        readonly=False,
        precompute=True,
        help="The course the dish is served in: held and fired together.",
    )
    hold = fields.Boolean(
        string="Held",
        readonly=True,
        help="Sent to the kitchen but not to be cooked before the front desk fires it (叫起).",
    )
    fired_at = fields.Datetime(readonly=True)
    rush_count = fields.Integer(string="Rushed", readonly=True)
    rushed_at = fields.Datetime(readonly=True)
    served = fields.Boolean(readonly=True, help="Marked served at the table (划菜).")
    served_at = fields.Datetime(readonly=True)

    @api.depends("product_id")
    def _compute_course(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            course = template["fuxi_course"] if "fuxi_course" in template._fields else False
            if course not in COURSE_CODES:
                course = "drink" if template.fuxi_kind == "drink" else "hot"
            line.course = course

    def _line_status(self):
        """draft / held / waiting / cooking / ready / served / void, as the waiter sees it."""
        self.ensure_one()
        if self.state in ("draft", "void"):
            return self.state
        ticket_state = self.ticket_id.state
        if self.served or ticket_state == "served":
            return "served"
        if self.hold:
            return "held"
        if self.kitchen_done or ticket_state == "ready":
            return "ready"
        if ticket_state == "cooking":
            return "cooking"
        return "waiting"

    def _line_payload(self):
        payload = super()._line_payload()
        payload.update(
            {
                "status": self._line_status(),
                "course": self.course or False,
                "hold": self.hold,
                "fired_at": fields.Datetime.to_string(self.fired_at),
                "rush_count": self.rush_count,
                "served": self.served,
            }
        )
        return payload

    # ------------------------------------------------------------- history of voids/comps
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        if not self.env.context.get("fuxi_no_line_event"):
            lines.filtered(lambda line: line.state == "void")._log_line_event("void")
            if "is_comp" in self._fields:
                lines.filtered("is_comp")._log_line_event("comp")
        return lines

    def write(self, vals):
        voiding = (
            self.filtered(lambda line: line.state != "void")
            if vals.get("state") == "void"
            else self.browse()
        )
        comping = self.browse()
        if vals.get("is_comp") and "is_comp" in self._fields:
            comping = self.filtered(lambda line: not line.is_comp)
        result = super().write(vals)
        if not self.env.context.get("fuxi_no_line_event"):
            voiding._log_line_event("void")
            comping._log_line_event("comp")
        return result

    def _log_line_event(self, kind):
        """Voids and comps in the table's history, whoever's verb made them."""
        for line in self:
            reason = line.void_reason if kind == "void" else line["comp_reason"]
            line.order_id._log_event(
                kind, product_id=line.product_id.id, quantity=line.quantity, reason=reason or False
            )


class FuxiFrontdeskOrder(models.Model):
    """The verbs of the pace of a table: hold, fire, rush, served."""

    _inherit = "fuxi.frontdesk.order"

    def _lines_of(self, line_ids):
        """The lines of this order named by the client (ids from the network)."""
        self.ensure_one()
        if not isinstance(line_ids, list | tuple) or len(line_ids) > MAX_LINES_PER_CALL:
            raise UserError(self.env._("Pick between 1 and %s lines.", MAX_LINES_PER_CALL))
        try:
            wanted = {int(line_id) for line_id in line_ids}
        except (TypeError, ValueError):
            wanted = {0}
        lines = self.line_ids.filtered(lambda line: line.id in wanted)
        if len(lines) != len(wanted):
            raise UserError(self.env._("Some of these lines are not on this bill any more."))
        return lines

    def _done_request(self, kind, request_uid):
        """The event of a request already applied (a retry), under the order's lock."""
        return (
            self.env["fuxi.frontdesk.order.event"]
            .sudo()
            .search([("kind", "=", kind), ("request_uid", "=", request_uid)], limit=1)
        )

    @api.model
    def _request_uid(self, request_uid):
        return clean_uid(
            request_uid or uuid.uuid4().hex, self.env._("The request needs its client id.")
        )

    def hold_lines(self, line_ids, hold=True):
        """Hold (叫起) or release lines not yet sent: held lines go to the kitchen marked
        held, to be cooked when the front desk fires them."""
        self.ensure_one()
        self._check_frontdesk_user()
        self._lock()
        self._check_open()
        lines = self._lines_of(line_ids)
        sent = lines.filtered(lambda line: line.state != "draft")
        if sent:
            raise UserError(
                self.env._(
                    "Already sent to the kitchen, fire or rush it instead: %s",
                    "、".join(sent.mapped("product_id.name")),
                )
            )
        lines.write({"hold": bool(hold)})
        self._notify_frontdesk()
        return self._order_payload()

    def fire(self, course=None, line_ids=None, request_uid=None):
        """Fire (起菜) the held lines of a course, or the lines named: the kitchen gets their
        tickets again, as new. Once per request_uid; firing what is not held does nothing."""
        self.ensure_one()
        self._check_frontdesk_user()
        request_uid = self._request_uid(request_uid)
        if course and course not in COURSE_CODES:
            raise UserError(self.env._("Unknown course: %s", course))
        self._lock()
        if self._done_request("fire", request_uid):
            return self._order_payload()  # a retry, even after the table closed
        self._check_open()
        lines = self.line_ids.filtered(lambda line: line.hold and line.state != "void")
        if course:
            lines = lines.filtered(lambda line: line.course == course)
        if line_ids:
            lines &= self._lines_of(line_ids)
        if not lines:
            return self._order_payload()  # fired already (another screen) or nothing held
        now = fields.Datetime.now()
        lines.write({"hold": False, "fired_at": now})
        tickets = lines.ticket_id
        for ticket in tickets:
            vals = {"fired_at": now}
            if ticket.state in ("ready", "served"):
                vals["state"] = "cooking"
            ticket.write(vals)
        self._log_event(
            "fire", request_uid=request_uid, course=course or False, line_count=len(lines)
        )
        tickets._notify_kitchen()
        self._notify_frontdesk()
        return self._order_payload()

    def rush(self, line_ids=None, ticket_ids=None, request_uid=None):
        """Rush (催菜) sent lines, tickets, or everything still cooking: the kitchen sees the
        tickets flagged and first. Once per request_uid."""
        self.ensure_one()
        self._check_frontdesk_user()
        request_uid = self._request_uid(request_uid)
        self._lock()
        if self._done_request("rush", request_uid):
            return self._order_payload()  # a retry, even after the table closed
        self._check_open()
        lines = self.line_ids.filtered(
            lambda line: line.state == "sent"
            and not line.hold
            and not line.kitchen_done
            and not line.served
            and line.ticket_id.state in ("new", "cooking")
        )
        if line_ids:
            lines &= self._lines_of(line_ids)
        if ticket_ids:
            try:
                wanted = {int(ticket_id) for ticket_id in ticket_ids}
            except (TypeError, ValueError):
                wanted = set()
            lines = lines.filtered(lambda line: line.ticket_id.id in wanted)
        if not lines:
            raise UserError(
                self.env._("Nothing to rush: these dishes are held, ready or served already.")
            )
        now = fields.Datetime.now()
        for line in lines:
            line.write({"rush_count": line.rush_count + 1, "rushed_at": now})
        tickets = lines.ticket_id
        for ticket in tickets:
            ticket.write({"rush_count": ticket.rush_count + 1, "rushed_at": now})
        self._log_event("rush", request_uid=request_uid, line_count=len(lines))
        tickets._notify_kitchen()
        self._notify_frontdesk()
        return self._order_payload()

    def mark_served(self, line_ids, served=True):
        """Mark dishes served at the table (划菜), or not served again. A ticket whose every
        dish is served leaves the kitchen screens."""
        self.ensure_one()
        self._check_frontdesk_user()
        self._lock()
        self._check_open()
        lines = self._lines_of(line_ids)
        unsent = lines.filtered(lambda line: line.state != "sent")
        if unsent:
            raise UserError(
                self.env._(
                    "Only dishes sent to the kitchen can be served: %s",
                    "、".join(unsent.mapped("product_id.name")),
                )
            )
        served = bool(served)
        lines = lines.filtered(lambda line: line.served != served)
        if not lines:
            return self._order_payload()
        now = fields.Datetime.now()
        lines.write({"served": served, "served_at": now if served else False})
        changed = self.env["fuxi.kitchen.ticket"]
        for ticket in lines.ticket_id:
            live = ticket.line_ids.filtered(lambda line: line.state == "sent")
            if served and ticket.state != "served" and all(live.mapped("served")):
                ticket.write({"state": "served", "bumped_at": now, "bumped_by": self.env.uid})
                changed |= ticket
            elif not served and ticket.state == "served":
                ticket.write({"state": "ready", "bumped_at": now})
                changed |= ticket
        if served:
            self._log_event("served", line_count=len(lines))
        changed._notify_kitchen()
        self._notify_frontdesk()
        return self._order_payload()
