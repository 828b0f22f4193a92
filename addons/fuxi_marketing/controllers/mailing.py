"""Odoo's unsubscribe pages, for a campaign's guest, also withdraw the marketing consent:
the blacklist entry Odoo makes covers one address, the consent covers every channel."""

from odoo.http import request

from odoo.addons.mass_mailing.controllers.main import MassMailController
from odoo.addons.mass_mailing_sms.controllers.main import MailingSMSController


class FuxiMassMailController(MassMailController):
    def _mailing_unsubscribe_from_document(self, mailing, document_id, email, hash_token):
        # reached only once the route checked the hash token of (mailing, document, email)
        response = super()._mailing_unsubscribe_from_document(
            mailing, document_id, email, hash_token
        )
        if document_id and str(document_id).isdigit():
            mailing.sudo()._fuxi_optout_from_mail_link(int(document_id), email)
        return response


class FuxiMailingSMSController(MailingSMSController):
    def blacklist_number(self, mailing_id, trace_code, **post):
        response = super().blacklist_number(mailing_id, trace_code, **post)
        mailing = request.env["mailing.mailing"].sudo().browse(mailing_id).exists()
        if mailing:
            mailing._fuxi_optout_from_sms_link(trace_code, post.get("sms_number") or "")
        return response
