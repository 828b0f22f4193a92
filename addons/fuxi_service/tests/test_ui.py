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

    def test_support_request_uses_a_library_answer(self):
        new_test_user(self.env, "sv_tour_waiter", groups="fuxi_service.group_fuxi_service_user")
        entry = self.env["fuxi.qa"].create(
            {
                "question": "巡回包厢有最低消费吗",
                "answer": "<p>巡回答案：晚市最低消费一千二。</p>",
                "state": "published",
            }
        )
        self.start_tour(
            "/odoo/action-fuxi_service.action_fuxi_support_request/new",
            "fuxi_service_support_pick_answer",
            login="sv_tour_waiter",
        )
        request = self.env["fuxi.support.request"].search([("qa_id", "=", entry.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.state, "answered")
        self.assertIn("晚市最低消费一千二", request.answer)
        self.assertEqual(request.user_id.login, "sv_tour_waiter")
        entry.invalidate_recordset(["use_count"])
        self.assertEqual(entry.use_count, 1)
