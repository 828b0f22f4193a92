from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import AliyunCase


@tagged("post_install", "-at_install")
class TestAliyunSending(AliyunCase):
    def test_template_sms_is_signed_and_merged(self):
        template = self.env["sms.template"].create(
            {
                "name": "生日祝福",
                "model_id": self.env.ref("base.model_res_partner").id,
                "body": "尊敬的{{ object.name }}，祝您生日快乐！",
                "fuxi_sms_template_code": "SMS_900002",
                "fuxi_sms_template_params": "name = {{ object.name }}\nbenefit = 8折",
            }
        )
        composer = self.env["sms.composer"].create(
            {
                "res_model": "res.partner",
                "res_ids": repr(self.guest.ids),
                "composition_mode": "mass",
                "template_id": template.id,
                "mass_keep_log": False,
            }
        )
        composer.action_send_sms()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.guest.id)])
        self.assertEqual(sms.fuxi_template_code, "SMS_900002")
        self.run_queue()
        self.assertEqual(len(self.gateway.sent), 1)
        sent = self.gateway.sent[0]
        self.assertEqual(sent["number"], "13800138000", "mainland numbers go without +86")
        self.assertEqual(sent["text"], "【伏羲酒家】尊敬的王小明，祝您生日快乐！本月到店享8折。")
        self.assertEqual(sent["out_id"], sms.uuid)
        delivery = self.delivery(sms.uuid)
        self.assertEqual((delivery.state, delivery.gateway_ref), ("sent", sent["biz_id"]))
        self.assertEqual(sms.state, "pending")

    def test_free_text_goes_through_the_default_template_and_reports_come_back(self):
        message = self.guest._message_sms("今晚18:00有位，恭候光临", partner_ids=self.guest.ids)
        notification = message.notification_ids
        self.assertEqual(notification.notification_status, "pending")
        self.assertEqual(self.gateway.sent[0]["text"], "【伏羲酒家】今晚18:00有位，恭候光临")
        answer = self.from_gateway(self.gateway.push_reports, self.callback_url("report"))
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(answer.json(), {"code": 0, "msg": "成功"})
        notification.invalidate_recordset()
        self.assertEqual(notification.notification_status, "sent", "delivered")
        sms_uuid = (
            self.env["sms.tracker"]
            .search([("mail_notification_id", "=", notification.id)])
            .sms_uuid
        )
        self.assertEqual(self.delivery(sms_uuid).state, "delivered")
        # the gateway pushes the same report again: nothing changes
        self.assertEqual(
            self.from_gateway(self.gateway.push_reports, self.callback_url("report")).status_code,
            200,
        )
        self.assertEqual(self.delivery(sms_uuid).state, "delivered")

    def test_failed_delivery_keeps_the_gateways_reason(self):
        message = self.guest._message_sms("明日午市特价", partner_ids=self.guest.ids)
        answer = self.from_gateway(
            self.gateway.push_reports, self.callback_url("report"), failed={"13800138000"}
        )
        self.assertEqual(answer.status_code, 200, answer.text)
        notification = message.notification_ids
        notification.invalidate_recordset()
        self.assertEqual(notification.notification_status, "exception")
        self.assertIn("MK:0012", notification.failure_reason)
        sms_uuid = notification.sms_tracker_ids.sms_uuid
        delivery = self.delivery(sms_uuid)
        self.assertEqual(delivery.state, "failed")
        self.assertIn("用户停机", delivery.reason)

    def test_gateway_down_keeps_the_sms_and_retries_once_back(self):
        sms = self.queue_sms()
        self.gateway.down = True
        self.run_queue()
        self.assertEqual(sms.state, "outgoing", "still queued")
        self.assertEqual(sms.fuxi_attempts, 1)
        self.assertIn("ServiceUnavailable", sms.fuxi_last_error)
        self.assertGreater(sms.fuxi_next_try, self.past(0))
        self.gateway.down = False
        self.run_queue()
        self.assertEqual(self.gateway.sent, [], "not before the back-off is over")
        sms.fuxi_next_try = self.past(1)
        self.run_queue()
        self.run_queue()
        self.assertEqual([s["number"] for s in self.gateway.sent], ["13800138000"], "sent once")
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self.delivery(sms.uuid).attempts, 2)

    def test_refusal_is_recorded_with_the_gateways_code(self):
        self.gateway.codes["13800138000"] = "isv.AMOUNT_NOT_ENOUGH"
        sms = self.queue_sms()
        self.run_queue()
        self.assertEqual((sms.state, sms.failure_type), ("error", "sms_credit"))
        self.assertIn("isv.AMOUNT_NOT_ENOUGH", sms.fuxi_last_error)
        self.assertEqual(self.delivery(sms.uuid).state, "failed")

    def test_an_interrupted_handover_is_never_sent_twice(self):
        sms = self.queue_sms()
        # the worker committed its claim, then died before the gateway's answer was written
        sms.write({"state": "process", "fuxi_claimed_at": self.past(11)})
        self.run_queue()
        self.run_queue()
        self.assertEqual(self.gateway.requests, [])
        self.assertEqual((sms.state, sms.failure_type), ("error", "fuxi_interrupted"))
        # a claim of a running worker is left alone
        running = self.queue_sms(body="第二条")
        running.write({"state": "process", "fuxi_claimed_at": self.past(1)})
        self.run_queue()
        self.assertEqual(running.state, "process")

    def test_wrong_secret_is_a_clear_configuration_error(self):
        self.company.fuxi_sms_access_key_secret = "not-the-secret"
        sms = self.queue_sms()
        self.run_queue()
        self.assertEqual((sms.state, sms.failure_type), ("error", "fuxi_gateway_config"))
        self.assertIn("SignatureDoesNotMatch", sms.fuxi_last_error)
        self.assertEqual(self.gateway.sent, [])

    def test_missing_keys_send_nothing_and_say_what_is_missing(self):
        self.company.fuxi_sms_access_key_id = False
        sms = self.queue_sms()
        self.run_queue()
        self.assertEqual(sms.failure_type, "fuxi_gateway_config")
        self.assertIn("SecretId", sms.fuxi_last_error)
        self.assertEqual(self.gateway.requests, [])

    def test_unknown_template_is_a_configuration_error(self):
        self.company.fuxi_sms_template_code = "SMS_404"
        sms = self.queue_sms()
        self.run_queue()
        self.assertEqual(sms.failure_type, "fuxi_gateway_config")
        self.assertIn("isv.SMS_TEMPLATE_ILLEGAL", sms.fuxi_last_error)


