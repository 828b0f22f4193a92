from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from . import escpos
from .fuxi_station_printer import KITCHEN_GROUP


def _quantity(value):
    return f"{value:g}"


class FuxiKitchenTicket(models.Model):
    _inherit = "fuxi.kitchen.ticket"

    print_job_ids = fields.One2many("fuxi.station.printer.job", "ticket_id", string="Print Jobs")

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._print_on_printers("kitchen")
        return tickets

    def _station_printers(self):
        """The active kitchen printers of the ticket's station in the order's company."""
        self.ensure_one()
        return self._printers_by_station().get(
            (self.station, self.order_id.sudo().company_id.id), self.env["fuxi.station.printer"]
        )

    def _printers_by_station(self):
        """{(station code, company id): printers} for these tickets, in one query: a send
        makes a ticket per station, and a search per ticket was a third of its queries."""
        tickets = self.sudo()
        # the fields a send reads, with the search: not a second query for the whole rows
        printers = (
            self.env["fuxi.station.printer"]
            .sudo()
            .search_fetch(
                [
                    ("usage", "=", "kitchen"),
                    ("kitchen_station_id.code", "in", list(set(tickets.mapped("station")))),
                    ("company_id", "in", tickets.order_id.company_id.ids),
                ],
                ["kitchen_station_id", "company_id", "reader_id", "lang", "status"],
            )
        )
        result = {}
        for printer in printers:
            key = (printer.kitchen_station_id.code, printer.company_id.id)
            result[key] = result.get(key, printer.browse()) | printer
        return result

    def _is_later_send(self):
        """加菜: the table had sent dishes to the kitchen before this send."""
        self.ensure_one()
        return self.id in self._later_send_ids()

    def _later_send_ids(self):
        """The ids of these tickets whose table had sent dishes before their own send (加菜),
        in one query for all the tickets of a send."""
        tickets = self.sudo()
        earliest = {}  # order id → [(first ticket id, send uid)]
        for order, send_uid, first_id in tickets._read_group(
            [("order_id", "in", tickets.order_id.ids)], ["order_id", "send_uid"], ["id:min"]
        ):
            earliest.setdefault(order.id, []).append((first_id, send_uid))
        return {
            ticket.id
            for ticket in tickets
            if any(
                first_id < ticket.id and send_uid != ticket.send_uid
                for first_id, send_uid in earliest.get(ticket.order_id.id, [])
            )
        }

    def _prefetch_print_names(self, envs):
        """Read together, and only the columns a slip prints: the waiters' names and the
        dishes' names in each ticket language. Reached one by one from a line, each was a
        read of the whole user, partner, product and template rows."""
        tickets = self.sudo()
        users = tickets.order_id.user_id
        users.fetch(["partner_id"])
        users.partner_id.fetch(["name"])
        lines = tickets.line_ids
        lines.product_id.fetch(["product_tmpl_id"])
        for env in {id(env): env for env in envs.values()}.values():
            lines.product_id.product_tmpl_id.with_env(env).fetch(["name"])

    def _print_header(self, env, title_rows, station=None):
        """Station, title, table, guests, time, waiter: the top of every kitchen slip."""
        order = self.order_id.sudo()
        if station is None:
            station = self.env["fuxi.kitchen.station"].sudo().search([("code", "=", self.station)])
        sent_at = fields.Datetime.context_timestamp(self.with_env(env), self.sent_at)
        rows = [
            escpos.row(
                station.with_env(env).name or self.station, big=True, bold=True, align="center"
            ),
            *title_rows,
            escpos.row(
                env._("Table: %s", order.room_id.with_env(env).display_name), big=True, bold=True
            ),
            escpos.row(
                env._(
                    "Guests: %(guests)s   Waiter: %(waiter)s",
                    guests=order.guest_count,
                    waiter=order.user_id.name or "",
                )
            ),
            escpos.row(
                env._(
                    "Time: %(time)s   No.: %(number)s",
                    time=sent_at.strftime("%m-%d %H:%M"),
                    number=self.name,
                )
            ),
            escpos.rule(),
        ]
        return rows

    def _print_taboos(self, env):
        taboos = self.order_id.sudo().partner_id.taboo_ids.with_env(env).mapped("name")
        if not taboos:
            return []
        return [
            escpos.rule(),
            escpos.row(env._("Taboos: %s", "、".join(taboos)), bold=True, invert=True),
        ]

    def _kitchen_print_rows(self, env, later=None, station=None):
        """The ticket a cook reads: dishes big, quantities, notes highlighted, taboos.
        ``later`` (加菜) and ``station`` are given when known for the whole send."""
        self.ensure_one()
        titles = []
        if self._is_later_send() if later is None else later:
            titles.append(
                escpos.row(env._("ADDED ORDER"), big=True, bold=True, invert=True, align="center")
            )
        rows = self._print_header(env, titles, station=station)
        for line in self.line_ids.sudo().with_env(env):
            rows.append(
                escpos.row(
                    f"{_quantity(line.quantity)} × {line.product_id.name}", big=True, bold=True
                )
            )
            details = [
                line.portion_id.name or "",
                *line.option_ids.mapped("name"),
                line._weight_text(),
            ]
            details = " · ".join(part for part in details if part)
            if details:
                rows.append(escpos.row("    " + details))
            if line.hold:
                rows.append(escpos.row("    " + env._("Hold until fired"), bold=True))
            if line.note:
                rows.append(escpos.row(env._("Note: %s", line.note), bold=True, invert=True))
        rows += self._print_taboos(env)
        return rows

    def _void_print_rows(self, env, lines, station=None):
        """退菜: the voided quantities of this ticket's dishes, with the reason."""
        self.ensure_one()
        title = escpos.row(env._("VOID"), big=True, bold=True, invert=True, align="center")
        rows = self._print_header(env, [title], station=station)
        for line in lines.sudo().with_env(env):
            rows.append(
                escpos.row(
                    env._(
                        "Void %(quantity)s × %(dish)s",
                        quantity=_quantity(line.quantity),
                        dish=line.product_id.name,
                    ),
                    big=True,
                    bold=True,
                )
            )
            rows.append(escpos.row(env._("Reason: %s", line.void_reason or ""), invert=True))
        return rows

    def _print_on_printers(self, kind, lines=None):
        """The jobs of these tickets (kind "kitchen" or "void" of ``lines``) on their
        stations' printers. Built for a whole send at once: one search of the printers, one
        加菜 check, each ticket rendered once per ticket language, one insert of the jobs —
        this runs inside the send request, before the waiter gets the answer."""
        if not self:
            return self.env["fuxi.station.printer.job"]
        by_station = self._printers_by_station()
        printers = self.env["fuxi.station.printer"].sudo().union(*by_station.values())
        if not printers:
            return self.env["fuxi.station.printer.job"]
        # the printers' stations are those of the tickets: no search of the stations
        stations = {station.code: station for station in printers.kitchen_station_id}
        later = self._later_send_ids() if kind == "kitchen" else set()
        envs = printers._ticket_envs()
        self._prefetch_print_names(envs)
        built, requests = {}, []
        for ticket in self:
            station = stations.get(ticket.station, self.env["fuxi.kitchen.station"])
            key = (ticket.station, ticket.order_id.sudo().company_id.id)
            for printer in by_station.get(key, []):
                env = envs[printer]
                locale = (ticket.id, env.lang, env.context.get("tz"))
                if locale not in built:
                    if kind == "void":
                        rows = ticket._void_print_rows(
                            env,
                            lines.filtered(lambda x, t=ticket: x.ticket_id == t),
                            station=station,
                        )
                        title = env._("Void %s", ticket.name)
                    else:
                        rows = ticket._kitchen_print_rows(
                            env, later=ticket.id in later, station=station
                        )
                        title = ticket.name
                    built[locale] = (rows, title)
                rows, title = built[locale]
                requests.append(
                    {
                        "printer": printer,
                        "kind": kind,
                        "rows": rows,
                        "ticket": ticket,
                        "order": ticket.order_id,
                        "title": title,
                    }
                )
        return self.env["fuxi.station.printer"]._enqueue_many(requests)

    def action_reprint(self):
        """Reprint the tickets (the kitchen ticket list's button): their last kitchen job
        again, or a fresh one if the ticket was never printed."""
        if not self.env.user.has_group(KITCHEN_GROUP):
            raise AccessError(self.env._("Only kitchen and front desk staff reprint tickets."))
        self.check_access("read")
        jobs = self.env["fuxi.station.printer.job"]
        for ticket in self:
            last = ticket.sudo().print_job_ids.filtered(lambda job: job.kind == "kitchen")
            if last:
                # one copy per printer that printed it
                by_printer = {}
                for job in last.sorted("id"):
                    by_printer[job.printer_id] = job
                for job in by_printer.values():
                    jobs |= jobs.browse(job.action_reprint())
            else:
                if not ticket._station_printers():
                    raise UserError(self.env._("No printer prints the tickets of this station."))
                jobs |= ticket.sudo()._print_on_printers("kitchen")
        return jobs.ids
