"""The rules every message to a guest goes through (consent, opt-out lists, a valid address,
the monthly cap, quiet hours) and the log that makes a message leave once per guest and
occasion. Campaigns, news, greetings and reservation messages all call these methods."""

import logging
import re
from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .fuxi_marketing_send import CHANNELS, PURPOSES

_logger = logging.getLogger(__name__)

DEFAULT_TZ = "Asia/Shanghai"
DEFAULT_SMS_OPTOUT_TEXT = "回T退订"

# the digits of a mainland number SMS can reach: (86) 1[3-9]x xxxx xxxx (a landline takes
# no SMS)
CN_MOBILE_DIGITS_RE = r"^(86)?1[3-9][0-9]{9}$"

# up to this many guests, the monthly cap is counted guest by guest (index look-ups)
CAP_PER_GUEST_MAX = 10000


def sms_key(number):
    """The number an SMS would go to, as +<country><number>, or False when ``number``
    cannot take an SMS. Odoo's phone_sanitized is E.164 only when the phonenumbers library
    is installed; without it, it is the number as typed (mostly 13800138000). Bare numbers
    are mainland numbers and must be mobiles (1[3-9] + 9 digits); a number written with
    + or 00 keeps its country (+86 ones must be mobiles too). The SQL twin is
    fuxi.marketing.policy._fuxi_mobile_key_sql: keep them equal."""
    number = (number or "").strip()
    digits = re.sub(r"[^0-9]", "", number)
    if number.startswith(("+", "00")):
        international = digits[2:] if number.startswith("00") else digits
        if re.match(r"^861[3-9][0-9]{9}$", international):
            return f"+{international}"
        if not international.startswith("86") and len(international) >= 8:
            return f"+{international}"
        return False
    if re.match(CN_MOBILE_DIGITS_RE, digits):
        return f"+86{digits[-11:]}"
    return False


