"""Campaigns: an Odoo mass mailing (e-mail or SMS) sent to a saved Fuxi audience.

Odoo's mass_mailing / mass_mailing_sms do the sending, the traces, the statistics and the
unsubscribe pages. A campaign adds what Odoo does not have: the audience instead of a domain
typed by hand, a random hold-out kept from that audience, the consent / opt-out / cap rules of
fuxi.marketing.policy with a claim per guest (a re-run never sends twice), the opt-out text of
marketing SMS, quiet hours, and the measured effect against the hold-out.
"""

import json
import logging
import random
import re
import threading
import uuid
from datetime import timedelta

import werkzeug.urls
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize, split_every
from odoo.tools.mail import TEXT_URL_REGEX
from odoo.tools.rendering_tools import parse_inline_template

from odoo.addons.fuxi_sms_cn.tools.gateways import GATEWAYS

from ..tools.uplift import welch_interval

_logger = logging.getLogger(__name__)

# recipients claimed, queued and (in the queue job) committed together
BATCH = 2000
# object.a.b… in inline templates ({{ object.name }}) and QWeb (t-out="object.name")
PLACEHOLDER_RE = re.compile(r"\bobject((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+)")
UNSUBSCRIBE_PLACEHOLDER = "/unsubscribe_from_list"
# inline-template expressions read straight from the records, without an evaluation
FIELD_PATH_RE = re.compile(r"^object(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
# a Chinese letter to start from: the guest's name and class merged, the unsubscribe link
# Odoo's mass mailing turns into the guest's own
DEFAULT_MAIL_BODY = Markup(
    '<div class="o_layout o_default_theme">'
    '<p>尊敬的<t t-out="object.name"/>（<t t-out="object.customer_class_id.name">贵宾</t>）：</p>'
    "<p>感谢您一直以来的光临。本月到店用餐，凭此邮件可享9折优惠，期待与您再次相见。</p>"
    "<p>伏羲酒家 敬上</p>"
    '<p style="font-size: 12px; color: #888888;">不想再收到此类邮件？'
    '<a href="/unsubscribe_from_list">退订</a></p>'
    "</div>"
)


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    fuxi_audience_id = fields.Many2one(
        "fuxi.marketing.audience",
        string="Audience",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="The saved segment of guests this campaign goes to. The guests are taken when "
        "the campaign is sent; a random hold-out of them gets nothing and measures the effect.",
    )
    fuxi_company_id = fields.Many2one(
        "res.company", related="fuxi_audience_id.company_id", string="Restaurant"
    )
    fuxi_currency_id = fields.Many2one(
        "res.currency", compute="_compute_fuxi_currency_id", string="Currency"
    )
    fuxi_holdout_pct = fields.Integer(
        "Hold-out (%)",
        default=lambda self: self.env["ir.config_parameter"]._fuxi_get_int(
            "fuxi_marketing.holdout_pct", 10, minimum=0
        ),
        help="Share of the audience, drawn at random when the campaign is sent, that gets no "
        "message: their visits and spend are what the recipients' are compared with.",
    )
    fuxi_effect_days = fields.Integer(
        "Effect window (days)",
        default=30,
        help="Visits and spend are counted over this many days after the send.",
    )
    fuxi_drawn = fields.Boolean("Hold-out drawn", readonly=True, copy=False)
    fuxi_assignment_ids = fields.One2many(
        "fuxi.marketing.assignment", "mailing_id", string="Guests of the audience", readonly=True
    )
    # what became of the audience at the send (not stored: read from the send log)
    fuxi_holdout_count = fields.Integer("Held out", compute="_compute_fuxi_outcome")
    fuxi_refused_count = fields.Integer("Not allowed", compute="_compute_fuxi_outcome")
    fuxi_refusal_summary = fields.Text("Not allowed, by reason", compute="_compute_fuxi_outcome")
    fuxi_failure_summary = fields.Text("Failed, by reason", compute="_compute_fuxi_outcome")
    fuxi_waiting_count = fields.Integer("Waiting to leave", compute="_compute_fuxi_outcome")
    fuxi_waiting_summary = fields.Text("Waiting, by reason", compute="_compute_fuxi_outcome")
    fuxi_optout_count = fields.Integer("Opted out", compute="_compute_fuxi_outcome")
    # the effect, stored so that campaigns can be ranked by it (refreshed daily and on demand)
    fuxi_effect_date = fields.Datetime("Effect computed on", readonly=True, copy=False)
    fuxi_effect_until = fields.Datetime("Effect window ends", readonly=True, copy=False)
    fuxi_effect_treated = fields.Integer("Recipients measured", readonly=True, copy=False)
    fuxi_effect_control = fields.Integer("Hold-out measured", readonly=True, copy=False)
    fuxi_visits_treated = fields.Float(
        "Visits per recipient", digits=(16, 3), readonly=True, copy=False
    )
    fuxi_visits_control = fields.Float(
        "Visits per held-out guest", digits=(16, 3), readonly=True, copy=False
    )
    fuxi_visits_uplift = fields.Float(
        "Visit uplift", digits=(16, 3), readonly=True, copy=False, aggregator=False
    )
    fuxi_visits_low = fields.Float("Visit uplift from", digits=(16, 3), readonly=True, copy=False)
    fuxi_visits_high = fields.Float("Visit uplift to", digits=(16, 3), readonly=True, copy=False)
    fuxi_spend_treated = fields.Monetary(
        "Spend per recipient", currency_field="fuxi_currency_id", readonly=True, copy=False
    )
    fuxi_spend_control = fields.Monetary(
        "Spend per held-out guest", currency_field="fuxi_currency_id", readonly=True, copy=False
    )
    fuxi_spend_uplift = fields.Monetary(
        "Spend uplift",
        currency_field="fuxi_currency_id",
        readonly=True,
        copy=False,
        aggregator=False,
        help="Spend per recipient minus spend per held-out guest over the effect window.",
    )
    fuxi_spend_low = fields.Monetary(
        "Spend uplift from", currency_field="fuxi_currency_id", readonly=True, copy=False
    )
    fuxi_spend_high = fields.Monetary(
        "Spend uplift to", currency_field="fuxi_currency_id", readonly=True, copy=False
    )
    fuxi_effect_note = fields.Selection(
        [
            ("none", "Not measurable yet"),
            ("up", "More spend"),
            ("down", "Less spend"),
            ("unclear", "No clear effect"),
        ],
        "Effect",
        readonly=True,
        copy=False,
        help="Whether the 95 % interval of the spend uplift lies above zero, below zero, or "
        "includes it; not measurable before each group has two guests measured.",
    )

    _sql_constraints = [
        (
            "fuxi_holdout_pct_range",
            "CHECK(fuxi_holdout_pct >= 0 AND fuxi_holdout_pct <= 50)",
            "The hold-out is between 0 and 50 % of the audience.",
        ),
        (
            "fuxi_effect_days_positive",
            "CHECK(fuxi_effect_days > 0)",
            "The effect window is at least one day.",
        ),
    ]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("fuxi_campaign"):
            if "mailing_model_id" in fields_list:
                values["mailing_model_id"] = self.env["ir.model"]._get_id("res.partner")
            if "body_arch" in fields_list and not values.get("body_arch"):
                values["body_arch"] = values["body_html"] = DEFAULT_MAIL_BODY
        return values

    # ------------------------------------------------------------------ computes

    def _compute_fuxi_currency_id(self):
        for mailing in self:
            mailing.fuxi_currency_id = (
                mailing.fuxi_company_id.currency_id or self.env.company.currency_id
            )

    def _compute_fuxi_outcome(self):
        campaigns = self.filtered(lambda m: m.fuxi_audience_id and m.id)
        (self - campaigns).update(
            {
                "fuxi_holdout_count": 0,
                "fuxi_refused_count": 0,
                "fuxi_refusal_summary": False,
                "fuxi_failure_summary": False,
                "fuxi_waiting_count": 0,
                "fuxi_waiting_summary": False,
                "fuxi_optout_count": 0,
            }
        )
        if not campaigns:
            return
        reasons = self.env["fuxi.marketing.policy"]._fuxi_refusal_reasons()
        Send = self.env["fuxi.marketing.send"].sudo()
        Assignment = self.env["fuxi.marketing.assignment"].sudo()
        Trace = self.env["mailing.trace"].sudo()
        holdouts = dict(
            Assignment._read_group(
                [("mailing_id", "in", campaigns.ids), ("holdout", "=", True)],
                ["mailing_id"],
                ["__count"],
            )
        )
        optouts = dict(
            Assignment._read_group(
                [("mailing_id", "in", campaigns.ids), ("optout_date", "!=", False)],
                ["mailing_id"],
                ["__count"],
            )
        )
        for mailing in campaigns:
            refused = Send._read_group(
                [("occasion", "=", mailing._fuxi_occasion()), ("state", "=", "refused")],
                ["reason"],
                ["__count"],
            )
            refused.sort(key=lambda row: -row[1])
            failures = Trace._read_group(
                [
                    ("mass_mailing_id", "=", mailing.id),
                    ("trace_status", "in", ("error", "bounce")),
                ],
                ["failure_type", "failure_reason"],
                ["__count"],
            )
            failures.sort(key=lambda row: -row[2])
            failure_labels = dict(Trace._fields["failure_type"]._description_selection(self.env))
            waiting = []
            if mailing.mailing_type == "sms":
                waiting = (
                    self.env["sms.sms"]
                    .sudo()
                    ._read_group(
                        [("mailing_id", "=", mailing.id), ("state", "=", "outgoing")],
                        ["fuxi_last_error"],
                        ["__count"],
                    )
                )
            mailing.fuxi_holdout_count = holdouts.get(mailing, 0)
            mailing.fuxi_optout_count = optouts.get(mailing, 0)
            mailing.fuxi_refused_count = sum(count for _reason, count in refused)
            mailing.fuxi_refusal_summary = (
                "\n".join(
                    f"{reasons.get(reason, reason or '?')}: {count}" for reason, count in refused
                )
                or False
            )
            mailing.fuxi_failure_summary = (
                "\n".join(
                    f"{reason or failure_labels.get(kind) or _('Unknown')}: {count}"
                    for kind, reason, count in failures
                )
                or False
            )
            mailing.fuxi_waiting_count = sum(count for _reason, count in waiting)
            mailing.fuxi_waiting_summary = (
                "\n".join(f"{reason or _('In the queue')}: {count}" for reason, count in waiting)
                or False
            )

    @api.depends(
        "mailing_model_id",
        "contact_list_ids",
        "mailing_type",
        "mailing_filter_id",
        "fuxi_audience_id",
    )
    def _compute_mailing_domain(self):
        campaigns = self.filtered("fuxi_audience_id")
        for mailing in campaigns:
            # the audience's guests as of when it is read (res.partner searches it by id):
            # Odoo's recipient count and list views show them; the send takes them afresh
            mailing.mailing_domain = repr(
                [("fuxi_marketing_audience_id", "=", mailing.fuxi_audience_id.id)]
            )
        return super(MailingMailing, self - campaigns)._compute_mailing_domain()

    # ------------------------------------------------------------------ constraints

    @api.constrains("fuxi_audience_id", "mailing_model_id")
    def _check_fuxi_audience_model(self):
        partner_model = self.env["ir.model"]._get("res.partner")
        for mailing in self.filtered("fuxi_audience_id"):
            if mailing.mailing_model_id != partner_model:
                raise ValidationError(
                    _("A campaign to an audience goes to guests: its recipients are Contacts.")
                )

    @api.constrains("subject", "body_plaintext", "body_html", "fuxi_audience_id")
    def _check_fuxi_placeholders(self):
        for mailing in self.filtered("fuxi_audience_id"):
            mailing._fuxi_check_placeholders()

    # ------------------------------------------------------------------ CRUD

    @api.model
    def _fuxi_prepare_values(self, vals):
        if vals.get("fuxi_audience_id"):
            vals["mailing_model_id"] = self.env["ir.model"]._get_id("res.partner")
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._fuxi_prepare_values(dict(vals)) for vals in vals_list])

    def write(self, vals):
        return super().write(self._fuxi_prepare_values(dict(vals)))

    def copy_data(self, default=None):
        # a copy is a new campaign: a new draw, a new effect
        vals_list = super().copy_data(default=default)
        for vals in vals_list:
            vals.pop("fuxi_assignment_ids", None)
        return vals_list

    # ------------------------------------------------------------------ checks

    def _fuxi_occasion(self):
        self.ensure_one()
        return f"mailing:{self.id}"

    def _fuxi_channel(self):
        self.ensure_one()
        return "sms" if self.mailing_type == "sms" else "mail"

    def _fuxi_company(self):
        self.ensure_one()
        return self.fuxi_audience_id.company_id or self.env.company

    def _fuxi_check_placeholders(self):
        """A clear error for object.x where the guest has no x (rendering would fail per
        guest at send time, or print nothing)."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        where = {
            "subject": _("the subject"),
            "body_plaintext": _("the SMS text"),
            "body_html": _("the e-mail body"),
        }
        for fname, label in where.items():
            text = self[fname] or ""
            for match in PLACEHOLDER_RE.finditer(str(text)):
                path = [part.strip() for part in match.group(1).split(".") if part.strip()]
                model = Partner
                for depth, name in enumerate(path):
                    field = model._fields.get(name)
                    if field is None:
                        if depth and callable(getattr(type(model), name, None)):
                            break  # a method of the value (object.name.upper())
                        raise ValidationError(
                            _(
                                "Unknown placeholder “object.%(path)s” in %(where)s: "
                                "%(model)s has no field “%(field)s”.",
                                path=".".join(path[: depth + 1]),
                                where=label,
                                model=model._description,
                                field=name,
                            )
                        )
                    if not field.relational:
                        break
                    model = self.env[field.comodel_name]

    def _fuxi_check_campaign(self):
        """Everything that would make the send fail for all guests, as a clear error before
        anything is queued."""
        self.ensure_one()
        audience = self.fuxi_audience_id
        if not audience:
            return
        self._fuxi_check_placeholders()
        if self.mailing_type == "sms":
            if not (self.body_plaintext or "").strip():
                raise UserError(_("The campaign “%(name)s” has no SMS text.", name=self.subject))
            self._fuxi_check_sms_gateway()
        elif not self.body_html or not Markup(self.body_html).striptags().strip():
            raise UserError(_("The campaign “%(name)s” has no e-mail body.", name=self.subject))
        if not self.env["res.partner"].search_count(
            [("fuxi_marketing_audience_id", "=", audience.id)], limit=1
        ):
            raise UserError(
                _(
                    "The audience “%(audience)s” has no guests: nothing to send.",
                    audience=audience.display_name,
                )
            )

    def _fuxi_check_sms_gateway(self):
        company = self._fuxi_company().sudo()
        if company.sms_provider not in GATEWAYS:
            return
        sms_api = company._get_sms_api_class()(self.env)
        sms_api._set_company(company)
        missing = sms_api._fuxi_missing_settings()
        if missing:
            raise UserError(
                _(
                    "%(gateway)s is not set up: %(missing)s missing in Settings. Nothing was sent.",
                    gateway=sms_api._fuxi_label(),
                    missing=", ".join(missing),
                )
            )
        template = self.sms_template_id
        if template.fuxi_sms_template_code and self.body_plaintext == template.body:
            optout = self.env["fuxi.marketing.policy"]._fuxi_sms_optout_text(company)
            if optout not in (template.body or ""):
                # an approved template is sent as approved: the opt-out cannot be added to it
                raise UserError(
                    _(
                        "The SMS template “%(template)s” goes through the gateway's approved "
                        "template %(code)s, which must itself end with “%(optout)s”: a "
                        "marketing SMS says how to opt out.",
                        template=template.name,
                        code=template.fuxi_sms_template_code,
                        optout=optout,
                    )
                )
        elif not company.fuxi_sms_template_code:
            raise UserError(
                _(
                    "%(gateway)s sends approved templates only: set the template for free "
                    "text in Settings, or use an SMS template with its gateway template code.",
                    gateway=sms_api._fuxi_label(),
                )
            )

    # ------------------------------------------------------------------ actions

    def action_put_in_queue(self):
        for mailing in self.filtered("fuxi_audience_id"):
            mailing._fuxi_check_campaign()
        return super().action_put_in_queue()

    def action_send_mail(self, res_ids=None):
        # the button "Send Now": a campaign's recipients are its audience, never given
        for mailing in self.filtered("fuxi_audience_id"):
            mailing._fuxi_check_campaign()
        return super().action_send_mail(
            res_ids=None if self.filtered("fuxi_audience_id") else res_ids
        )

    def action_send_sms(self, res_ids=None):
        campaigns = self.filtered("fuxi_audience_id")
        for mailing in campaigns:
            mailing._fuxi_send_campaign()
        return super(MailingMailing, self - campaigns).action_send_sms(res_ids=res_ids)

    def _action_send_mail(self, res_ids=None):
        campaigns = self.filtered("fuxi_audience_id")
        for mailing in campaigns:
            mailing._fuxi_send_campaign()
        return super(MailingMailing, self - campaigns)._action_send_mail(res_ids=res_ids)

    @api.model
    def _process_mass_mailing_queue(self):
        return super(
            MailingMailing, self.with_context(fuxi_from_queue=True)
        )._process_mass_mailing_queue()

    def action_fuxi_refresh_effect(self):
        self._fuxi_compute_effect()
        return True

    def action_fuxi_view_assignments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Guests of %(campaign)s", campaign=self.subject),
            "res_model": "fuxi.marketing.assignment",
            "view_mode": "list",
            "domain": [("mailing_id", "=", self.id)],
            "context": {"search_default_group_holdout": 1},
        }

    # ------------------------------------------------------------------ recipients

    def _get_remaining_recipients(self):
        if not self.fuxi_audience_id:
            return super()._get_remaining_recipients()
        if not self.fuxi_drawn:
            return self.env["res.partner"].search(self._get_recipients_domain()).ids
        return self._fuxi_pending_partner_ids()

    def _fuxi_pending_partner_ids(self):
        """Guests drawn to receive the campaign who have no message for it in the log yet
        (neither sent, nor queued, nor refused)."""
        return self._fuxi_pending()[0]

    def _fuxi_pending(self):
        """(_fuxi_pending_partner_ids, {guest drawn to receive it: (eligible, reason)} as
        the assignments say now)."""
        self.ensure_one()
        self.env["fuxi.marketing.assignment"].flush_model()
        self.env["fuxi.marketing.send"].flush_model()
        # two plain reads and a difference in Python: as an anti-join, the planner took a
        # 100,000-row draw just inserted (statistics not yet updated) for one row and
        # scanned the log once per guest — minutes on a re-sent campaign
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, eligible, reason FROM fuxi_marketing_assignment "
                "WHERE mailing_id = %s AND NOT holdout",
                self.id,
            )
        )
        verdicts = {pid: (eligible, reason) for pid, eligible, reason in self.env.cr.fetchall()}
        self.env.cr.execute(
            SQL(
                "SELECT partner_id FROM fuxi_marketing_send WHERE occasion = %s AND channel = %s",
                self._fuxi_occasion(),
                self._fuxi_channel(),
            )
        )
        logged = {pid for (pid,) in self.env.cr.fetchall()}
        return sorted(pid for pid in verdicts if pid not in logged), verdicts

    def _fuxi_draw(self):
        """Take the audience's guests once and draw the hold-out among them (a re-run keeps
        the first draw: the groups must not change once messages have left)."""
        self.ensure_one()
        if self.fuxi_drawn:
            return
        partner_ids = (
            self.env["res.partner"]
            .sudo()
            .with_company(self._fuxi_company())
            ._search([("fuxi_marketing_audience_id", "=", self.fuxi_audience_id.id)])
        )
        partner_ids = sorted(partner_ids)
        if not partner_ids:
            raise UserError(
                _(
                    "The audience “%(audience)s” has no guests: nothing to send.",
                    audience=self.fuxi_audience_id.display_name,
                )
            )
        size = round(len(partner_ids) * self.fuxi_holdout_pct / 100.0)
        holdout = set(random.SystemRandom().sample(partner_ids, size)) if size else set()
        # whether the guests could be reached: only the reachable held-out guests are
        # compared with the recipients (both groups then face the same rules); for the
        # recipients, each batch writes what the rules say at its send where that differs
        _allowed, reasons = self.env["fuxi.marketing.policy"]._fuxi_allowed(
            self.env["res.partner"].browse(partner_ids),
            self._fuxi_channel(),
            "marketing",
            company=self._fuxi_company(),
        )
        self.env["fuxi.marketing.assignment"]._fuxi_insert(self, partner_ids, holdout, reasons)
        self.fuxi_drawn = True
        self.message_post(
            body=_(
                "%(total)s guests in the audience; %(holdout)s held out at random "
                "(%(pct)s %%) to measure the effect.",
                total=len(partner_ids),
                holdout=len(holdout),
                pct=self.fuxi_holdout_pct,
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------ sending

    def _fuxi_send_campaign(self, auto_commit=None):
        """Send (queue) the campaign to whoever of its audience may receive it now. Commits
        batch by batch (``auto_commit``, default: outside tests), as Odoo's mass mailing."""
        self.ensure_one()
        try:
            self._fuxi_check_campaign()
        except UserError as error:
            if not self.env.context.get("fuxi_from_queue"):
                raise
            # the queue job has nobody to show the error to: the campaign goes back to draft
            # with the reason in its chatter
            self.write({"state": "draft", "schedule_date": False, "schedule_type": "now"})
            self.message_post(body=str(error), subtype_xmlid="mail.mt_note")
            return False
        policy = self.env["fuxi.marketing.policy"]
        company = self._fuxi_company()
        until = policy._fuxi_quiet_until(company)
        if until:
            return self._fuxi_wait_until(until)
        if auto_commit is None:
            auto_commit = not getattr(threading.current_thread(), "testing", False)
        self._fuxi_ensure_unsubscribe_link()
        self._fuxi_draw()
        if auto_commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        channel, occasion = self._fuxi_channel(), self._fuxi_occasion()
        Partner = self.env["res.partner"].sudo()
        seen = self._fuxi_sms_numbers_sent() if channel == "sms" else None
        # SMS without links are written in bulk (claim and message together); links to
        # shorten and e-mails go through Odoo's composers
        bulk_sms = self.mailing_type == "sms" and not re.search(
            TEXT_URL_REGEX, self.body_plaintext or ""
        )
        pending, verdicts = self._fuxi_pending()
        for chunk in split_every(BATCH, pending):
            partners = Partner.browse(chunk)
            allowed, reasons = policy._fuxi_allowed(partners, channel, "marketing", company)
            if reasons:
                policy._fuxi_record_refusals(reasons, channel, "marketing", occasion, company)
            if bulk_sms:
                self._fuxi_queue_sms(allowed, seen=seen)
            else:
                claimed = policy._fuxi_claim(allowed, channel, "marketing", occasion, company)
                if claimed:
                    self._fuxi_queue(claimed)
            # the draw wrote every guest's verdict: only those the rules now see otherwise
            # are rewritten
            changed = [
                pid
                for pid in chunk
                if verdicts.get(pid) != (pid not in reasons, reasons.get(pid) or None)
            ]
            if changed:
                self.env["fuxi.marketing.assignment"]._fuxi_set_outcome(
                    self,
                    [pid for pid in changed if pid not in reasons],
                    {pid: reasons[pid] for pid in changed if pid in reasons},
                )
            if auto_commit:
                # a batch is claimed and queued together: an interrupted job leaves whole
                # batches behind, and the next run skips exactly those
                self.env.cr.commit()  # pylint: disable=invalid-commit
        values = {"state": "done" if channel == "mail" else "sending"}
        if not self.sent_date:
            values.update(sent_date=fields.Datetime.now(), kpi_mail_required=True)
        if channel == "sms" and not self.env["sms.sms"].sudo().search_count(
            [("mailing_id", "=", self.id), ("state", "in", ("outgoing", "process"))], limit=1
        ):
            values["state"] = "done"
        self.write(values)
        return True

    def _fuxi_ensure_unsubscribe_link(self):
        """A marketing e-mail carries an unsubscribe link (Odoo makes it the guest's own):
        one is added at the end of a body written without it."""
        self.ensure_one()
        if self.mailing_type != "mail" or UNSUBSCRIBE_PLACEHOLDER in (self.body_html or ""):
            return
        lang = self._fuxi_company().partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        footer = Markup(
            '<p style="font-size: 12px; color: #888888;">%s <a href="%s">%s</a></p>'
        ) % (
            env._("Rather not receive these e-mails?"),
            UNSUBSCRIBE_PLACEHOLDER,
            env._("Unsubscribe"),
        )
        self.body_html = Markup(self.body_html or "") + footer

    def _fuxi_wait_until(self, until):
        """Quiet hours: the campaign stays in the queue until they end."""
        self.write({"state": "in_queue", "schedule_type": "scheduled", "schedule_date": until})
        self.env.ref("mass_mailing.ir_cron_mass_mailing_queue").sudo()._trigger(at=until)
        tz = self.env["fuxi.marketing.policy"]._fuxi_tz(self._fuxi_company())
        local = fields.Datetime.context_timestamp(self.with_context(tz=tz.zone), until)
        self.message_post(
            body=_(
                "Quiet hours: the campaign waits until %(time)s.",
                time=local.strftime("%Y-%m-%d %H:%M"),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return False

    def _fuxi_queue(self, partners):
        """Queue one message per claimed guest through Odoo's composers and tie each log
        row to its message (SMS without links: _fuxi_queue_sms); returns ``partners``."""
        self.ensure_one()
        if self.mailing_type == "sms":
            # links to shorten and track per SMS: Odoo's own mass SMS composer does it
            composer = (
                self.env["sms.composer"]
                .with_context(active_id=False)
                .create(self._send_sms_get_composer_values(partners.ids))
            )
            composer._action_send_sms()
        else:
            super()._action_send_mail(res_ids=partners.ids)
        self._fuxi_link_messages(partners.ids)
        return partners

    def _fuxi_render(self, text, partners):
        """{partner id: text rendered} for an inline template ({{ object.name }}): field
        paths are read from the batch's prefetched records, in each guest's language;
        anything else goes through Odoo's renderer."""
        instructions = parse_inline_template(text or "")
        if any(expr and not FIELD_PATH_RE.match(expr) for _lit, expr, _dflt in instructions):
            return self.env["mail.render.mixin"]._render_template(
                text, "res.partner", partners.ids, engine="inline_template"
            )
        steps = [
            (lit, expr.split(".")[1:] if expr else None, dflt) for lit, expr, dflt in instructions
        ]
        result = {}
        for lang in set(partners.mapped("lang")):
            for partner in partners.filtered(lambda p, lang=lang: p.lang == lang).with_context(
                lang=lang or self.env.lang
            ):
                parts = []
                for literal, path, default in steps:
                    parts.append(literal)
                    if path:
                        value = partner
                        for name in path:
                            value = value[name]
                        value = value or default
                        if value:
                            parts.append(str(value))
                result[partner.id] = "".join(parts)
        return result

    def _fuxi_sms_numbers_sent(self):
        """The numbers this campaign already queued an SMS for (read once per run: two
        guests sharing a number get one SMS, across batches too)."""
        self.ensure_one()
        self.env["mailing.trace"].flush_model()
        self.env.cr.execute(
            SQL(
                "SELECT sms_number FROM mailing_trace WHERE mass_mailing_id = %s "
                "AND trace_type = 'sms' AND trace_status != 'cancel'",
                self.id,
            )
        )
        return {number for (number,) in self.env.cr.fetchall()}

    def _fuxi_queue_sms(self, partners, seen=None):
        """Claim and queue the campaign's SMS to ``partners`` (allowed by the rules) in
        bulk: what Odoo's mass SMS composer makes (sms.sms, its mailing trace and SMS
        tracker, the opt-out link when asked), written as multi-row inserts per batch
        instead of ORM creates per guest. The SMS ids are drawn from sms_sms's sequence
        first, so that each log row is claimed already pointing at its SMS; the SMS are
        then inserted for the claimed guests only. The SMS queue job sends them through
        the company's gateway as any SMS. Returns the guests claimed."""
        self.ensure_one()
        policy = self.env["fuxi.marketing.policy"]
        company = self._fuxi_company()
        partners = partners.with_context(prefetch_fields=False)
        if not partners:
            return partners
        partners.fetch(["phone_sanitized", "fuxi_sms_key", "lang"])
        bodies = self._fuxi_render(self.body_plaintext, partners)
        template = self.sms_template_id
        code, params = False, {}
        if template.fuxi_sms_template_code and self.body_plaintext == template.body:
            code = template.fuxi_sms_template_code
            rendered = [
                (name, self._fuxi_render(value, partners))
                for name, value in template._fuxi_parse_params()
            ]
            params = {
                str(p.id): [[name, values[p.id]] for name, values in rendered] for p in partners
            }
        if seen is None:
            seen = self._fuxi_sms_numbers_sent()
        self.env.flush_all()
        base_url = self.get_base_url()
        optout = policy._fuxi_sms_optout_text(company)
        unsubscribe = self.sms_allow_unsubscribe
        Trace = self.env["mailing.trace"]
        rows, links = [], {}
        for partner in partners:
            # the number as the rules checked it (E.164 also without the phonenumbers library)
            number = partner.fuxi_sms_key or partner.phone_sanitized
            if number in seen:
                # two guests sharing a mobile number get one SMS (as Odoo's composer does)
                links[partner.id] = ("sms.sms", None, "failed", "sms_duplicate")
                continue
            seen.add(number)
            trace_code = Trace._get_random_code()
            body = policy._fuxi_sms_with_optout(bodies.get(partner.id), text=optout)
            if unsubscribe:
                url = werkzeug.urls.url_join(base_url, f"/sms/{self.id}/{trace_code}")
                body = f"{body}\n{self.env['sms.composer']._get_unsubscribe_info(url)}"
            rows.append([partner.id, None, number, body, uuid.uuid4().hex, trace_code])
        if rows:
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(pg_get_serial_sequence('sms_sms', 'id')) "
                    "FROM generate_series(1, %s)",
                    len(rows),
                )
            )
            for row, (sms_id,) in zip(rows, self.env.cr.fetchall(), strict=True):
                row[1] = sms_id
                links[row[0]] = ("sms.sms", sms_id, "queued", None)
        claimed = policy._fuxi_claim_linked(
            partners, "sms", "marketing", self._fuxi_occasion(), links, company
        )
        claimed_ids = set(claimed.ids)
        rows = [row for row in rows if row[0] in claimed_ids]
        now = fields.Datetime.now()
        uid = self.env.uid
        if rows:
            pids, sms_ids, numbers, texts, uuids, codes = (
                list(column) for column in zip(*rows, strict=True)
            )
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO sms_sms
                           (id, partner_id, number, body, uuid, state, to_delete, mailing_id,
                            record_company_id, fuxi_template_code, fuxi_template_params,
                            fuxi_attempts, create_uid, create_date, write_uid, write_date)
                    SELECT sid, pid, num, body, uid_, 'outgoing', FALSE, %(mailing)s,
                           %(company)s, %(code)s, %(params)s::jsonb -> pid::text,
                           0, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(sms)s::int[], %(pids)s::int[], %(numbers)s::varchar[],
                                  %(bodies)s::text[], %(uuids)s::varchar[])
                           AS v(sid, pid, num, body, uid_)
                    """,
                    mailing=self.id,
                    company=company.id,
                    code=code or None,
                    params=json.dumps(params),
                    uid=uid,
                    now=now,
                    sms=sms_ids,
                    pids=pids,
                    numbers=numbers,
                    bodies=texts,
                    uuids=uuids,
                )
            )
            self.env.cr.execute(
                SQL(
                    """
                    WITH traces AS (
                        INSERT INTO mailing_trace
                               (trace_type, model, res_id, mass_mailing_id, campaign_id,
                                sms_id_int, sms_number, sms_code, trace_status,
                                create_uid, create_date, write_uid, write_date)
                        SELECT 'sms', 'res.partner', pid, %(mailing)s, %(campaign)s, sid, num,
                               code, 'outgoing', %(uid)s, %(now)s, %(uid)s, %(now)s
                          FROM unnest(%(pids)s::int[], %(sms)s::int[], %(numbers)s::varchar[],
                                      %(codes)s::varchar[]) AS v(pid, sid, num, code)
                     RETURNING id, sms_id_int
                    )
                    INSERT INTO sms_tracker
                           (sms_uuid, mailing_trace_id, create_uid, create_date, write_uid,
                            write_date)
                    SELECT v.uuid, t.id, %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM traces t
                      JOIN unnest(%(sms)s::int[], %(uuids)s::varchar[]) AS v(sid, uuid)
                        ON v.sid = t.sms_id_int
                    """,
                    mailing=self.id,
                    campaign=self.campaign_id.id or None,
                    uid=uid,
                    now=now,
                    pids=pids,
                    sms=sms_ids,
                    numbers=numbers,
                    codes=codes,
                    uuids=uuids,
                )
            )
        for model in ("sms.sms", "mailing.trace", "sms.tracker"):
            self.env[model].invalidate_model()
        if rows:
            if self.sms_force_send:
                self.env["sms.sms"].browse(sms_ids).send(auto_commit=False)
            else:
                self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return claimed

    def _fuxi_link_messages(self, partner_ids):
        """Point each guest's log row at the sms.sms / mail.mail Odoo made (one statement for
        the batch); messages Odoo cancelled itself (a duplicate address…) are logged failed."""
        self.ensure_one()
        self.env.flush_all()
        if self.mailing_type == "sms":
            model, id_column = "sms.sms", SQL("t.sms_id_int")
        else:
            model, id_column = "mail.mail", SQL("t.mail_mail_id_int")
        self.env.cr.execute(
            SQL(
                """UPDATE fuxi_marketing_send s
                      SET res_model = %(model)s, res_id = %(id_column)s,
                          state = CASE WHEN t.trace_status IN ('cancel', 'error')
                                       THEN 'failed' ELSE s.state END,
                          reason = CASE WHEN t.trace_status IN ('cancel', 'error')
                                        THEN COALESCE(t.failure_reason, t.failure_type)
                                        ELSE s.reason END,
                          write_date = %(now)s, write_uid = %(uid)s
                     FROM mailing_trace t
                    WHERE t.mass_mailing_id = %(mailing)s AND t.model = 'res.partner'
                      AND t.res_id = ANY(%(ids)s) AND s.partner_id = t.res_id
                      AND s.channel = %(channel)s AND s.occasion = %(occasion)s""",
                model=model,
                id_column=id_column,
                now=fields.Datetime.now(),
                uid=self.env.uid,
                mailing=self.id,
                ids=list(partner_ids),
                channel=self._fuxi_channel(),
                occasion=self._fuxi_occasion(),
            )
        )
        self.env["fuxi.marketing.send"].invalidate_model()

    # ------------------------------------------------------------------ effect

    @api.model
    def _cron_fuxi_compute_effect(self):
        """Daily: the effect of campaigns whose window is open or closed less than a day ago
        (later ones do not change any more)."""
        since = fields.Datetime.now() - timedelta(days=1)
        campaigns = self.search([("fuxi_drawn", "=", True), ("sent_date", "!=", False)])
        campaigns.filtered(
            lambda m: not m.fuxi_effect_until or m.fuxi_effect_until >= since
        )._fuxi_compute_effect()

    def _fuxi_effect_sums(self, start, end):
        """{holdout: {n, visits (Σ, Σ²), spend (Σ, Σ²)}} over the guests measured: the
        recipients (a message was queued for them, whatever became of it) and the held-out
        guests whom the rules would have let a message reach. Per guest, zero when they did
        not come (one row per guest of each group)."""
        self.ensure_one()
        self.env["fuxi.consumption"].flush_model(["partner_id", "date", "amount_total"])
        self.env["fuxi.marketing.assignment"].flush_model()
        self.env["fuxi.marketing.send"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH measured AS (
                    SELECT a.partner_id, a.holdout
                      FROM fuxi_marketing_assignment a
                     WHERE a.mailing_id = %(mailing)s
                       AND ((a.holdout AND a.eligible)
                            OR (NOT a.holdout AND EXISTS (
                                SELECT 1 FROM fuxi_marketing_send s
                                 WHERE s.partner_id = a.partner_id AND s.channel = %(channel)s
                                   AND s.occasion = %(occasion)s AND s.state != 'refused')))
                ), per_guest AS (
                    SELECT m.holdout, count(c.id) AS visits,
                           COALESCE(sum(c.amount_total), 0) AS spend
                      FROM measured m
                 LEFT JOIN fuxi_consumption c
                        ON c.partner_id = m.partner_id AND c.company_id = %(company)s
                       AND c.date >= %(start)s AND c.date < %(end)s
                  GROUP BY m.partner_id, m.holdout
                )
                SELECT holdout, count(*), sum(visits), sum(visits * visits),
                       sum(spend), sum(spend * spend)
                  FROM per_guest GROUP BY holdout
                """,
                mailing=self.id,
                channel=self._fuxi_channel(),
                occasion=self._fuxi_occasion(),
                company=self._fuxi_company().id,
                start=start,
                end=end,
            )
        )
        return {
            holdout: {
                "n": n,
                "visits": (n, float(v or 0), float(v2 or 0)),
                "spend": (n, float(s or 0), float(s2 or 0)),
            }
            for holdout, n, v, v2, s, s2 in self.env.cr.fetchall()
        }

    def _fuxi_compute_effect(self):
        now = fields.Datetime.now()
        for mailing in self.filtered(lambda m: m.fuxi_drawn and m.sent_date):
            start = mailing.sent_date
            end = start + timedelta(days=mailing.fuxi_effect_days)
            sums = mailing._fuxi_effect_sums(start, min(end, now))
            treated, control = sums.get(False), sums.get(True)
            values = {
                "fuxi_effect_date": now,
                "fuxi_effect_until": end,
                "fuxi_effect_treated": treated["n"] if treated else 0,
                "fuxi_effect_control": control["n"] if control else 0,
            }
            visits = spend = None
            if treated and control:
                visits = welch_interval(treated["visits"], control["visits"])
                spend = welch_interval(treated["spend"], control["spend"])
            for key, result in (("visits", visits), ("spend", spend)):
                values.update(
                    {
                        f"fuxi_{key}_treated": result["mean_treated"] if result else 0.0,
                        f"fuxi_{key}_control": result["mean_control"] if result else 0.0,
                        f"fuxi_{key}_uplift": result["diff"] if result else 0.0,
                        f"fuxi_{key}_low": result["low"] if result else 0.0,
                        f"fuxi_{key}_high": result["high"] if result else 0.0,
                    }
                )
            if not spend:
                note = "none"
            elif spend["low"] > 0:
                note = "up"
            elif spend["high"] < 0:
                note = "down"
            else:
                note = "unclear"
            values["fuxi_effect_note"] = note
            mailing.write(values)
        return True

    # ------------------------------------------------------------------ opt-out links

    def _fuxi_optout_from_mail_link(self, partner_id, email):
        """Odoo's unsubscribe page (its hash token checked) for guest ``partner_id``."""
        self.ensure_one()
        if not self.fuxi_audience_id or self.mailing_model_real != "res.partner":
            return False
        partner = self.env["res.partner"].sudo().browse(partner_id).exists()
        if not partner or email_normalize(email or "") != partner.email_normalized:
            return False
        partner._fuxi_set_marketing_consent(False, "web")
        return True

    def _fuxi_optout_from_sms_link(self, trace_code, number):
        """mass_mailing_sms's opt-out page: the trace's code and the number typed in must
        match an SMS of this campaign."""
        self.ensure_one()
        digits = "".join(c for c in number if c.isdigit())[-11:]
        if not self.fuxi_audience_id or len(digits) < 7:
            return False
        traces = (
            self.env["mailing.trace"]
            .sudo()
            .search(
                [
                    ("mass_mailing_id", "=", self.id),
                    ("trace_type", "=", "sms"),
                    ("sms_code", "=", trace_code),
                    ("model", "=", "res.partner"),
                ]
            )
            .filtered(
                lambda t: "".join(c for c in t.sms_number or "" if c.isdigit())[-11:] == digits
            )
        )
        partners = self.env["res.partner"].sudo().browse(traces.mapped("res_id")).exists()
        partners._fuxi_set_marketing_consent(False, "web")
        return bool(partners)
