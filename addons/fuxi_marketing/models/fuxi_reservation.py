from odoo import api, fields, models


class FuxiReservation(models.Model):
    _inherit = "fuxi.reservation"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._fuxi_send_service_sms("booked")
        return records

    def write(self, vals):
        before = {record.id: record.start for record in self} if "start" in vals else {}
        res = super().write(vals)
        if before:
            moved = self.filtered(lambda r: r.start != before.get(r.id))
            moved._fuxi_send_service_sms("moved")
        return res

    def _fuxi_service_occasion(self, event):
        self.ensure_one()
        if event == "booked":
            return f"reservation:{self.id}:booked"
        return f"reservation:{self.id}:{fields.Datetime.to_string(self.start)}"

    def _fuxi_send_service_sms(self, event):
        """Confirm a booking, or tell the new time of a moved one, to the guest by SMS in
        their language: a service message, which needs no marketing consent."""
        Message = self.env["fuxi.marketing.message"]
        for record in self:
            if record.state not in ("booked", "confirmed") or not record.partner_id:
                continue
            Message._fuxi_deliver(
                record.partner_id,
                "sms",
                "service",
                record._fuxi_service_occasion(event),
                lambda partner, record=record, event=event: record._fuxi_service_text(
                    partner, event
                ),
                record.company_id,
            )

    def _fuxi_service_text(self, partner, event):
        """The SMS text, built in ``partner``'s environment (their language and time zone)."""
        record = self.with_env(partner.env)
        start = fields.Datetime.context_timestamp(record, record.start)
        values = {
            "restaurant": record.company_id.name,
            "time": start.strftime("%Y-%m-%d %H:%M"),
            "room": record.room_id.display_name or "",
            "size": record.party_size,
        }
        if event == "booked":
            return record.env._(
                "%(restaurant)s: your table for %(size)s is booked for %(time)s %(room)s. "
                "We look forward to your visit.",
                **values,
            )
        return record.env._(
            "%(restaurant)s: your reservation for %(size)s is moved to %(time)s %(room)s.",
            **values,
        )
