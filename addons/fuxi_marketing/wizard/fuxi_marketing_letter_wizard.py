from odoo import api, fields, models
from odoo.exceptions import UserError


class FuxiMarketingLetterWizard(models.TransientModel):
    """Greeting letters for the selected guests: one page each, then their address labels."""

    _name = "fuxi.marketing.letter.wizard"
    _description = "Print Greeting Letters"

    partner_ids = fields.Many2many("res.partner", string="Guests", required=True)
    template_id = fields.Many2one("fuxi.marketing.letter.template", string="Letter")
    salutation = fields.Char(default="尊敬的{name}{title}：", required=True)
    body = fields.Text(required=True)
    closing = fields.Text(default="{company}\n{date}")
    paper = fields.Selection([("a4", "A4"), ("a5", "A5")], default="a5", required=True)
    letter_date = fields.Date(string="Date", default=fields.Date.context_today, required=True)

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id:
            self.salutation = self.template_id.salutation
            self.body = self.template_id.body
            self.closing = self.template_id.closing
            self.paper = self.template_id.paper

    def _fuxi_letters(self):
        """One dict per guest: salutation, paragraphs, closing lines (checked first)."""
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select the guests to write to."))
        Template = self.env["fuxi.marketing.letter.template"]
        for text in (self.salutation, self.body, self.closing):
            Template._fuxi_check_text(text)
        company = self.env.company
        letters = []
        for partner in self.partner_ids:
            values = {
                "name": partner.name or "",
                "title": partner.title.shortcut or partner.title.name or "",
                "company": company.name or "",
                "date": self._fuxi_date_text(),
                "benefits": partner._fuxi_greeting_benefits(),
            }
            body = Template._fuxi_fill(self.body, values)
            letters.append(
                {
                    "partner": partner,
                    "salutation": Template._fuxi_fill(self.salutation, values),
                    "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()],
                    "closing": [
                        line for line in Template._fuxi_fill(self.closing, values).splitlines()
                    ],
                }
            )
        return letters

    def _fuxi_date_text(self):
        day = self.letter_date
        if (self.env.lang or "").startswith("zh"):
            return f"{day.year}年{day.month}月{day.day}日"
        return fields.Date.to_string(day)

    def action_print(self):
        self.ensure_one()
        self._fuxi_letters()  # refuse bad placeholders before the PDF is asked for
        report = "fuxi_marketing.action_report_letter_" + self.paper
        return self.env.ref(report).report_action(self)

    def action_print_labels(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select the guests to write to."))
        self.partner_ids._fuxi_check_label_address()
        return self.env["res.partner"]._fuxi_label_wizard_action(self.partner_ids)
