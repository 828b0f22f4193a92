from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestQaSearchUi(HttpCase):
    def test_quick_search_from_anywhere(self):
        new_test_user(self.env, "sv_tour_employee", groups="base.group_user")
        entry = self.env["fuxi.qa"].create(
            {
                "question": "巡回测试：可以带榴莲进店吗",
                "keywords": "榴莲 水果",
                "answer": "<p>巡回答案：榴莲请在门口寄存。</p>",
                "state": "published",
            }
        )
        self.start_tour(
            "/odoo/action-fuxi_service.action_fuxi_qa",
            "fuxi_service_qa_quick_search",
            login="sv_tour_employee",
        )
        entry.invalidate_recordset(["use_count"])
        self.assertEqual(entry.use_count, 1, "copying the answer counts one use")
