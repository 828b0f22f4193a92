import re
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, ValidationError

MANAGER_GROUP = "fuxi_frontdesk.group_fuxi_frontdesk_manager"
KITCHEN_GROUP = "fuxi_frontdesk.group_fuxi_kitchen"
# who may be on a reader's Notify list (fuxi.card.reader.user_ids' domain)
READER_USER_GROUP = "fuxi_customer.group_fuxi_customer_viewer"
WAITING_STATES = ("queued", "printing", "failed")
# the fields that decide which printer a checkout prints on (_frontdesk_printer_ids, cached)
_CHOICE_FIELDS = {"usage", "company_id", "active", "sequence", "name"}
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.\-:]{0,252})$")
_DEVICE = re.compile(r"^(/dev/[A-Za-z0-9_./\-]{1,120}|COM[0-9]{1,3})$")


class FuxiStationPrinter(models.Model):
    """A ticket printer (厨打 beside a kitchen station, or the front desk's pre-bill and
    receipt printer), driven by the station bridge of one reader PC."""

    _name = "fuxi.station.printer"
    _description = "Station Printer"
    _order = "sequence, name, id"

    name = fields.Char(required=True, help="e.g. 热菜厨打, 前台打印机")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    usage = fields.Selection(
        [("kitchen", "Kitchen station"), ("frontdesk", "Front desk")],
        required=True,
        default="kitchen",
        help="A kitchen printer prints the tickets of its station; a front desk printer "
        "prints pre-bills and receipts.",
    )
    kitchen_station_id = fields.Many2one(
        "fuxi.kitchen.station",
        string="Kitchen Station",
        ondelete="restrict",
        help="The station whose tickets this printer prints (热菜, 凉菜, 酒水 …).",
    )
    reader_id = fields.Many2one(
        "fuxi.card.reader",
        string="Station Bridge",
        required=True,
        ondelete="restrict",
        help="The reader PC whose station bridge (fuxi-station) sends the jobs to the "
        "printer: its token fetches them.",
    )
    connection = fields.Selection(
        [("network", "Network (TCP)"), ("device", "USB / serial device")],
        required=True,
        default="network",
    )
    host = fields.Char(help="The printer's address in the restaurant's network.")
    port = fields.Integer(default=9100)
    device_path = fields.Char(help="On the bridge's PC, e.g. /dev/usb/lp0 or /dev/ttyUSB0.")
    paper_width = fields.Selection(
        [("58", "58 mm"), ("80", "80 mm")], string="Paper", required=True, default="80"
    )
    encoding = fields.Selection(
        [("gb18030", "GB18030 (Simplified Chinese)"), ("big5", "Big5 (Traditional Chinese)")],
        string="Code Page",
        required=True,
        default="gb18030",
    )
    copies = fields.Integer(default=1)
    lang = fields.Selection(
        selection="_lang_selection",
        string="Ticket Language",
        help="Empty: the language of the bridge's first user, else the company's.",
    )
    status = fields.Selection(
        [("unknown", "Not used yet"), ("ok", "Printing"), ("offline", "Offline")],
        string="Printer Status",
        default="unknown",
        readonly=True,
        copy=False,
    )
    status_reason = fields.Char(readonly=True, copy=False)
    status_at = fields.Datetime(readonly=True, copy=False)
    job_ids = fields.One2many("fuxi.station.printer.job", "printer_id", string="Print Jobs")
    waiting_count = fields.Integer(string="Waiting Jobs", compute="_compute_waiting_count")

    @api.model
    @tools.ormcache("company_id")
    def _frontdesk_printer_ids(self, company_id):
        """The ids of the company's front desk printers, in order, cached: every checkout
        asks (writes of the fields that decide it clear the cache, see write)."""
        return tuple(
            self.sudo()
            .with_context(active_test=True)
            .search([("usage", "=", "frontdesk"), ("company_id", "=", company_id)])
            .ids
        )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        # not on the status the bridge reports after each job: only what chooses a printer
        if _CHOICE_FIELDS.intersection(vals):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("job_ids.state")
    def _compute_waiting_count(self):
        counts = dict(
            self.env["fuxi.station.printer.job"]
            .sudo()
            ._read_group(
                [("printer_id", "in", self.ids), ("state", "in", WAITING_STATES)],
                ["printer_id"],
                ["__count"],
            )
        )
        for printer in self:
            printer.waiting_count = counts.get(printer, 0)

    @api.constrains("usage", "kitchen_station_id", "connection", "host", "port", "device_path")
    def _check_settings(self):
        for printer in self:
            if printer.usage == "kitchen" and not printer.kitchen_station_id:
                raise ValidationError(
                    self.env._("Choose the kitchen station whose tickets %s prints.", printer.name)
                )
            if printer.connection == "network":
                if not _HOST.match(printer.host or ""):
                    raise ValidationError(
                        self.env._(
                            "%s: give the printer's network address (e.g. 192.168.1.50).",
                            printer.name,
                        )
                    )
                if not 1 <= printer.port <= 65535:
                    raise ValidationError(
                        self.env._(
                            "%s: the port is a number from 1 to 65535 (usually 9100).", printer.name
                        )
                    )
            elif not _DEVICE.match(printer.device_path or ""):
                raise ValidationError(
                    self.env._(
                        "%s: give the printer's device on the bridge's PC, e.g. /dev/usb/lp0.",
                        printer.name,
                    )
                )

    @api.constrains("copies")
    def _check_copies(self):
        for printer in self:
            if not 1 <= printer.copies <= 5:
                raise ValidationError(self.env._("Print 1 to 5 copies of each ticket."))

    @api.constrains("company_id", "kitchen_station_id")
    def _check_company(self):
        for printer in self:
            station = printer.kitchen_station_id
            if station.company_id and station.company_id != printer.company_id:
                raise ValidationError(
                    self.env._("%s: the kitchen station belongs to another company.", printer.name)
                )

    # ------------------------------------------------------------- language
    def _ticket_env(self):
        """The printer's env in the language and time zone its tickets are printed in."""
        self.ensure_one()
        return self._ticket_envs()[self]

    def _ticket_envs(self):
        """{printer: its ticket env} for these printers: the printer's language, else that
        of its bridge's first user (as the reader's Notify list orders and filters them),
        else the company's; the time zone of that user, else the company's, else the
        current user's. One query: this runs in every send, and reading the readers'
        users, the companies and their partners through the ORM was six (whole rows)."""
        printers = self.sudo()
        if not printers:
            return {}
        for model, names in (
            ("fuxi.station.printer", ["lang", "reader_id", "company_id"]),
            ("res.company", ["partner_id"]),
            ("res.users", ["active", "share", "partner_id", "groups_id"]),
            ("res.partner", ["lang", "tz", "name"]),
        ):
            self.env[model].flush_model(names)
        self.env.cr.execute(
            """SELECT printer.id, printer.lang, person.lang, person.tz, company.lang,
                      company.tz, me.tz
                 FROM fuxi_station_printer printer
                 JOIN res_company c ON c.id = printer.company_id
                 JOIN res_partner company ON company.id = c.partner_id
            LEFT JOIN LATERAL (
                      SELECT partner.lang, partner.tz
                        FROM fuxi_card_reader_res_users_rel rel
                        JOIN res_users u ON u.id = rel.res_users_id
                        JOIN res_partner partner ON partner.id = u.partner_id
                       WHERE rel.fuxi_card_reader_id = printer.reader_id
                         AND u.active AND u.share IS NOT TRUE
                         AND EXISTS (SELECT 1 FROM res_groups_users_rel g
                                      WHERE g.uid = u.id AND g.gid = %s)
                    ORDER BY partner.name, u.login
                       LIMIT 1) person ON TRUE
            LEFT JOIN res_users me_user ON me_user.id = %s
            LEFT JOIN res_partner me ON me.id = me_user.partner_id
                WHERE printer.id IN %s""",
            [
                self.env["ir.model.data"]._xmlid_to_res_id(READER_USER_GROUP),
                self.env.uid,
                tuple(printers.ids),
            ],
        )
        envs, locales = {}, {}
        for (
            printer_id,
            lang,
            user_lang,
            user_tz,
            company_lang,
            company_tz,
            my_tz,
        ) in self.env.cr.fetchall():
            lang = lang or user_lang or company_lang or "en_US"
            tz = user_tz or company_tz or my_tz or "Asia/Shanghai"
            locales[printer_id] = (lang, tz)
        result = {}
        for printer in printers:
            lang, tz = locales[printer.id]
            if (lang, tz) not in envs:
                envs[lang, tz] = self.env(context=dict(self.env.context, lang=lang, tz=tz))
            result[self.browse(printer.id)] = envs[lang, tz]
        return result

    # ------------------------------------------------------------- jobs
    def _enqueue(self, kind, rows, ticket=False, order=False, title=""):
        """One job per printer (see _enqueue_many)."""
        return self._enqueue_many(
            [
                {
                    "printer": printer,
                    "kind": kind,
                    "rows": rows,
                    "ticket": ticket,
                    "order": order,
                    "title": title,
                }
                for printer in self
            ]
        )

    @api.model
    def _enqueue_many(self, requests):
        """The jobs of ``requests`` (dicts: printer, kind, rows, ticket, order, title) in one
        insert, and one wake-up per station bridge. Nothing is locked here: twenty desks
        send at once to the same station printers. The job's number in its printer's order
        is given when the bridge first takes it (see
        fuxi.station.printer.job._waiting_for_reader)."""
        Job = self.env["fuxi.station.printer.job"].sudo()
        jobs = Job.create(
            [
                {
                    "printer_id": request["printer"].id,
                    "kind": request["kind"],
                    "content": request["rows"],
                    "title": (request.get("title") or "")[:120],
                    "ticket_id": request["ticket"].id if request.get("ticket") else False,
                    "order_id": request["order"].id if request.get("order") else False,
                }
                for request in requests
            ]
        )
        if jobs:
            printers = jobs.printer_id.sudo()
            for reader in printers.reader_id:
                # the bridge waiting on /fuxi/station/printer/jobs wakes up at commit
                self.env.cr.execute(
                    "SELECT pg_notify('fuxi_station_printer', %s)", [str(reader.id)]
                )
            # the screens' warning counts the waiting jobs of offline printers only
            offline = printers.filtered(lambda printer: printer.status == "offline")
            if offline:
                offline._notify_status()
        return jobs

    # ------------------------------------------------------------- status
    def _set_status(self, status, reason=""):
        changed = self.filtered(
            lambda p: p.status != status or (p.status_reason or "") != (reason or "")
        )
        if changed:
            changed.sudo().write(
                {
                    "status": status,
                    "status_reason": (reason or "")[:200],
                    "status_at": fields.Datetime.now(),
                }
            )
        return changed

    @api.model
    def _status_payload(self):
        """What the red warning of the front desk and kitchen screens shows: printers
        that are offline or have jobs waiting too long, with the number of waiting jobs."""
        printers = self.sudo().search([("company_id", "in", self.env.companies.ids)])
        stale = fields.Datetime.now() - timedelta(seconds=30)
        waiting = {}
        for job in (
            self.env["fuxi.station.printer.job"]
            .sudo()
            .search([("printer_id", "in", printers.ids), ("state", "in", WAITING_STATES)])
        ):
            entry = waiting.setdefault(job.printer_id, [0, job.create_date])
            entry[0] += 1
            entry[1] = min(entry[1], job.create_date)
        result = []
        for printer in printers:
            count, oldest = waiting.get(printer, (0, False))
            offline = printer.status == "offline" or bool(count and oldest and oldest < stale)
            if offline:
                result.append(
                    {
                        "id": printer.id,
                        "name": printer.name,
                        "station": printer.kitchen_station_id.code or "",
                        "reason": printer.status_reason or "",
                        "waiting": count,
                    }
                )
        return result

    @api.model
    def printer_status(self):
        """RPC of the screens: the printers to warn about (see _status_payload)."""
        if not self.env.user.has_group(KITCHEN_GROUP):
            raise AccessError(self.env._("Only kitchen and front desk staff see the printers."))
        return {"offline": self._status_payload()}

    def _notify_status(self):
        """Tell the kitchen and front desk screens of the printers' state (sent at commit)."""
        users = (
            self.env.ref(KITCHEN_GROUP)
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        users._fuxi_bus_send(
            "fuxi_station_printer/status",
            lambda env: {"offline": self.with_env(env)._status_payload()},
        )

    # ------------------------------------------------------------- actions
    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only front desk managers set up printers."))

    def action_test_page(self):
        """A test ticket: the printer's name, its paper and Chinese text."""
        self._check_manager()
        for printer in self:
            env = printer._ticket_env()
            job_env = printer.with_env(env)
            rows = job_env.env["fuxi.station.printer.job"]._test_rows(job_env)
            printer._enqueue("test", rows, title=env._("Test page"))
        return True

    def action_view_jobs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Print Jobs"),
            "res_model": "fuxi.station.printer.job",
            "view_mode": "list,form",
            "domain": [("printer_id", "=", self.id)],
        }
