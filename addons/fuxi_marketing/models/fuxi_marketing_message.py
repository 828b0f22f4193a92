from odoo import api, models


class FuxiMarketingMessage(models.AbstractModel):
    """One way out for the messages this addon writes itself (news, greetings, service
    messages): the policy decides who may receive them, the claim makes each recipient get
    an occasion once, quiet hours hold marketing until morning, and each text is written in
    the guest's own language."""

    _name = "fuxi.marketing.message"
    _description = "Fuxi Marketing Message Delivery"

    @api.model
    def _fuxi_deliver(
        self, partners, channel, purpose, occasion, build, company=None, record_refusals=False
    ):
        """Send ``occasion`` to ``partners`` over ``channel`` ('sms' | 'mail').

        ``build(partner)`` returns the SMS text (str) or the e-mail values (dict with
        subject and body_html); ``partner`` comes in an environment in their language and
        time zone. Returns the number of messages made (sent now or held by quiet hours).
        ``record_refusals`` logs the partners refused (for a one-off occasion such as a
        news item; a daily job must not, or a guest who consents later stays refused).
        """
        company = company or self.env.company
        Policy = self.env["fuxi.marketing.policy"]
        allowed, reasons = Policy._fuxi_allowed(partners, channel, purpose, company=company)
        if record_refusals and reasons:
            Policy._fuxi_record_refusals(reasons, channel, purpose, occasion, company=company)
        if not allowed:
            return 0
        claimed = Policy._fuxi_claim(allowed, channel, purpose, occasion, company=company)
        if not claimed:
            return 0
        hold_until = purpose == "marketing" and Policy._fuxi_quiet_until(company=company)
        make = self._fuxi_make_sms if channel == "sms" else self._fuxi_make_mail
        for partner in claimed:
            local = partner.with_context(
                lang=partner.lang or company.partner_id.lang or self.env.lang,
                tz=partner.tz or self.env.context.get("tz") or "Asia/Shanghai",
            )
            record = make(local, build(local), purpose, company, hold_until)
            Policy._fuxi_link(partner, channel, occasion, record)
        if channel == "sms":
            cron = self.env.ref("sms.ir_cron_sms_scheduler_action", raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger(hold_until or None)
        return len(claimed)

    @api.model
    def _fuxi_make_sms(self, partner, body, purpose, company, hold_until):
        if purpose == "marketing":
            body = self.env["fuxi.marketing.policy"]._fuxi_sms_with_optout(body, company)
        values = {
            "number": partner.phone_sanitized or partner.mobile or partner.phone,
            "body": body,
            "partner_id": partner.id,
            "record_company_id": company.id,
            "state": "outgoing",
        }
        if hold_until:
            # fuxi_sms_cn's queue leaves an SMS alone until its next try
            values["fuxi_next_try"] = hold_until
        return self.env["sms.sms"].sudo().create(values)

    @api.model
    def _fuxi_make_mail(self, partner, values, purpose, company, hold_until):
        mail_values = {
            "subject": values["subject"],
            "body_html": values["body_html"],
            "email_from": company.email_formatted or self.env.user.email_formatted,
            "recipient_ids": [(4, partner.id)],
            "author_id": company.partner_id.id,
            "auto_delete": False,
        }
        if hold_until:
            mail_values["scheduled_date"] = hold_until
        return self.env["mail.mail"].sudo().create(mail_values)
