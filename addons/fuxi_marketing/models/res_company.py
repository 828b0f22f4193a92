from odoo import fields, models

from odoo.addons.base.models.res_partner import _tz_get

from .fuxi_marketing_policy import DEFAULT_SMS_OPTOUT_TEXT, DEFAULT_TZ, sms_key


class ResCompany(models.Model):
    _inherit = "res.company"

    # Odoo's company has no time zone; quiet hours and the monthly cap are the restaurant's
    # local hours and months, which may differ between companies (a branch abroad).
    fuxi_marketing_tz = fields.Selection(
        _tz_get, string="Marketing time zone", default=DEFAULT_TZ, required=True
    )
    fuxi_marketing_sms_optout_text = fields.Char(
        "SMS opt-out text",
        default=DEFAULT_SMS_OPTOUT_TEXT,
        help="Appended to every marketing SMS (PRC practice: say how to opt out).",
    )

    def _fuxi_sms_reply_received(self, number, text, provider):
        """An opt-out reply also withdraws the marketing consent of the guests with that
        number (the phone blacklist alone would still let e-mail marketing through)."""
        optout = super()._fuxi_sms_reply_received(number, text, provider)
        if optout:
            # guests' numbers are mostly typed without +86: match the number SMS go to too
            key = sms_key(number)
            partners = (
                self.env["res.partner"]
                .sudo()
                .search(
                    [
                        "|",
                        ("fuxi_sms_key", "=", key or number),
                        ("phone_mobile_search", "=", number),
                        ("company_id", "in", [False, self.id]),
                        ("fuxi_marketing_consent", "=", True),
                    ],
                    limit=20,
                )
            )
            partners._fuxi_set_marketing_consent(False, "sms_reply")
        return optout
