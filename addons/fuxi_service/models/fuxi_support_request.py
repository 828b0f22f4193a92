from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .fuxi_service_channels import CHANNELS


class FuxiSupportRequest(models.Model):
    """客户支持: a guest's question and how it was answered."""

    _name = "fuxi.support.request"
    _description = "Customer Support Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "fuxi.qa.suggestion.mixin",
        "fuxi.sequence.mixin",
    ]
    _order = "date desc, id desc"
    _fuxi_sequence_code = "fuxi.support.request"
    _fuxi_suggest_field = "question"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index=True, domain=[("is_fuxi_customer", "=", True)]
    )
    contact_name = fields.Char(help="Who asked, when not a registered customer.")
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    date = fields.Datetime(default=fields.Datetime.now, required=True, index=True)
    question = fields.Text(required=True, tracking=True)
    answer = fields.Html(sanitize=True)
    qa_id = fields.Many2one("fuxi.qa", string="Answer From the Library", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Answered By", default=lambda self: self.env.user, index=True
    )
    state = fields.Selection(
        # not "New": one English term has one Chinese, and "New" is also a new dish (新菜)
        [("new", "Unanswered"), ("answered", "Answered"), ("closed", "Closed")],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )

    @api.depends("question")
    def _compute_suggested_qa_ids(self):
        return super()._compute_suggested_qa_ids()

    def action_use_answer(self, qa_id):
        """Give a library answer: copied into the request, the answer's use counted."""
        self.ensure_one()
        valid_id = isinstance(qa_id, int) and not isinstance(qa_id, bool)
        entry = self.env["fuxi.qa"].browse(qa_id if valid_id else []).exists()
        # sudo: someone else's draft is not readable, and must get the same answer
        if not entry or entry.sudo().state != "published":
            raise UserError(self.env._("Pick a published answer of the library."))
        entry.mark_used()
        self.write(
            {
                "answer": entry.answer,
                "qa_id": entry.id,
                "state": "answered",
                "user_id": self.env.uid,
            }
        )
        return True

    def action_save_as_qa(self):
        """Keep this question and answer in the library: published at once by knowledge
        managers, otherwise waiting for their approval."""
        self.ensure_one()
        if is_html_empty(self.answer):
            raise UserError(self.env._("Write the answer before saving it to the library."))
        QA = self.env["fuxi.qa"]
        publish = QA._can_publish()
        entry = QA.create(
            {
                "question": self.question.strip()[:250],
                "answer": self.answer,
                "state": "published" if publish else "to_approve",
            }
        )
        if not publish:
            managers = self.env.ref("fuxi_knowledge.group_fuxi_knowledge_manager").users
            entry.message_post(
                body=self.env._("New answer to approve, from support request %s.", self.name),
                partner_ids=managers.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        self.write({"qa_id": entry.id, "state": "answered"})
        return True

    def action_close(self):
        for request in self:
            if request.state == "new":
                raise UserError(self.env._("Answer %s before closing it.", request.name))
        self.write({"state": "closed"})
        return True

    def action_reopen(self):
        self.write({"state": "answered" if self.answer else "new"})
        return True
