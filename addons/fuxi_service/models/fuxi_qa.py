import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, escape_psql, html2plaintext

KNOWLEDGE_MANAGER = "fuxi_knowledge.group_fuxi_knowledge_manager"
CJK_OR_WORD = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
# two-character words that say nothing about what a guest asks
STOP_BIGRAMS = {
    "请问", "你们", "我们", "可以", "有没", "没有", "什么", "怎么", "是否", "一下", "这个",
    "那个", "哪里", "多少", "的话", "一个", "吗吗", "能不", "不能", "是不", "不是", "店里",
}  # fmt: skip
MAX_TOKENS = 30
CANDIDATES = 300


def tokenize(text):
    """Search tokens of a question: words and numbers, and the two-character sequences of
    Chinese text (which has no spaces), without the filler words."""
    tokens = []
    for run in CJK_OR_WORD.findall((text or "").lower()):
        if "\u3400" <= run[0] <= "\u9fff":
            if len(run) <= 2:
                pieces = [run] if len(run) == 2 else []
            else:
                pieces = [run[i : i + 2] for i in range(len(run) - 1)]
            tokens.extend(piece for piece in pieces if piece not in STOP_BIGRAMS)
        elif len(run) >= 2 or run.isdigit():
            tokens.append(run)
    unique = list(dict.fromkeys(tokens))
    return unique[:MAX_TOKENS]