class FuxiMarketingPolicy(models.AbstractModel):
    _name = "fuxi.marketing.policy"
    _description = "Rules for Messages to Guests"

    # -- settings ----------------------------------------------------------------------

    @api.model
    def _fuxi_refusal_reasons(self):
        """Reason code → label, in the reader's language."""
        return {
            "no_mobile": _("No mobile number"),
            "no_email": _("No valid e-mail address"),
            "blacklisted": _("Opted out (blacklist)"),
            "no_consent": _("No marketing consent"),
            "cap": _("Monthly limit reached"),
        }

    @api.model
    def _fuxi_monthly_cap(self):
        return self.env["ir.config_parameter"]._fuxi_get_int(
            "fuxi_marketing.monthly_cap", 4, minimum=0
        )

    @api.model
    def _fuxi_hour_setting(self, key, default):
        raw = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            value = float(raw) if raw not in (None, False, "") else default
        except ValueError:
            _logger.warning("setting %s = %r is not an hour: using %s", key, raw, default)
            value = default
        return min(max(value, 0.0), 24.0)

    @api.model
    def _fuxi_tz(self, company=None):
        company = company or self.env.company
        try:
            return pytz.timezone(company.sudo().fuxi_marketing_tz or DEFAULT_TZ)
        except pytz.UnknownTimeZoneError:
            return pytz.timezone(DEFAULT_TZ)

    @api.model
    def _fuxi_month_bounds(self, company=None, now=None):
        """The company's local calendar month containing ``now``, as naive UTC bounds."""
        tz = self._fuxi_tz(company)
        local = pytz.utc.localize(now or fields.Datetime.now()).astimezone(tz)
        first = local.date().replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)

        def to_utc(day):
            return (
                tz.localize(datetime.combine(day, time())).astimezone(pytz.utc).replace(tzinfo=None)
            )

        return to_utc(first), to_utc(following)

    @api.model
    def _fuxi_sms_optout_text(self, company=None):
        """The opt-out sentence every marketing SMS ends with (e.g. 回T退订)."""
        company = company or self.env.company
        return (company.sudo().fuxi_marketing_sms_optout_text or "").strip() or (
            DEFAULT_SMS_OPTOUT_TEXT
        )

    @api.model
    def _fuxi_sms_with_optout(self, body, company=None, text=None):
        """``body`` ending with the opt-out text (once, also when the template has it);
        ``text``: the company's, read already (a campaign appends it 100,000 times)."""
        text = text or self._fuxi_sms_optout_text(company)
        body = (body or "").rstrip()
        return body if body.endswith(text) else f"{body} {text}" if body else text

    # -- who may receive ---------------------------------------------------------------

    @api.model
    def _fuxi_check_kind(self, channel, purpose):
        if channel not in dict(CHANNELS):
            raise UserError(_("Unknown channel: %(channel)s", channel=channel))
        if purpose not in dict(PURPOSES):
            raise UserError(_("Unknown purpose: %(purpose)s", purpose=purpose))

    @api.model
    def _fuxi_mobile_key_sql(self, number):
        """SQL twin of sms_key() (NULL for False), for the phone blacklist's numbers."""
        digits = SQL("regexp_replace(COALESCE(%s, ''), '[^0-9]', '', 'g')", number)
        international = SQL(
            "CASE WHEN %(n)s ~ '^\\s*00' THEN substr(%(d)s, 3) ELSE %(d)s END",
            n=number,
            d=digits,
        )
        return SQL(
            """CASE WHEN %(n)s ~ '^\\s*(\\+|00)' THEN
                        CASE WHEN %(i)s ~ %(cn)s THEN '+' || %(i)s
                             WHEN %(i)s !~ '^86' AND length(%(i)s) >= 8 THEN '+' || %(i)s
                        END
                    WHEN %(d)s ~ %(bare)s THEN '+86' || right(%(d)s, 11)
               END""",
            n=number,
            d=digits,
            i=international,
            cn=r"^861[3-9][0-9]{9}$",
            bare=CN_MOBILE_DIGITS_RE,
        )

    @api.model
    def _fuxi_refusal_sql(self, channel, purpose, company=None, now=None, per_guest=False):
        """SQL over a res_partner row ``p``: NULL when the message may
        go, else the reason code. The opt-out lists and the monthly counts are hashed once
        per statement, not looked up per guest (an audience counts 100,000 guests); with
        ``per_guest`` each guest's monthly count is read from the log's (partner, date)
        index instead (a campaign checks 2,000 guests a batch while the month's log grows
        by as many: counting the whole month each batch grew with the campaign)."""
        self._fuxi_check_kind(channel, purpose)
        if channel == "sms":
            address = SQL("WHEN p.fuxi_sms_key IS NULL THEN 'no_mobile'")
            blacklist = SQL(
                "WHEN p.fuxi_sms_key IN (SELECT %s FROM phone_blacklist b WHERE b.active) "
                "THEN 'blacklisted'",
                self._fuxi_mobile_key_sql(SQL("b.number")),
            )
        else:
            address = SQL("WHEN COALESCE(p.email_normalized, '') = '' THEN 'no_email'")
            blacklist = SQL(
                "WHEN p.email_normalized IN (SELECT b.email FROM mail_blacklist b "
                "WHERE b.active) THEN 'blacklisted'"
            )
        if purpose == "service":
            # Odoo's two blacklists are marketing opt-outs (the mass mailing unsubscribe page,
            # an SMS "T" reply): a confirmation of the guest's own booking still reaches them
            return SQL("CASE %s END", address)
        start, end = self._fuxi_month_bounds(company, now)
        cap = self._fuxi_monthly_cap()
        if not cap:
            capped = SQL("TRUE")
        elif per_guest:
            capped = SQL(
                """(SELECT count(*) FROM fuxi_marketing_send s
                     WHERE s.partner_id = p.id AND s.purpose = 'marketing'
                       AND s.date >= %(start)s AND s.date < %(end)s
                       AND s.state IN ('queued', 'sent')) >= %(cap)s""",
                start=start,
                end=end,
                cap=cap,
            )
        else:
            capped = SQL(
                """p.id IN (SELECT s.partner_id FROM fuxi_marketing_send s
                             WHERE s.purpose = 'marketing' AND s.state IN ('queued', 'sent')
                               AND s.date >= %(start)s AND s.date < %(end)s
                          GROUP BY s.partner_id HAVING count(*) >= %(cap)s)""",
                start=start,
                end=end,
                cap=cap,
            )
        return SQL(
            """CASE %(address)s %(blacklist)s
                    WHEN NOT COALESCE(p.fuxi_marketing_consent, FALSE) THEN 'no_consent'
                    WHEN %(capped)s THEN 'cap'
               END""",
            address=address,
            blacklist=blacklist,
            capped=capped,
        )

    @api.model
    def _fuxi_reasons_sql(self, partner_ids, channels, purpose, company=None, now=None):
        """SQL: (partner id, reason code or NULL per channel) for the partners of the
        subquery or id list ``partner_ids``. Shared by _fuxi_allowed and the audiences'
        counts, so that what a count calls reachable is exactly what a send allows."""
        # a batch's monthly counts are read guest by guest; a whole audience's (or a
        # sub-query's) are hashed once
        per_guest = not isinstance(partner_ids, SQL) and len(partner_ids) <= CAP_PER_GUEST_MAX
        reasons = [
            self._fuxi_refusal_sql(channel, purpose, company, now, per_guest=per_guest)
            for channel in channels
        ]
        ids = partner_ids if isinstance(partner_ids, SQL) else SQL("%s", tuple(partner_ids) or (0,))
        return SQL(
            "SELECT p.id, %s FROM res_partner p WHERE p.id IN %s",
            SQL(", ").join(reasons),
            ids,
        )

    @api.model
    def _fuxi_flush(self):
        self.env["res.partner"].flush_model(
            ["fuxi_sms_key", "email_normalized", "fuxi_marketing_consent"]
        )
        self.env["fuxi.marketing.send"].flush_model()
        self.env["phone.blacklist"].flush_model()
        self.env["mail.blacklist"].flush_model()

    @api.model
    def _fuxi_allowed(self, partners, channel, purpose, company=None, now=None):
        """(the partners a ``purpose`` message by ``channel`` may reach now, {partner id:
        reason code} for the others). Marketing needs consent, no blacklist entry, a valid
        address and room under the monthly cap; service only a valid address."""
        query = self._fuxi_reasons_sql(partners.ids, [channel], purpose, company, now)
        if not partners:
            return partners, {}
        self._fuxi_flush()
        self.env.cr.execute(query)
        reasons = {pid: reason for pid, reason in self.env.cr.fetchall() if reason}
        return partners.filtered(lambda p: p.id not in reasons), reasons

    @api.model
    def _fuxi_quiet_until(self, company=None, now=None):
        """False when a marketing message may leave at ``now`` (UTC, default: now); else the
        naive UTC datetime at which the company's quiet hours end."""
        tz = self._fuxi_tz(company)
        local = pytz.utc.localize(now or fields.Datetime.now()).astimezone(tz)
        start = round(self._fuxi_hour_setting("fuxi_marketing.quiet_start", 21.0) * 3600)
        end = round(self._fuxi_hour_setting("fuxi_marketing.quiet_end", 8.0) * 3600)
        if start == end:
            return False
        second = local.hour * 3600 + local.minute * 60 + local.second
        if start > end:  # across midnight, e.g. 21:00-08:00
            quiet = second >= start or second < end
        else:
            quiet = start <= second < end
        if not quiet:
            return False
        day = local.date() + timedelta(days=1) if start > end and second >= start else local.date()
        until = tz.localize(datetime.combine(day, time()) + timedelta(seconds=end))
        return until.astimezone(pytz.utc).replace(tzinfo=None)

    # -- the log -----------------------------------------------------------------------

    @api.model
    def _fuxi_insert_sends(
        self, partners, channel, purpose, occasion, company, state, reasons, links=None
    ):
        """Insert the log rows that do not exist yet; the ids of the partners inserted.
        ``links`` {partner id: (res_model, res_id, state, reason)} writes a partner's row
        already pointing at its message (instead of ``state`` and ``reasons``)."""
        self._fuxi_check_kind(channel, purpose)
        if not occasion or not isinstance(occasion, str):
            raise UserError(_("A message needs an occasion key."))
        if not partners:
            return []
        company = company or self.env.company
        self.env["fuxi.marketing.send"].flush_model()
        ids = list(partners.ids)
        reasons, links = reasons or {}, links or {}
        rows = [links.get(pid) or (None, None, state, reasons.get(pid)) for pid in ids]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fuxi_marketing_send
                       (company_id, partner_id, channel, purpose, occasion, state, reason,
                        res_model, res_id, date, create_uid, create_date, write_uid, write_date)
                SELECT %(company)s, v.pid, %(channel)s, %(purpose)s, %(occasion)s, v.state,
                       v.reason, v.res_model, v.res_id, %(now)s,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(models)s::varchar[], %(res_ids)s::int[],
                              %(states)s::varchar[], %(reasons)s::varchar[])
                       AS v(pid, res_model, res_id, state, reason)
                    ON CONFLICT (partner_id, channel, occasion) DO NOTHING
             RETURNING partner_id
                """,
                company=company.id,
                channel=channel,
                purpose=purpose,
                occasion=occasion,
                now=fields.Datetime.now(),
                uid=self.env.uid,
                ids=ids,
                models=[row[0] for row in rows],
                res_ids=[row[1] for row in rows],
                states=[row[2] for row in rows],
                reasons=[row[3] for row in rows],
            )
        )
        inserted = {pid for (pid,) in self.env.cr.fetchall()}
        self.env["fuxi.marketing.send"].invalidate_model()
        return [pid for pid in ids if pid in inserted]

    @api.model
    def _fuxi_claim(self, partners, channel, purpose, occasion, company=None):
        """Log a queued message for each partner who has none yet for (channel, occasion)
        and return those partners: the caller sends to them only. A concurrent transaction
        claiming the same occasion waits for this one and then gets none of them."""
        ids = self._fuxi_insert_sends(partners, channel, purpose, occasion, company, "queued", {})
        return partners.browse(ids)

    @api.model
    def _fuxi_claim_linked(self, partners, channel, purpose, occasion, links, company=None):
        """_fuxi_claim for a caller that knows its messages' ids before making them (drawn
        from their table's sequence): each row is inserted already pointing at its message,
        ``links`` {partner id: (res_model, res_id, state, reason)} — one write per row
        instead of an insert and an update. The caller makes only the claimed messages."""
        ids = self._fuxi_insert_sends(
            partners, channel, purpose, occasion, company, "queued", {}, links=links
        )
        return partners.browse(ids)

    @api.model
    def _fuxi_record_refusals(self, reasons, channel, purpose, occasion, company=None):
        """Log refused messages ({partner id: reason code}) so that a campaign can say who
        was not reached and why; a partner already logged for the occasion keeps its row."""
        partners = self.env["res.partner"].browse(list(reasons))
        ids = self._fuxi_insert_sends(
            partners, channel, purpose, occasion, company, "refused", reasons
        )
        return partners.browse(ids)

    @api.model
    def _fuxi_link(self, partner, channel, occasion, record, state=None, reason=None):
        """Attach the sms.sms / mail.mail made for a claimed message (and its new state)."""
        send = (
            self.env["fuxi.marketing.send"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("channel", "=", channel),
                    ("occasion", "=", occasion),
                ],
                limit=1,
            )
        )
        if not send:
            raise UserError(
                _(
                    "No message to %(guest)s was claimed for %(occasion)s.",
                    guest=partner.display_name,
                    occasion=occasion,
                )
            )
        values = {"res_model": record._name, "res_id": record.id} if record else {}
        if state:
            values["state"] = state
        if reason is not None:
            values["reason"] = reason
        send.write(values)
        return send
