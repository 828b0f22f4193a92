import pytz

from odoo import api, models
from odoo.tools import html2plaintext


class ReportComplaint(models.AbstractModel):
    """投诉单 PDF: the complaint and its whole log — handling records, transfers, urges and
    the chatter (messages and tracked changes) — in one list by time."""

    _name = "report.fuxi_service.report_complaint"
    _description = "Complaint Report"

    @api.model
    def _complaint_log(self, complaint):
        """[{date, user, kind, text}] of everything that happened to the complaint, oldest
        first (kinds are labels in the reader's language)."""
        _ = self.env._
        log = []
        # the transfer and urge records post a note of their own: printed once
        recorded = {(r.date, r.user_id.partner_id) for r in complaint.transfer_ids}
        recorded |= {(r.date, r.user_id.partner_id) for r in complaint.urge_ids}
        for record in complaint.handling_ids:
            text = record.action if not record.result else f"{record.action} → {record.result}"
            log.append((record.date, record.id, record.user_id.name, _("Handling"), text))
        for record in complaint.transfer_ids:
            before = record.from_user_id.name or record.from_department_id.name or ""
            after = record.to_user_id.name or record.to_department_id.name or ""
            text = f"{before} → {after}: {record.reason}"
            log.append((record.date, record.id, record.user_id.name, _("Transfer"), text))
        for record in complaint.urge_ids:
            who = record.user_id.name or _("Overdue job")
            log.append((record.date, record.id, who, _("Urge"), record.note or ""))
        for message in complaint.message_ids:
            parts = []
            body = html2plaintext(message.body or "").strip()
            if body and (message.date, message.author_id) not in recorded:
                parts.append(body)
            for tracking in message.sudo().tracking_value_ids:
                field = tracking.field_id.field_description or ""
                old = tracking._get_display_value("old")[0]
                new = tracking._get_display_value("new")[0]
                parts.append(f"{field}: {old or ''} → {new or ''}")
            if not parts:
                continue
            log.append(
                (
                    message.date,
                    message.id,
                    message.author_id.name or "",
                    _("Message"),
                    "\n".join(parts),
                )
            )
        log.sort(key=lambda entry: (entry[0], entry[1]))
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai")
        return [
            {
                "date": pytz.utc.localize(date).astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                "user": user,
                "kind": kind,
                "text": text,
            }
            for date, _id, user, kind, text in log
        ]

    @api.model
    def _get_report_values(self, docids, data=None):
        complaints = self.env["fuxi.complaint"].browse(docids)
        complaints.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "fuxi.complaint",
            "docs": complaints,
            "logs": {complaint.id: self._complaint_log(complaint) for complaint in complaints},
        }
