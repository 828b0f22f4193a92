from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from .fuxi_marketing_policy import sms_key

CONSENT_SOURCES = [
    ("counter", "At the counter"),
    ("card_form", "Membership card form"),
    ("sms_reply", "SMS reply"),
    ("web", "Web page"),
    ("import", "Import"),
    ("staff", "Staff"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Written only through _fuxi_set_marketing_consent: the three always change together and
    # every change leaves a note in the chatter (what a regulator or the guest may ask for).
    fuxi_marketing_consent = fields.Boolean(
        "Marketing consent",
        readonly=True,
        copy=False,
        help="The guest agreed to receive marketing messages (campaigns, news, greetings).",
    )
    fuxi_marketing_consent_date = fields.Datetime("Consent changed on", readonly=True, copy=False)
    fuxi_marketing_consent_source = fields.Selection(
        CONSENT_SOURCES, string="Consent recorded via", readonly=True, copy=False
    )
    # the number an SMS goes to (+86…), stored so that counting 100,000 guests reads a
    # column instead of parsing every number (see sms_key)
    fuxi_sms_key = fields.Char(
        "SMS number", compute="_compute_fuxi_sms_key", store=True, index="btree_not_null"
    )
    # searched only: [("fuxi_marketing_audience_id", "=", id)] are the audience's guests (a
    # domain an action can carry, where the audience's own domain holds SQL sub-queries)
    fuxi_marketing_audience_id = fields.Many2one(
        "fuxi.marketing.audience",
        string="Audience",
        compute="_compute_fuxi_marketing_audience_id",
        search="_search_fuxi_marketing_audience_id",
    )

    @api.depends("phone_sanitized")
    def _compute_fuxi_sms_key(self):
        for partner in self:
            partner.fuxi_sms_key = sms_key(partner.phone_sanitized)

    def _compute_fuxi_marketing_audience_id(self):
        self.fuxi_marketing_audience_id = False

    def _search_fuxi_marketing_audience_id(self, operator, value):
        if operator not in ("=", "in") or not value:
            raise UserError(_("Search the guests of an audience with = and its id."))
        ids = [value] if isinstance(value, int) else list(value)
        audiences = self.env["fuxi.marketing.audience"].browse(ids).exists()
        domain = [("id", "=", 0)]
        for audience in audiences:
            domain = expression.OR([domain, audience._fuxi_partner_domain()])
        return domain

    def _fuxi_set_marketing_consent(self, consent, source):
        """Record that the guests gave (``consent`` True) or withdrew their marketing consent,
        now, through ``source`` (a key of CONSENT_SOURCES). Posts a note on each guest."""
        if source not in dict(CONSENT_SOURCES):
            raise UserError(_("Unknown consent source: %(via)s", via=source))
        consent = bool(consent)
        changed = self.filtered(lambda p: p.fuxi_marketing_consent != consent)
        if not changed:
            return True
        # consent is the guest's own statement: whoever records it (the reply callback, the
        # unsubscribe page, a marketing manager) does not need the rights to edit the guest
        changed.sudo().write(
            {
                "fuxi_marketing_consent": consent,
                "fuxi_marketing_consent_date": fields.Datetime.now(),
                "fuxi_marketing_consent_source": source,
            }
        )
        # the note is written once, in the language of whoever records it (the label and
        # the sentence alike: without a lang in the context, the user's)
        env = self.with_context(lang=self.env.lang or self.env.user.lang or "en_US").env
        label = dict(self._fields["fuxi_marketing_consent_source"]._description_selection(env))[
            source
        ]
        body = (
            env._("Marketing consent given (%(via)s).", via=label)
            if consent
            else env._("Marketing consent withdrawn (%(via)s).", via=label)
        )
        for partner in changed:
            partner.sudo().message_post(
                body=body, subtype_xmlid="mail.mt_note", author_id=self.env.user.partner_id.id
            )
        return True

    def _fuxi_check_consent_manager(self):
        if not self.env.user.has_group("fuxi_marketing.group_fuxi_marketing_manager"):
            raise AccessError(_("Only a marketing manager records a guest's consent by hand."))

    def action_fuxi_marketing_consent_give(self):
        self._fuxi_check_consent_manager()
        return self._fuxi_set_marketing_consent(True, "staff")

    def action_fuxi_marketing_consent_withdraw(self):
        self._fuxi_check_consent_manager()
        return self._fuxi_set_marketing_consent(False, "staff")
