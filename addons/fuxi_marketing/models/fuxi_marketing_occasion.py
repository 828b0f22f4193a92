import pytz

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.fuxi_customer.models.fuxi_partner_date import month_days_within, next_anniversary


class FuxiMarketingOccasion(models.Model):
    """An automatic greeting: a birthday or a kind of important date, greeted N days ahead
    by SMS and/or e-mail, once per guest and year."""

    _name = "fuxi.marketing.occasion"
    _description = "Greeting Occasion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        "_selection_kind",
        required=True,
        default="birthday",
        help="The guest's birthday, or one kind of the important dates kept on the guest.",
    )
    days_before = fields.Integer(
        string="Days Ahead",
        default=3,
        required=True,
        help="How many days before the date the greeting leaves. A guest added later, "
        "closer to the date, is greeted at once.",
    )
    channel = fields.Selection(
        [("sms", "SMS"), ("mail", "E-mail"), ("both", "SMS and E-mail")],
        default="sms",
        required=True,
    )
    sms_template_id = fields.Many2one(
        "sms.template", string="SMS Template", domain=[("model", "=", "res.partner")]
    )
    mail_template_id = fields.Many2one(
        "mail.template", string="E-mail Template", domain=[("model", "=", "res.partner")]
    )
    vip_call = fields.Boolean(
        string="Call VIP Guests",
        default=True,
        help="Also give the account manager of each VIP guest a 'call the guest' activity "
        "(birthdays only).",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    _sql_constraints = [
        ("days_before_positive", "CHECK(days_before >= 0)", "Greet on the day or before it."),
    ]

    @api.model
    def _selection_kind(self):
        kinds = self.env["fuxi.partner.date"]._fields["kind"]._description_selection(self.env)
        return [("birthday", self.env._("Birthday")), *kinds]

    @api.constrains("channel", "sms_template_id", "mail_template_id")
    def _check_templates(self):
        for occasion in self:
            if occasion.channel in ("sms", "both") and not occasion.sms_template_id:
                raise models.ValidationError(
                    self.env._("Greeting “%(name)s” needs an SMS template.", name=occasion.name)
                )
            if occasion.channel in ("mail", "both") and not occasion.mail_template_id:
                raise models.ValidationError(
                    self.env._("Greeting “%(name)s” needs an e-mail template.", name=occasion.name)
                )

    # ------------------------------------------------------------------ job
    @api.model
    def _cron_send_greetings(self):
        for occasion in self.search([("active", "=", True)]):
            occasion._fuxi_send_greetings()

    def _fuxi_today(self):
        """Today in the company's time zone (the guests' calendar, not the server's)."""
        self.ensure_one()
        tz = self.env["fuxi.marketing.policy"]._fuxi_tz(self.company_id)
        return pytz.utc.localize(fields.Datetime.now()).astimezone(tz).date()

    def _fuxi_due(self, today):
        """{partner: occasion date} of the guests whose date comes within the window."""
        self.ensure_one()
        keys = month_days_within(today, self.days_before)
        Partner = self.env["res.partner"]
        Partner.flush_model(["birthdate_date", "company_id", "is_fuxi_customer", "active"])
        if self.kind == "birthday":
            query = SQL(
                """SELECT id, birthdate_date FROM res_partner
                    WHERE active AND is_fuxi_customer AND birthdate_date IS NOT NULL
                      AND to_char(birthdate_date, 'MM-DD') = ANY(%(keys)s)
                      AND (company_id IS NULL OR company_id = %(company)s)""",
                keys=keys,
                company=self.company_id.id,
            )
        else:
            self.env["fuxi.partner.date"].flush_model(["date", "partner_id", "kind"])
            query = SQL(
                """SELECT p.id, d.date FROM fuxi_partner_date d
                     JOIN res_partner p ON p.id = d.partner_id
                    WHERE d.kind = %(kind)s AND p.active AND p.is_fuxi_customer
                      AND to_char(d.date, 'MM-DD') = ANY(%(keys)s)
                      AND (p.company_id IS NULL OR p.company_id = %(company)s)""",
                kind=self.kind,
                keys=keys,
                company=self.company_id.id,
            )
        self.env.cr.execute(query)
        due = {}
        for partner_id, day in self.env.cr.fetchall():
            when = next_anniversary(day, today)
            if when and (when - today).days <= self.days_before:
                due.setdefault(partner_id, when)
        return {Partner.browse(pid): when for pid, when in due.items()}

    def _fuxi_send_greetings(self, today=None):
        """Greet the guests whose date is within the window. The occasion key carries the
        year of the date greeted (not of today): a greeting sent on 30 December for
        1 January is the next year's, and the run of 1 January does not send it again."""
        self.ensure_one()
        today = today or self._fuxi_today()
        due = self._fuxi_due(today)
        by_year = {}
        for partner, when in due.items():
            by_year.setdefault(when.year, self.env["res.partner"])
            by_year[when.year] |= partner
        Message = self.env["fuxi.marketing.message"]
        sent = 0
        for year, partners in by_year.items():
            occasion_key = f"greeting:{self.id}:{year}"
            if self.channel in ("sms", "both"):
                sent += Message._fuxi_deliver(
                    partners, "sms", "marketing", occasion_key, self._fuxi_sms_text, self.company_id
                )
            if self.channel in ("mail", "both"):
                sent += Message._fuxi_deliver(
                    partners, "mail", "marketing", occasion_key, self._fuxi_mail, self.company_id
                )
        if self.kind == "birthday" and self.vip_call:
            self._fuxi_schedule_vip_calls(due)
        return sent

    def _fuxi_sms_text(self, partner):
        template = self.sms_template_id.with_context(
            lang=partner.env.lang, tz=partner.env.context.get("tz")
        )
        return template._render_field("body", partner.ids)[partner.id]

    def _fuxi_mail(self, partner):
        template = self.mail_template_id.with_context(
            lang=partner.env.lang, tz=partner.env.context.get("tz")
        )
        return {
            "subject": template._render_field("subject", partner.ids)[partner.id],
            "body_html": template._render_field("body_html", partner.ids)[partner.id],
        }

    def _fuxi_schedule_vip_calls(self, due):
        """A 'call the guest' activity for the account manager of each VIP, one per
        birthday (done or not, it is not made again)."""
        call = self.env.ref("mail.mail_activity_data_call")
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        for partner, when in due.items():
            manager = partner.user_id
            if not partner.is_fuxi_vip or not manager:
                continue
            exists = Activity.search_count(
                [
                    ("res_model_id", "=", model_id),
                    ("res_id", "=", partner.id),
                    ("activity_type_id", "=", call.id),
                    ("user_id", "=", manager.id),
                    ("date_deadline", "=", when),
                ],
                limit=1,
            )
            if exists:
                continue
            in_locale = self.with_context(lang=manager.lang or self.env.lang, tz=manager.tz)
            Activity.create(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": call.id,
                    "user_id": manager.id,
                    "date_deadline": when,
                    "summary": in_locale.env._(
                        "Call %(guest)s: birthday on %(date)s",
                        guest=partner.name,
                        date=when.strftime("%m-%d"),
                    ),
                }
            )
