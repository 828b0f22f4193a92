from odoo import api, fields, models
from odoo.tools import SQL

RECENT_VISITS = 10


class ReportGuestProfile(models.AbstractModel):
    """客人档案 PDF: the guest's card, customer value and history summary (a line per year
    and the last visits) over the visits the printing user may read."""

    _name = "report.fuxi_tracking.report_guest_profile"
    _description = "Guest Profile Report"

    @api.model
    def _yearly_summary(self, partner):
        """[(year, visits, guests, amount)] of the guest's visits, latest year first, in the
        user's time zone."""
        Consumption = self.env["fuxi.consumption"]
        Consumption.flush_model(["partner_id", "date", "guest_count", "amount_total"])
        tz = self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai"
        self.env.cr.execute(
            SQL(
                """
                SELECT EXTRACT(YEAR FROM c.date AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::int,
                       COUNT(*), SUM(c.guest_count), SUM(c.amount_total)
                  FROM fuxi_consumption c
                 WHERE c.partner_id = %(partner)s AND %(readable)s
                 GROUP BY 1
                 ORDER BY 1 DESC
                """,
                tz=tz,
                partner=partner.id,
                readable=Consumption._fuxi_readable_condition(SQL.identifier("c", "id")),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _get_report_values(self, docids, data=None):
        self.env["fuxi.consumption"].check_access("read")
        partners = self.env["res.partner"].browse(docids)
        segments = dict(
            self.env["res.partner"]._fields["rfm_segment"]._description_selection(self.env)
        )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "segments": segments,
            "yearly": {partner.id: self._yearly_summary(partner) for partner in partners},
            "recent": {
                partner.id: self.env["fuxi.consumption"].search(
                    [("partner_id", "=", partner.id)], limit=RECENT_VISITS
                )
                for partner in partners
            },
            "upcoming": {
                partner.id: self.env["fuxi.reservation"].search(
                    [
                        ("partner_id", "=", partner.id),
                        ("state", "in", ("booked", "confirmed")),
                        ("start", ">=", fields.Datetime.now()),
                    ],
                    order="start",
                    limit=5,
                )
                for partner in partners
            },
        }
