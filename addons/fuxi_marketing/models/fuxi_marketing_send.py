from odoo import fields, models

CHANNELS = [("sms", "SMS"), ("mail", "E-mail")]
PURPOSES = [("marketing", "Marketing"), ("service", "Service")]


class FuxiMarketingSend(models.Model):
    """One message to one guest for one occasion (a mailing, a greeting of a year, a news
    item, a reservation event): the log that keeps a re-run job from sending twice and
    counts towards the monthly cap. Rows are written by fuxi.marketing.policy."""

    _name = "fuxi.marketing.send"
    _description = "Message to a Guest"
    _order = "date desc, id desc"
    _rec_name = "occasion"

    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Guest", required=True, ondelete="cascade", readonly=True
    )
    channel = fields.Selection(CHANNELS, required=True, readonly=True)
    purpose = fields.Selection(PURPOSES, required=True, readonly=True)
    occasion = fields.Char(
        required=True,
        readonly=True,
        index=True,  # a campaign's / news item's messages are read by their occasion
        help="What the message is for, e.g. mailing:12, greeting:3:2026, news:5, "
        "reservation:77:booked.",
    )
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed"), ("refused", "Refused")],
        required=True,
        default="queued",
        index=True,
    )
    reason = fields.Char()
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    res_model = fields.Char("Message model", readonly=True)
    res_id = fields.Many2oneReference("Message", model_field="res_model", readonly=True)

    _sql_constraints = [
        (
            "fuxi_marketing_send_once",
            "UNIQUE(partner_id, channel, occasion)",
            "A guest gets one message per channel and occasion.",
        ),
    ]

    def init(self):
        # the monthly cap counts a guest's marketing rows of a month
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS fuxi_marketing_send_partner_date_idx
                   ON fuxi_marketing_send (partner_id, date) WHERE purpose = 'marketing'"""
        )