class FuxiQa(models.Model):
    """标准题库: a question guests ask and the answer any staff member can give."""

    _name = "fuxi.qa"
    _description = "Standard Question and Answer"
    _inherit = ["mail.thread"]
    _order = "use_count desc, id desc"
    _rec_name = "question"

    question = fields.Char(required=True, tracking=True)
    answer = fields.Html(required=True, sanitize=True)
    category_id = fields.Many2one("fuxi.qa.category", string="Category", index=True)
    keywords = fields.Char(help="Other words guests use, separated by spaces or commas.")
    use_count = fields.Integer(
        string="Times Used",
        default=0,
        readonly=True,
        copy=False,
        help="Times staff gave this answer.",
    )
    active = fields.Boolean(default=True)
    author_id = fields.Many2one(
        "res.users", string="Written By", default=lambda self: self.env.user, readonly=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("to_approve", "To Approve"), ("published", "Published")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True)

    @api.model
    def _can_publish(self):
        return self.env.user.has_group(KNOWLEDGE_MANAGER)

    @api.model_create_multi
    def create(self, vals_list):
        publisher = self._can_publish()
        for vals in vals_list:
            if not publisher and not self.env.su:
                # the count and the approval are earned, not typed in
                vals.pop("use_count", None)
                vals.pop("approved_by_id", None)
            if vals.get("state") == "published" and not publisher:
                vals["state"] = "to_approve"
            if vals.get("state") == "published":
                vals.setdefault("approved_by_id", self.env.uid)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self._can_publish():
            if vals.get("state") == "published" or "approved_by_id" in vals:
                raise AccessError(self.env._("Only knowledge managers publish answers."))
            if "use_count" in vals:
                raise AccessError(self.env._("The use count rises when an answer is given."))
        return super().write(vals)

    # ------------------------------------------------------------- search
    @api.model
    def search_answers(self, text, limit=10, category_id=False):
        """Published answers for a guest's question, most relevant first, then most used.

        Score per token: 3 in the question, 2 in the keywords, 1 in the answer; the whole
        question found as typed adds 5. SQL scores the matching entries on the raw columns
        and keeps the best ``CANDIDATES`` (so a large library keeps its best answers in the
        set); Python then scores those on the answer's plain text and ranks them.
        """
        text = (text if isinstance(text, str) else "").strip()[:500]
        tokens = tokenize(text)
        if not tokens:
            return []
        try:
            limit = min(max(int(limit or 10), 1), 50)
            category_id = int(category_id or 0)
        except (TypeError, ValueError):
            raise UserError(self.env._("Search the library with a number of results.")) from None
        self.flush_model(
            ["question", "keywords", "answer", "state", "active", "use_count", "category_id"]
        )

        def like(token):
            return f"%{escape_psql(token)}%"

        conditions = SQL(" OR ").join(
            SQL(
                "(question ILIKE %(p)s OR keywords ILIKE %(p)s OR answer ILIKE %(p)s)",
                p=like(token),
            )
            for token in tokens
        )
        score = SQL(" + ").join(
            SQL(
                "(CASE WHEN question ILIKE %(p)s THEN 3 ELSE 0 END"
                " + CASE WHEN keywords ILIKE %(p)s THEN 2 ELSE 0 END"
                " + CASE WHEN answer ILIKE %(p)s THEN 1 ELSE 0 END)",
                p=like(token),
            )
            for token in tokens
        )
        query = SQL(
            """SELECT id FROM fuxi_qa
                WHERE active AND state = 'published' AND (%s)%s
                ORDER BY %s + CASE WHEN question ILIKE %s THEN 5 ELSE 0 END DESC,
                         use_count DESC, id
                LIMIT %s""",
            conditions,
            SQL(" AND category_id = %s", category_id) if category_id else SQL(""),
            score,
            like(text.lower()),
            CANDIDATES,
        )
        self.env.cr.execute(query)
        candidates = self.browse([row[0] for row in self.env.cr.fetchall()])
        candidates.check_access("read")
        lowered = text.lower()
        scored = []
        for entry in candidates:
            question = (entry.question or "").lower()
            keywords = (entry.keywords or "").lower()
            answer = html2plaintext(entry.answer or "").lower()
            score = 0
            for token in tokens:
                score += 3 * (token in question) + 2 * (token in keywords) + (token in answer)
            if len(lowered) >= 2 and lowered in question:
                score += 5
            if score:
                scored.append((score, entry))
        scored.sort(key=lambda item: (-item[0], -item[1].use_count, item[1].id))
        return [
            {
                "id": entry.id,
                "question": entry.question,
                "answer": entry.answer or "",
                "answer_text": html2plaintext(entry.answer or ""),
                "category": entry.category_id.complete_name or "",
                "keywords": entry.keywords or "",
                "use_count": entry.use_count,
                "score": score,
            }
            for score, entry in scored[:limit]
        ]

    def mark_used(self):
        """One more time this answer was given (safe when many staff use it at once)."""
        if not self:
            return {}
        self.check_access("read")
        if self.filtered(lambda entry: entry.state != "published"):
            raise UserError(self.env._("Only published answers can be given to guests."))
        self.env.cr.execute(
            SQL(
                """UPDATE fuxi_qa SET use_count = COALESCE(use_count, 0) + 1
                    WHERE id IN %s RETURNING id, use_count""",
                tuple(self.ids),
            )
        )
        counts = dict(self.env.cr.fetchall())
        self.invalidate_recordset(["use_count"])
        return counts

    # ------------------------------------------------------------- approval
    def action_submit(self):
        for entry in self:
            if entry.state != "draft":
                raise UserError(self.env._("Only a draft can be submitted."))
        self.write({"state": "to_approve"})
        return True

    def action_approve(self):
        if not self._can_publish():
            raise AccessError(self.env._("Only knowledge managers publish answers."))
        self.write({"state": "published", "approved_by_id": self.env.uid})
        return True

    def action_back_to_draft(self):
        if not self._can_publish() and self.filtered(lambda e: e.author_id != self.env.user):
            raise AccessError(self.env._("Only the author or a knowledge manager can do this."))
        self.write({"state": "draft"})
        return True

    def action_use_for_request(self):
        """From a support request's suggestions: give this answer."""
        self.ensure_one()
        request_id = self.env.context.get("fuxi_support_request_id")
        if not request_id:
            raise UserError(self.env._("Open a support request to use this answer."))
        self.env["fuxi.support.request"].browse(request_id).action_use_answer(self.id)
        return True
