from odoo.tests import tagged

from .common import TencentCase


@tagged("post_install", "-at_install")
class TestTencentSending(TencentCase):
    def test_positional_parameters_and_per_number_outcomes(self):
        template = self.env["sms.template"].create(
            {
                "name": "生日祝福",
                "model_id": self.env.ref("base.model_res_partner").id,
                "body": "尊敬的{{ object.name }}，祝您生日快乐！",
                "fuxi_sms_template_code": "900002",
                "fuxi_sms_template_params": "name = 贵宾\nbenefit = 8折",
            }
        )
        wrong = self.env["res.partner"].create({"name": "李四", "mobile": "+86 138 0013 8001"})
        composer = self.env["sms.composer"].create(
            {
                "res_model": "res.partner",
                "res_ids": repr((self.guest | wrong).ids),
                "composition_mode": "mass",
                "template_id": template.id,
                "mass_keep_log": False,
            }
        )
        composer.action_send_sms()
        self.gateway.codes["+8613800138001"] = "InvalidParameterValue.IncorrectPhoneNumber"
        self.run_queue()
        self.assertEqual(len(self.gateway.requests), 1, "one request for both numbers")
        self.assertEqual(self.gateway.requests[0]["TemplateParamSet"], ["贵宾", "8折"])
        self.assertEqual(
            [s["text"] for s in self.gateway.sent],
            ["【伏羲酒家】尊敬的贵宾，祝您生日快乐！本月到店享8折。"],
        )
        by_partner = {
            s.partner_id: s
            for s in self.env["sms.sms"].search([("partner_id", "in", (self.guest | wrong).ids)])
        }
        self.assertEqual(by_partner[self.guest].state, "pending")
        self.assertEqual(
            (by_partner[wrong].state, by_partner[wrong].failure_type),
            ("error", "sms_number_format"),
        )
        self.assertEqual(
            self.delivery(by_partner[self.guest].uuid).gateway_ref, self.gateway.sent[0]["sid"]
        )

    def test_reports_and_reply_come_back(self):
        message = self.guest._message_sms("您预订的包间已确认", partner_ids=self.guest.ids)
        self.assertEqual(self.gateway.sent[0]["number"], self.number, "E.164 for Tencent")
        answer = self.from_gateway(self.gateway.push_reports, self.callback_url("report"))
        self.assertEqual(answer.json(), {"result": 0, "errmsg": "OK"})
        notification = message.notification_ids
        notification.invalidate_recordset()
        self.assertEqual(notification.notification_status, "sent")
        answer = self.from_gateway(
            self.gateway.push_reply, self.callback_url("reply"), self.number, "退订"
        )
        self.assertEqual(answer.status_code, 200)
        self.assertTrue(self.env["phone.blacklist"].search([("number", "=", self.number)]))

    def test_throttled_number_waits_and_wrong_key_is_a_configuration_error(self):
        self.gateway.codes[self.number] = "LimitExceeded.PhoneNumberOneHourLimit"
        sms = self.queue_sms()
        self.run_queue()
        self.assertEqual((sms.state, sms.fuxi_attempts), ("outgoing", 1))
        self.assertIn("LimitExceeded", sms.fuxi_last_error)
        self.company.fuxi_sms_access_key_secret = "wrong"
        sms.fuxi_next_try = self.past(1)
        self.run_queue()
        self.assertEqual((sms.state, sms.failure_type), ("error", "fuxi_gateway_config"))
        self.assertIn("AuthFailure.SignatureFailure", sms.fuxi_last_error)
        self.assertEqual(self.gateway.sent, [])

    def test_gateway_down_retries_with_back_off(self):
        sms = self.queue_sms()
        self.gateway.down = True
        self.run_queue()
        self.assertEqual(sms.state, "outgoing")
        first_wait = sms.fuxi_next_try
        sms.fuxi_next_try = self.past(1)
        self.run_queue()
        self.assertEqual(sms.fuxi_attempts, 2)
        self.assertGreater(sms.fuxi_next_try - self.past(0), first_wait - self.past(0))
        self.gateway.down = False
        sms.fuxi_next_try = self.past(1)
        self.run_queue()
        self.assertEqual(len(self.gateway.sent), 1)
        self.assertEqual(sms.state, "pending")
