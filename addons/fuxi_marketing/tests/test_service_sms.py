from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .messages_common import GuestMessagesCase


@tagged("post_install", "-at_install")
class TestReservationMessages(GuestMessagesCase):
    def test_sms_on_booking_and_move_only(self):
        """Booked and moved: one SMS each, in the guest's language and the restaurant's
        time, without marketing consent; other changes send nothing."""
        start = fields.Datetime.to_datetime("2026-12-31 10:00:00")  # 18:00 in Shanghai
        reservation = self.env["fuxi.reservation"].create(
            {
                "subject": "家宴",
                "partner_id": self.no_consent.id,
                "start": start,
                "party_size": 6,
                "company_id": self.company.id,
            }
        )
        reservation.write({"note": "靠窗", "party_size": 7})
        reservation.write({"start": start})
        reservation.write({"start": start + timedelta(hours=1)})
        self.run_queue()
        texts = [s["text"] for s in self.sent_sms() if s["number"] == "13900139000"]
        self.assertEqual(len(texts), 2, texts)
        self.assertIn("2026-12-31 18:00", texts[0])
        self.assertIn("已预订", texts[0])  # zh_CN: the guest's language
        self.assertIn("2026-12-31 19:00", texts[1])
        self.assertIn("改到", texts[1])
        self.assertNotIn("回T退订", texts[0])
        sends = self.env["fuxi.marketing.send"].search(
            [("occasion", "like", f"reservation:{reservation.id}:")]
        )
        self.assertEqual(set(sends.mapped("purpose")), {"service"})
        self.assertEqual(
            sorted(sends.mapped("occasion")),
            sorted(
                [
                    f"reservation:{reservation.id}:booked",
                    f"reservation:{reservation.id}:2026-12-31 11:00:00",
                ]
            ),
        )
