from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from odoo.addons.fuxi_service.models import fuxi_qa
from odoo.addons.fuxi_service.models.fuxi_qa import tokenize

from .common import SERVICE_USER, ServiceCase


class TestQaLibrary(ServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        QA = cls.env["fuxi.qa"]
        # scope every search to these entries: demo answers must not disturb the ranking
        cls.tag = "测试小羊"
        cls.in_question = QA.create(
            {
                "question": f"{cls.tag}包间有最低消费吗",
                "answer": "<p>晚市一千二</p>",
                "state": "published",
                "use_count": 1,
            }
        )
        cls.in_keywords = QA.create(
            {
                "question": "大房间怎么收费",
                "keywords": f"{cls.tag}包间 低消",
                "answer": "<p>见价目表</p>",
                "state": "published",
                "use_count": 50,
            }
        )
        cls.in_answer = QA.create(
            {
                "question": "能订大桌吗",
                "answer": f"<p>{cls.tag}包间可坐十六人</p>",
                "state": "published",
                "use_count": 99,
            }
        )
        cls.draft = QA.create({"question": f"{cls.tag}包间草稿", "answer": "<p>x</p>"})
        cls.employee = new_test_user(cls.env, "sv_plain_employee", groups="base.group_user")
        cls.knowledge_manager = new_test_user(
            cls.env,
            "sv_km",
            groups=f"fuxi_knowledge.group_fuxi_knowledge_manager,{SERVICE_USER}",
        )

    def _ids(self, text, user=None):
        results = (
            self.env["fuxi.qa"].with_user(user or self.employee).search_answers(text, limit=50)
        )
        mine = (self.in_question | self.in_keywords | self.in_answer | self.draft).ids
        return [result["id"] for result in results if result["id"] in mine]

    def test_tokenize_chinese_and_words(self):
        tokens = tokenize("请问包间有低消吗 WiFi 8")
        self.assertIn("包间", tokens)
        self.assertIn("低消", tokens)
        self.assertIn("wifi", tokens)
        self.assertIn("8", tokens)
        self.assertNotIn("请问", tokens, "filler words are not searched")

    def test_ranking_question_then_keywords_then_answer_then_usage(self):
        self.assertEqual(
            self._ids(f"{self.tag}包间"),
            [self.in_question.id, self.in_keywords.id, self.in_answer.id],
        )
        # equal relevance: the most used answer first
        self.in_keywords.write({"question": f"{self.tag}包间有最低消费吗", "keywords": False})
        self.assertEqual(
            self._ids(f"{self.tag}包间有最低消费吗")[:2], [self.in_keywords.id, self.in_question.id]
        )

    def test_a_large_library_keeps_its_best_answer(self):
        """The candidate set is bounded: it must hold the best matches, not the first rows."""
        QA = self.env["fuxi.qa"]
        tag = "测试海胆"
        weak = QA.create(
            [
                {
                    "question": f"常见问题{n}",
                    "answer": f"<p>{tag}蒸蛋另有说明</p>",
                    "state": "published",
                    "use_count": 100 + n,
                }
                for n in range(6)
            ]
        )
        best = QA.create(
            {"question": f"{tag}蒸蛋有没有", "answer": "<p>有，限量。</p>", "state": "published"}
        )
        with patch.object(fuxi_qa, "CANDIDATES", 3):
            results = QA.with_user(self.employee).search_answers(f"{tag}蒸蛋", limit=3)
        self.assertEqual(
            [r["id"] for r in results],
            [best.id, weak[5].id, weak[4].id],
            "the question match first, then the most used of the answer-only matches",
        )

    def test_bad_input_is_refused_cleanly(self):
        QA = self.env["fuxi.qa"].with_user(self.employee)
        self.assertEqual(QA.search_answers(None), [])
        self.assertEqual(QA.search_answers(["包间"]), [])
        with self.assertRaisesRegex(UserError, "with a number of results"):
            QA.search_answers(f"{self.tag}包间", limit="many")
        # LIKE wildcards typed by the user are plain characters
        self.assertEqual(self._ids("%%"), [])
        self.assertEqual(QA.browse().mark_used(), {})
        request = (
            self.env["fuxi.support.request"]
            .with_user(self.waiter)
            .create({"question": f"{self.tag}包间"})
        )
        for bad in ("1", None, True, self.draft.id, 10**9):
            with self.assertRaisesRegex(UserError, "Pick a published answer"):
                request.with_user(self.waiter).action_use_answer(bad)
        self.assertEqual(request.state, "new")

    def test_use_count_and_approval_are_not_typed_in(self):
        entry = (
            self.env["fuxi.qa"]
            .with_user(self.waiter)
            .create(
                {
                    "question": "自己写的答案",
                    "answer": "<p>x</p>",
                    "use_count": 500,
                    "approved_by_id": self.waiter.id,
                }
            )
        )
        self.assertEqual((entry.use_count, entry.approved_by_id), (0, self.env["res.users"]))
        with self.assertRaisesRegex(AccessError, "use count rises when an answer is given"):
            entry.with_user(self.waiter).write({"use_count": 500})
        with self.assertRaisesRegex(AccessError, "Only knowledge managers publish"):
            entry.with_user(self.waiter).write({"approved_by_id": self.waiter.id})
        entry.with_user(self.waiter).write({"question": "自己写的答案（改）"})
        self.assertEqual(entry.question, "自己写的答案（改）")

    def test_unpublished_entries_are_not_offered(self):
        self.assertNotIn(self.draft.id, self._ids(f"{self.tag}包间草稿"))
        self.assertEqual(self._ids(""), [])

    def test_usage_counting(self):
        counts = self.in_question.with_user(self.employee).mark_used()
        self.assertEqual(counts[self.in_question.id], 2)
        self.assertEqual(self.in_question.use_count, 2)
        with self.assertRaisesRegex(UserError, "Only published answers"):
            self.draft.mark_used()

    def test_request_uses_an_answer(self):
        request = (
            self.env["fuxi.support.request"]
            .with_user(self.waiter)
            .create({"partner_id": self.guest.id, "question": f"{self.tag}包间有没有低消？"})
        )
        self.assertEqual(request.suggested_qa_ids[:1], self.in_question)
        self.in_question.with_user(self.waiter).with_context(
            fuxi_support_request_id=request.id
        ).action_use_for_request()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.qa_id, self.in_question)
        self.assertIn("晚市一千二", request.answer)
        self.assertEqual(self.in_question.use_count, 2)

    def test_save_as_new_qa_without_publish_right_waits_for_approval(self):
        request = (
            self.env["fuxi.support.request"]
            .with_user(self.waiter)
            .create(
                {"question": "可以带榴莲进店吗？", "answer": "<p>不可以，气味会影响其他客人。</p>"}
            )
        )
        self.assertIs(request.with_user(self.waiter).action_save_as_qa(), True)
        entry = request.qa_id
        self.assertEqual(entry.state, "to_approve")
        self.assertEqual(entry.author_id, self.waiter)
        self.assertEqual(request.qa_id, entry)
        self.assertNotIn(entry.id, [r["id"] for r in entry.search_answers("榴莲")])
        with self.assertRaisesRegex(AccessError, "Only knowledge managers publish"):
            entry.with_user(self.waiter).write({"state": "published"})
        with self.assertRaisesRegex(AccessError, "Only knowledge managers publish"):
            entry.with_user(self.waiter).action_approve()
        entry.with_user(self.knowledge_manager).action_approve()
        self.assertEqual(entry.state, "published")
        self.assertIn(entry.id, [r["id"] for r in entry.search_answers("榴莲")])

    def test_save_as_new_qa_with_publish_right_is_published(self):
        request = (
            self.env["fuxi.support.request"]
            .with_user(self.knowledge_manager)
            .create({"question": "可以带猫吗？", "answer": "<p>露台可以。</p>"})
        )
        self.assertIs(request.with_user(self.knowledge_manager).action_save_as_qa(), True)
        entry = request.qa_id
        self.assertEqual(entry.state, "published")
        empty = (
            self.env["fuxi.support.request"]
            .with_user(self.waiter)
            .create({"question": "几点关门？", "answer": "<p><br></p>"})
        )
        with self.assertRaisesRegex(UserError, "Write the answer before"):
            empty.action_save_as_qa()

    def test_others_do_not_see_drafts(self):
        other = new_test_user(self.env, "sv_other", groups="base.group_user")
        mine = (
            self.env["fuxi.qa"]
            .with_user(self.employee)
            .create({"question": "我的草稿", "answer": "<p>草稿</p>"})
        )
        self.assertEqual(mine.state, "draft")
        self.assertFalse(self.env["fuxi.qa"].with_user(other).search([("id", "=", mine.id)]))
        mine.with_user(self.employee).action_submit()
        self.assertEqual(mine.state, "to_approve")
