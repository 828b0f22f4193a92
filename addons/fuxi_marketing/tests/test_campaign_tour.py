from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .campaign_common import CampaignCase


@tagged("post_install", "-at_install")
class TestCampaignTour(CampaignCase):
    browser_size = "1024x768"

    def test_win_back_sms_campaign(self):
        Param = self.env["ir.config_parameter"].sudo()
        # the browser runs on the real clock: no quiet hours for this test
        Param.set_param("fuxi_marketing.quiet_start", "0")
        Param.set_param("fuxi_marketing.quiet_end", "0")
        dish = self.env["product.product"].create(
            {"name": "回访菜", "list_price": 80.0, "is_fuxi_dish": True, "fuxi_kind": "dish"}
        )
        win_back = self.consenting[:3] | self.no_consent
        recent = self.consenting[3]
        now = fields.Datetime.now()
        self.env["fuxi.consumption"].create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "date": now - timedelta(days=days),
                    "line_ids": [(0, 0, {"product_id": dish.id, "quantity": 1})],
                }
                for partner, days in [(p, 100) for p in win_back] + [(recent, 10)]
            ]
        )
        new_test_user(
            self.env,
            "fx_campaign",
            groups="base.group_user,fuxi_marketing.group_fuxi_marketing_user",
            company_id=self.company.id,
        )
        # build the win-back audience, see its count, send an SMS campaign to it
        self.start_tour(
            "/odoo/action-fuxi_marketing.fuxi_marketing_audience_action",
            "fuxi_campaign_tour",
            login="fx_campaign",
        )
        campaign = self.env["mailing.mailing"].search([("subject", "=", "老客回访")])
        self.assertEqual(campaign.state, "in_queue")
        # the queue jobs: the campaign, then the SMS through the gateway
        self.env["mailing.mailing"]._process_mass_mailing_queue()
        self.run_queue()
        reached = self.consenting[:3]
        self.assertEqual(sorted(self.sent_numbers()), sorted(p.mobile[3:] for p in reached))
        # the gateway reports (one number out of service); a guest replies T
        self.from_gateway(
            self.gateway.push_reports, self.callback_url("report"), failed=[reached[2].mobile[3:]]
        )
        self.from_gateway(
            self.gateway.push_reply, self.callback_url("reply"), reached[0].mobile[3:], "T"
        )
        self.start_tour(
            "/odoo/action-fuxi_marketing.mailing_mailing_action_fuxi_campaign",
            "fuxi_campaign_result_tour",
            login="fx_campaign",
        )
        reached[0].invalidate_recordset()
        self.assertFalse(reached[0].fuxi_marketing_consent)