@tagged("post_install", "-at_install")
class TestAliyunRepliesAndSettings(AliyunCase):
    def test_reply_t_opts_the_number_out(self):
        answer = self.from_gateway(
            self.gateway.push_reply, self.callback_url("reply"), "13800138000", "TD"
        )
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(
            self.env["phone.blacklist"].search(
                [("number", "=", self.number), ("active", "=", True)]
            )
        )
        self.assertIn("TD", self.guest.message_ids[0].body)
        composer = self.env["sms.composer"].create(
            {
                "res_model": "res.partner",
                "res_ids": repr(self.guest.ids),
                "composition_mode": "mass",
                "body": "周末满200减30",
                "mass_keep_log": False,
            }
        )
        composer.action_send_sms()
        sms = self.env["sms.sms"].search([("partner_id", "=", self.guest.id)])
        self.assertEqual((sms.state, sms.failure_type), ("canceled", "sms_blacklist"))

    def test_other_replies_are_kept_on_the_guest_without_opting_out(self):
        self.from_gateway(
            self.gateway.push_reply, self.callback_url("reply"), "13800138000", "好的，谢谢"
        )
        self.assertFalse(self.env["phone.blacklist"].search([("number", "=", self.number)]))
        self.assertIn("好的，谢谢", self.guest.message_ids[0].body)

    def test_unknown_placeholder_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["sms.template"].create(
                {
                    "name": "坏模板",
                    "model_id": self.env.ref("base.model_res_partner").id,
                    "body": "x",
                    "fuxi_sms_template_code": "SMS_900002",
                    "fuxi_sms_template_params": "name = {{ object.no_such_field }}",
                }
            )
        self.assertIn("object.no_such_field", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.env["sms.template"].create(
                {
                    "name": "坏模板",
                    "model_id": self.env.ref("base.model_res_partner").id,
                    "body": "x",
                    "fuxi_sms_template_params": "just some text",
                }
            )
        self.assertIn("just some text", str(caught.exception))

    def test_keys_are_for_system_administrators_and_never_shown_back(self):
        settings = self.env["res.config.settings"].create(
            {"sms_provider": "fuxi_aliyun", "fuxi_sms_new_access_key_secret": "new-secret"}
        )
        settings.execute()
        self.assertEqual(self.company.sudo().fuxi_sms_access_key_secret, "new-secret")
        fresh = self.env["res.config.settings"].create({})
        self.assertFalse(fresh.fuxi_sms_new_access_key_secret)
        self.assertTrue(fresh.fuxi_sms_keys_set)
        self.assertIn("/fuxi_sms/aliyun/report/", fresh.fuxi_sms_report_url)
        # an empty field keeps the key
        fresh.execute()
        self.assertEqual(self.company.sudo().fuxi_sms_access_key_secret, "new-secret")
        manager = new_test_user(self.env, "sms_manager", groups="base.group_erp_manager")
        with self.assertRaises(AccessError):
            self.company.with_user(manager).read(["fuxi_sms_access_key_secret"])

    def test_test_button_reports_the_gateway_in_the_users_language(self):
        self.env.user.lang = "zh_CN"
        # the web client sends the user's language in the context of every call
        env = self.env(context=dict(self.env.context, lang="zh_CN"))
        settings = env["res.config.settings"].create(
            {"sms_provider": "fuxi_aliyun", "fuxi_sms_test_number": "13800138000"}
        )
        action = settings.action_fuxi_sms_send_test()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self.gateway.sent[0]["number"], "13800138000")
        self.company.fuxi_sms_access_key_secret = "wrong"
        settings = env["res.config.settings"].create(
            {"sms_provider": "fuxi_aliyun", "fuxi_sms_test_number": "13800138000"}
        )
        with self.assertRaises(UserError) as caught:
            settings.action_fuxi_sms_send_test()
        self.assertIn("SignatureDoesNotMatch", str(caught.exception))
        self.assertIn("网关", str(caught.exception), "the message is in the user's language")
