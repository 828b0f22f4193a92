import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.fuxi_frontdesk.models.fuxi_frontdesk_order import lock_rows

from . import escpos
from .fuxi_station_printer import KITCHEN_GROUP, MANAGER_GROUP, WAITING_STATES

JOB_KINDS = [
    ("kitchen", "Kitchen ticket"),
    ("void", "Void slip"),
    ("prebill", "Pre-bill"),
    ("receipt", "Receipt"),
    ("test", "Test page"),
]
# interrupted: the bridge stopped while sending the job; it may or may not be on paper, so it
# is not printed again by itself (a dish cooked twice is worse): people check and reprint
FAILURE_REASONS = ("offline", "paper_out", "error", "interrupted")
MAX_FETCH = 50


class FuxiStationPrinterJob(models.Model):
    """One thing to print once: the bridge fetches it, prints it, and acknowledges it by
    its id. A job acknowledged twice (a retried answer) is printed once."""

    _name = "fuxi.station.printer.job"
    _description = "Print Job"
    _order = "printer_id, sequence, id"
    _rec_name = "title"

    printer_id = fields.Many2one(
        "fuxi.station.printer", required=True, index=True, ondelete="cascade", readonly=True
    )
    # precomputed: stored with the job's insert, not by an UPDATE after it (send path)
    company_id = fields.Many2one(
        related="printer_id.company_id", store=True, index=True, readonly=True, precompute=True
    )
    sequence = fields.Integer(
        readonly=True,
        copy=False,
        help="The job's number in its printer's order, given when the bridge first takes it "
        "(jobs queued at the same moment by several desks get their numbers in the order "
        "they were committed).",
    )
    kind = fields.Selection(JOB_KINDS, required=True, readonly=True)
    title = fields.Char(readonly=True)
    state = fields.Selection(
        [
            ("queued", "Queued"),
            ("printing", "Printing"),
            ("printed", "Printed"),
            ("failed", "Failed, will retry"),
            ("interrupted", "Interrupted: check the printer"),
            ("cancel", "Cancelled"),
        ],
        default="queued",
        required=True,
        index=True,
        readonly=True,
    )
    reason = fields.Char(readonly=True, help="Why the last attempt failed.")
    attempts = fields.Integer(readonly=True)
    content = fields.Json(readonly=True)
    text = fields.Text(string="Printed Text", compute="_compute_text")
    ticket_id = fields.Many2one(
        "fuxi.kitchen.ticket", readonly=True, index="btree_not_null", ondelete="set null"
    )
    order_id = fields.Many2one(
        "fuxi.frontdesk.order", readonly=True, index="btree_not_null", ondelete="set null"
    )
    fetched_at = fields.Datetime(readonly=True)
    printed_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("printer_sequence_uniq", "unique(printer_id, sequence)", "Job numbers are unique."),
    ]

    @api.depends("content")
    def _compute_text(self):
        for job in self:
            job.text = escpos.plain_text(job.content or [])

    def _payload(self):
        """The job as the bridge receives it: where to print and the bytes."""
        self.ensure_one()
        printer = self.printer_id
        data = escpos.render(
            self.content or [], printer.paper_width, printer.encoding, printer.copies
        )
        return {
            "job_id": self.id,
            "printer_id": printer.id,
            "printer": printer.name,
            "sequence": self.sequence,
            "kind": self.kind,
            "connection": printer.connection,
            "host": printer.host or "",
            "port": printer.port,
            "device": printer.device_path or "",
            "data": base64.b64encode(data).decode("ascii"),
        }

    # ------------------------------------------------------------- bridge side
    @api.model
    def _waiting_for_reader(self, reader, limit=MAX_FETCH):
        """The reader's jobs not printed yet, per printer in order. A job already handed out
        (printing) is handed out again: the bridge's journal knows whether it printed it."""
        # numbered jobs first (handed out before, in their order), then the new ones by id
        jobs = self.sudo().search(
            [
                ("printer_id.reader_id", "=", reader.id),
                ("printer_id.active", "=", True),
                ("state", "in", WAITING_STATES),
            ],
            order="printer_id, sequence, id",
            limit=limit,
        )
        fresh = jobs.filtered(lambda job: job.state == "queued")
        if fresh:
            now = fields.Datetime.now()
            # two fetches at once (a bridge restarted while its previous request still
            # waits) must not give two jobs one number: the second one fails to serialise
            # and is tried again
            lock_rows(self.env, "fuxi_station_printer", fresh.printer_id.ids)
            for printer in fresh.printer_id:
                self.env.cr.execute(
                    "SELECT COALESCE(MAX(sequence), 0) FROM fuxi_station_printer_job "
                    "WHERE printer_id = %s",
                    [printer.id],
                )
                last = self.env.cr.fetchone()[0]
                for job in fresh.filtered(lambda job, p=printer: job.printer_id == p):
                    last += 1
                    job.write({"state": "printing", "fetched_at": now, "sequence": last})
            jobs = jobs.sorted(lambda job: (job.printer_id.id, job.sequence, job.id))
        return jobs

    @api.model
    def _acknowledge(self, reader, job_id, status, reason=""):
        """The bridge says job `job_id` printed or failed. Returns (job, duplicate)."""
        job = self.sudo().browse(job_id).exists()
        if not job or job.printer_id.reader_id != reader:
            raise UserError(self.env._("Unknown print job: %s", job_id))
        printer = job.printer_id
        if job.state == "printed":
            return job, True
        if job.state == "cancel":
            return job, True
        if status == "printed":
            job.write({"state": "printed", "printed_at": fields.Datetime.now(), "reason": False})
            changed = printer._set_status("ok")
        elif reason == "interrupted":
            job.write({"state": "interrupted", "reason": reason})
            changed = printer.browse()
        else:
            job.write(
                {"state": "failed", "attempts": job.attempts + 1, "reason": reason or "error"}
            )
            changed = printer._set_status("offline", reason or "error")
        if changed or printer.status == "offline":
            printer._notify_status()
        return job, False

    # ------------------------------------------------------------- people's actions
    def action_reprint(self):
        """Print the job again (a lost or torn ticket): a new job, marked as a copy."""
        if not self.env.user.has_group(KITCHEN_GROUP):
            raise AccessError(self.env._("Only kitchen and front desk staff reprint tickets."))
        self.check_access("read")
        new_jobs = self.browse()
        for job in self.sudo():
            env = job.printer_id._ticket_env()
            rows = [
                escpos.row(env._("REPRINT"), big=True, bold=True, invert=True, align="center"),
                *(job.content or []),
            ]
            new_jobs |= job.printer_id._enqueue(
                job.kind,
                rows,
                ticket=job.ticket_id,
                order=job.order_id,
                title=env._("Reprint: %s", job.title or ""),
            )
        return new_jobs.ids

    def action_cancel(self):
        """Drop jobs that should not print any more (a printer replaced, a duplicate)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only front desk managers cancel print jobs."))
        # jobs are written by the system only: the manager's right is checked above
        self.check_access("read")
        done = self.filtered(lambda job: job.state == "printed")
        if done:
            raise UserError(self.env._("Printed jobs cannot be cancelled."))
        self.sudo().write({"state": "cancel"})
        self.printer_id._notify_status()
        return True

    @api.model
    def _test_rows(self, printer):
        env = printer.env
        return [
            escpos.row(env._("Printer test page"), big=True, bold=True, align="center"),
            escpos.row(printer.name, align="center"),
            escpos.rule(),
            escpos.row(env._("Paper: %s mm", printer.paper_width)),
            escpos.row("伏羲餐饮 · 热菜 凉菜 酒水 · 退菜 加菜 忌口"),
            escpos.row("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ]
