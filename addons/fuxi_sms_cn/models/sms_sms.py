import logging
import threading
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models

from ..tools.gateways import GATEWAYS, RETRY, SENT, UNKNOWN, FuxiSmsGateway
from .mail_notification import FUXI_FAILURE_TYPES

_logger = logging.getLogger(__name__)

# An SMS handed to the gateway whose answer never got written (the worker died between the
# request and the commit) is left alone after this long: it may well have been sent.
STALE_CLAIM = timedelta(minutes=10)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    failure_type = fields.Selection(selection_add=FUXI_FAILURE_TYPES)
    fuxi_template_code = fields.Char("Gateway template", readonly=True, copy=False)
    # [[name, value], …] in the template's order (Tencent numbers its parameters)
    fuxi_template_params = fields.Json("Gateway template parameters", readonly=True, copy=False)
    fuxi_attempts = fields.Integer("Attempts", readonly=True, copy=False)
    fuxi_next_try = fields.Datetime("Next try", readonly=True, copy=False)
    fuxi_last_error = fields.Char("Gateway's reason", readonly=True, copy=False)
    fuxi_claimed_at = fields.Datetime("Handed to the gateway at", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        by_record = self.env.context.get("fuxi_sms_template_by_record") or {}
        if by_record:
            messages = self.env["mail.message"].browse(
                [v["mail_message_id"] for v in vals_list if v.get("mail_message_id")]
            )
            targets = {m.id: f"{m.model},{m.res_id}" for m in messages}
            for vals in vals_list:
                found = by_record.get(targets.get(vals.get("mail_message_id")))
                if found and not vals.get("fuxi_template_code"):
                    vals["fuxi_template_code"], vals["fuxi_template_params"] = found
        return super().create(vals_list)

    def _fuxi_template_for_gateway(self):
        """(template code, [[name, value], …]) to send this SMS with."""
        self.ensure_one()
        if self.fuxi_template_code:
            return self.fuxi_template_code, [list(p) for p in self.fuxi_template_params or []]
        company = self._get_sms_company().sudo()
        if not company.fuxi_sms_template_code:
            return False, []
        return company.fuxi_sms_template_code, [
            [company.fuxi_sms_template_param or "content", self.body or ""]
        ]

    # ------------------------------------------------------------------ sending

    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        testing = getattr(threading.current_thread(), "testing", False)
        return super(
            SmsSms, self.with_context(fuxi_sms_auto_commit=auto_commit is True and not testing)
        ).send(
            unlink_failed=unlink_failed,
            unlink_sent=unlink_sent,
            auto_commit=auto_commit,
            raise_exception=raise_exception,
        )

    def _split_by_api(self):
        mine = defaultdict(lambda: self.browse())
        others = self.browse()
        for sms in self:
            company = sms._get_sms_company()
            if company.sms_provider in GATEWAYS:
                mine[company] += sms
            else:
                others += sms
        for company, company_sms in mine.items():
            sms_api = company._get_sms_api_class()(self.env)
            sms_api._set_company(company)
            yield sms_api, company_sms
        if others:
            yield from super(SmsSms, others)._split_by_api()

    def _get_batch_size(self):
        companies = self._get_sms_company()
        if companies and any(c.sms_provider in GATEWAYS for c in companies):
            value = self.env["ir.config_parameter"].sudo().get_param("fuxi_sms_cn.batch_size")
            return int(value) if (value or "").isdigit() and int(value) > 0 else 200
        return super()._get_batch_size()

    def _send_with_api(self, sms_api, unlink_failed=False, unlink_sent=True, raise_exception=False):
        if not isinstance(sms_api, FuxiSmsGateway):
            return super()._send_with_api(
                sms_api,
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        to_send = self.filtered(lambda s: s.state == "outgoing")
        if not to_send:
            return None
        # Claimed and committed before the gateway hears of it: if the worker dies during the
        # request, a later run finds the claim and does not send a second time.
        to_send.write({"state": "process", "fuxi_claimed_at": fields.Datetime.now()})
        if self.env.context.get("fuxi_sms_auto_commit"):
            # only in the queue job, which Odoo's send() already commits batch by batch
            self.env.cr.commit()  # pylint: disable=invalid-commit
        try:
            results = sms_api._fuxi_send(to_send)
        except Exception as error:
            # Whatever failed (an SDK choking on an answer, a bug), the request may have
            # left: the SMS must not stay claimed forever nor be sent again blindly.
            _logger.exception("SMS gateway %s failed", sms_api.provider)
            results = [
                sms_api._result(sms, UNKNOWN, _("Unexpected failure: %s", error)) for sms in to_send
            ]
        to_send._fuxi_apply_results(results, sms_api, unlink_failed, unlink_sent)
        return None

    def _fuxi_apply_results(self, results, sms_api, unlink_failed=False, unlink_sent=True):
        by_uuid = {
            sms.uuid: sms for sms in self.sudo().with_context(sms_skip_msg_notification=True)
        }
        now = fields.Datetime.now()
        max_attempts = int(
            self.env["ir.config_parameter"].sudo().get_param("fuxi_sms_cn.max_attempts", 8)
        )
        deliveries = []
        next_tries = []
        for result in results:
            sms = by_uuid.get(result["uuid"])
            if not sms:
                continue
            state, reason = result["state"], result.get("failure_reason") or False
            attempts = sms.fuxi_attempts + 1
            if state == SENT:
                sms.sms_tracker_id._action_update_from_sms_state("pending")
                sms.write(
                    {
                        "state": "pending",
                        "failure_type": False,
                        "fuxi_attempts": attempts,
                        "fuxi_last_error": False,
                        "to_delete": unlink_sent,
                    }
                )
                deliveries.append(sms._fuxi_delivery_vals(result, sms_api, "sent", now))
            elif state == RETRY and attempts < max_attempts:
                # 1, 2, 4 … minutes, at most an hour: a gateway that is down is not hammered
                delay = timedelta(minutes=min(2 ** (attempts - 1), 60))
                sms.write(
                    {
                        "state": "outgoing",
                        "fuxi_attempts": attempts,
                        "fuxi_next_try": now + delay,
                        "fuxi_last_error": reason,
                        "fuxi_claimed_at": False,
                    }
                )
                next_tries.append(now + delay)
            else:
                if state == UNKNOWN:
                    failure_type = "fuxi_interrupted"
                elif state == RETRY:
                    failure_type = "sms_server"
                else:
                    failure_type = sms_api.PROVIDER_TO_SMS_FAILURE_TYPE.get(state, "unknown")
                sms.sms_tracker_id._action_update_from_sms_state(
                    "error", failure_type=failure_type, failure_reason=reason
                )
                sms.write(
                    {
                        "state": "error",
                        "failure_type": failure_type,
                        "fuxi_attempts": attempts,
                        "fuxi_last_error": reason,
                        "to_delete": unlink_failed,
                    }
                )
                deliveries.append(sms._fuxi_delivery_vals(result, sms_api, "failed", now))
        if deliveries:
            self.env["fuxi.sms.delivery"].sudo().create(deliveries)
        if next_tries:
            cron = self.env.ref("sms.ir_cron_sms_scheduler_action", raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger(at=min(next_tries))
        self.mail_message_id._notify_message_notification_update()

    def _fuxi_delivery_vals(self, result, sms_api, state, now):
        self.ensure_one()
        return {
            "company_id": sms_api.company.id,
            "provider": sms_api.provider,
            "sms_uuid": self.uuid,
            "number": self.number,
            "gateway_number": result.get("gateway_number") or self.number,
            "gateway_ref": result.get("gateway_ref") or False,
            "partner_id": self.partner_id.id,
            "state": state,
            "reason": result.get("failure_reason") or False,
            "sent_at": now,
            "attempts": self.fuxi_attempts,
        }

    # ------------------------------------------------------------------ queue

    @api.model
    def _process_queue(self, ids=None):
        self._fuxi_release_stale_claims()
        now = fields.Datetime.now()
        domain = [
            ("state", "=", "outgoing"),
            ("to_delete", "!=", True),
            "|",
            ("fuxi_next_try", "=", False),
            ("fuxi_next_try", "<=", now),
        ]
        due = self.search(domain, limit=10000).ids
        if ids:
            due = sorted(set(due) & set(ids))
        if not due:
            # super() would take an empty list for "everything", waiting retries included
            return None
        return super()._process_queue(ids=due)

    @api.model
    def _fuxi_release_stale_claims(self):
        stale = self.search(
            [
                ("state", "=", "process"),
                ("fuxi_claimed_at", "!=", False),
                ("fuxi_claimed_at", "<", fields.Datetime.now() - STALE_CLAIM),
            ]
        )
        if not stale:
            return
        reason = _(
            "Interrupted while handed to the gateway: it may have been sent, so it is not "
            "sent again automatically. Check the gateway's console before resending."
        )
        _logger.warning("SMS %s interrupted while handed to the gateway", stale.ids)
        stale.sms_tracker_id._action_update_from_sms_state(
            "error", failure_type="fuxi_interrupted", failure_reason=reason
        )
        stale.write(
            {"state": "error", "failure_type": "fuxi_interrupted", "fuxi_last_error": reason}
        )

    def action_set_outgoing(self):
        # a person chose to send again: no waiting for the back-off, no stale claim
        self.write({"fuxi_next_try": False, "fuxi_claimed_at": False})
        return super().action_set_outgoing()
