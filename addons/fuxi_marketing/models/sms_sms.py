import logging
from collections import defaultdict

from odoo import models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        held = self._fuxi_hold_for_quiet_hours()
        return super(SmsSms, self - held).send(
            unlink_failed=unlink_failed,
            unlink_sent=unlink_sent,
            auto_commit=auto_commit,
            raise_exception=raise_exception,
        )

    def _fuxi_marketing_sms(self):
        """The marketing SMS among these: a campaign's, or logged as marketing (news,
        greetings) in fuxi.marketing.send."""
        outgoing = self.filtered(lambda s: s.state == "outgoing")
        if not outgoing:
            return self.browse()
        self.env["fuxi.marketing.send"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT s.id FROM sms_sms s
                     LEFT JOIN mailing_mailing m ON m.id = s.mailing_id
                    WHERE s.id = ANY(%(ids)s)
                      AND (m.fuxi_audience_id IS NOT NULL
                           OR EXISTS (SELECT 1 FROM fuxi_marketing_send f
                                       WHERE f.res_model = 'sms.sms' AND f.res_id = s.id
                                         AND f.purpose = 'marketing'))""",
                ids=outgoing.ids,
            )
        )
        return self.browse([sms_id for (sms_id,) in self.env.cr.fetchall()])

    def _fuxi_hold_for_quiet_hours(self):
        """Marketing SMS do not leave during the company's quiet hours (a retry after a
        gateway outage neither): they wait in the queue until the quiet hours end."""
        marketing = self._fuxi_marketing_sms()
        if not marketing:
            return marketing
        by_company = defaultdict(lambda: self.browse())
        for sms in marketing:
            by_company[sms.mailing_id.fuxi_company_id or sms._get_sms_company()] |= sms
        policy = self.env["fuxi.marketing.policy"]
        held = self.browse()
        for company, company_sms in by_company.items():
            until = policy._fuxi_quiet_until(company or None)
            if until:
                company_sms.sudo().write({"fuxi_next_try": until})
                held |= company_sms
        if held:
            _logger.info("%s marketing SMS held until the end of quiet hours", len(held))
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger(
                at=min(held.mapped("fuxi_next_try"))
            )
        return held
