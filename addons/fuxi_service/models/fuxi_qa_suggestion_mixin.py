from odoo import fields, models


def suggest_domain_text(text):
    """The typed text worth searching for suggestions, or '' when too short."""
    text = (text or "").strip()
    return text if len(text) >= 2 else ""


class FuxiQaSuggestionMixin(models.AbstractModel):
    """Records whose text field (`_fuxi_suggest_field`) gets matching library answers while
    it is typed: support questions, complaint descriptions."""

    _name = "fuxi.qa.suggestion.mixin"
    _description = "Q&A Suggestions"
    _fuxi_suggest_field = None

    suggested_qa_ids = fields.Many2many(
        "fuxi.qa", compute="_compute_suggested_qa_ids", string="Suggested Answers"
    )

    def _compute_suggested_qa_ids(self):
        QA = self.env["fuxi.qa"]
        for record in self:
            text = suggest_domain_text(record[self._fuxi_suggest_field])
            record.suggested_qa_ids = QA.browse(
                [hit["id"] for hit in QA.search_answers(text, limit=5)] if text else []
            )
