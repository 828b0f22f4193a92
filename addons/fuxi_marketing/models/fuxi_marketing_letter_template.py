import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class FuxiMarketingLetterTemplate(models.Model):
    """The text of a greeting letter (贺卡贺信) with placeholders filled per guest."""

    _name = "fuxi.marketing.letter.template"
    _description = "Greeting Letter Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    salutation = fields.Char(
        required=True,
        default="尊敬的{name}{title}：",
        help="The first line, e.g. 尊敬的{name}{title}：",
    )
    body = fields.Text(
        required=True,
        help="The letter, paragraphs separated by empty lines. Placeholders: {name} the "
        "guest's name, {title} their title (先生/女士), {company} the restaurant, {date} "
        "today's date, {benefits} what the guest is offered (e.g. the birthday discount).",
    )
    closing = fields.Text(default="{company}\n{date}", help="Signature lines at the bottom.")
    paper = fields.Selection([("a4", "A4"), ("a5", "A5")], default="a5", required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )

    @api.model
    def _fuxi_placeholders(self):
        return ("name", "title", "company", "date", "benefits")

    @api.constrains("salutation", "body", "closing")
    def _check_placeholders(self):
        for template in self:
            for text in (template.salutation, template.body, template.closing):
                self._fuxi_check_text(text)

    @api.model
    def _fuxi_check_text(self, text):
        known = self._fuxi_placeholders()
        unknown = [name for name in PLACEHOLDER.findall(text or "") if name not in known]
        if unknown:
            raise ValidationError(
                self.env._(
                    "Unknown placeholder {%(name)s} in the letter. Use only: %(known)s.",
                    name=unknown[0],
                    known=", ".join(f"{{{k}}}" for k in known),
                )
            )

    @api.model
    def _fuxi_fill(self, text, values):
        self._fuxi_check_text(text)
        return PLACEHOLDER.sub(lambda m: str(values[m.group(1)] or ""), text or "")
