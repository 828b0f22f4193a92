import logging

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)


class FuxiSmsDelivery(models.Model):
    """What became of each SMS handed to a Chinese gateway.

    Odoo deletes an `sms.sms` once the gateway took it, and keeps the outcome only where a
    chatter notification or a mailing trace tracks it. Gateway reports arrive minutes later
    and name the gateway's own id (BizId / SerialNo), so this record keeps that id, the
    number as the gateway knows it, and the outcome with the gateway's reason.
    """

    _name = "fuxi.sms.delivery"
    _description = "SMS delivery through a gateway"
    _order = "sent_at desc, id desc"
    _rec_name = "number"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    provider = fields.Selection(
        [("fuxi_aliyun", "Alibaba Cloud SMS"), ("fuxi_tencent", "Tencent Cloud SMS")],
        required=True,
    )
    sms_uuid = fields.Char("SMS uuid", required=True, index=True)
    number = fields.Char(required=True)
    gateway_number = fields.Char("Number sent to the gateway")
    gateway_ref = fields.Char(
        "Gateway's id", index=True, help="BizId (Alibaba) or SerialNo (Tencent)"
    )
    partner_id = fields.Many2one("res.partner", "Recipient", index="btree_not_null")
    state = fields.Selection(
        [("sent", "Sent"), ("delivered", "Delivered"), ("failed", "Failed")],
        required=True,
        default="sent",
    )
    reason = fields.Char("Gateway's reason")
    sent_at = fields.Datetime(required=True, default=fields.Datetime.now)
    reported_at = fields.Datetime("Report received at")
    attempts = fields.Integer()

    _sql_constraints = [
        ("sms_uuid_unique", "unique(sms_uuid)", "One delivery record per SMS."),
    ]

    @api.model
    def _fuxi_apply_reports(self, company, provider, reports):
        """Apply the gateway's delivery reports: [(gateway_ref, gateway_number, delivered,
        reason, reported_at), …]. A report for an SMS we do not know is logged and skipped
        (the gateway may be shared with another system); a repeated report changes nothing."""
        refs = {r[0] for r in reports if r[0]}
        deliveries = self.sudo().search(
            [
                ("company_id", "=", company.id),
                ("provider", "=", provider),
                ("gateway_ref", "in", list(refs)),
            ]
        )
        by_key = {(d.gateway_ref, _digits(d.gateway_number)): d for d in deliveries}
        by_ref = {}
        for delivery in deliveries:
            by_ref.setdefault(delivery.gateway_ref, self.browse())
            by_ref[delivery.gateway_ref] |= delivery
        applied = 0
        for ref, number, delivered, reason, reported_at in reports:
            delivery = by_key.get((ref, _digits(number)))
            if delivery is None and len(by_ref.get(ref, [])) == 1:
                delivery = by_ref[ref]
            if not delivery:
                _logger.info("SMS report for unknown %s id %s skipped", provider, ref)
                continue
            if delivery.state != "sent":
                continue
            delivery.write(
                {
                    "state": "delivered" if delivered else "failed",
                    "reason": False if delivered else reason,
                    "reported_at": reported_at or fields.Datetime.now(),
                }
            )
            tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", delivery.sms_uuid)])
            if delivered:
                tracker._action_update_from_sms_state("sent")
            else:
                tracker.with_context(
                    sms_known_failure_reason=reason or _("Not delivered")
                )._action_update_from_provider_error("not_delivered")
            applied += 1
        return applied


def _digits(number):
    """The last 11 digits: the gateways report numbers with or without +86 / 86."""
    return "".join(c for c in (number or "") if c.isdigit())[-11:]
