from urllib.parse import urlsplit

from odoo import models, tools

# the local part Odoo itself gives its alias domains' default sender
FALLBACK_SENDER = "notifications"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _message_compute_author(self, author_id=None, email_from=None, raise_on_email=True):
        """Staff without an e-mail address can author messages and activities.

        Restaurant staff log in with a login name and have no mailbox: mail refuses any
        message they write for someone else ("configure the sender's email address"). Such an
        author gets the address the server sends from, under their own name; everyone else
        (users and contacts with an address, portal users, public) is left to mail.
        """
        if not email_from and author_id is not False:
            if author_id:
                author = self.env["res.partner"].browse(author_id)
            else:
                author = self.env.user.partner_id
            if not author.email and author._fuxi_is_staff():
                author_id = author.id
                email_from = tools.formataddr((author.name or "", self._fuxi_staff_sender()))
        return super()._message_compute_author(
            author_id=author_id, email_from=email_from, raise_on_email=raise_on_email
        )

    def _fuxi_staff_sender(self):
        """The address mail from staff without one goes out from: the company's default
        sender (its alias domain, or the server's --email-from), else the company's address,
        else the server's notifications address on its own host name."""
        sender = self.env["ir.mail_server"].sudo()._get_default_from_address()
        if not sender:
            sender = self.env.company.email
        if not sender:
            base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
            host = urlsplit(base_url).hostname or "localhost"
            sender = f"{FALLBACK_SENDER}@{host}"
        return sender
