"""Where the gateways post back: delivery reports (状态报告) and guests' replies (上行短信).

The URL carries the company's secret callback token (the gateways' push does not sign its
requests); a wrong token gets 403, a body that is not what the gateway sends gets 400, both as
JSON, never a traceback. The answer on success is the acknowledgement each vendor expects,
otherwise it pushes the same reports again.
"""

import json
import logging
import re
from datetime import datetime, timedelta

from odoo import fields
from odoo.http import Controller, Response, request, route

_logger = logging.getLogger(__name__)

PROVIDERS = {"aliyun": "fuxi_aliyun", "tencent": "fuxi_tencent"}
ACK = {
    "fuxi_aliyun": {"code": 0, "msg": "成功"},
    "fuxi_tencent": {"result": 0, "errmsg": "OK"},
}
MAX_ITEMS = 1000
# both gateways report local Beijing time, without a zone
BEIJING = timedelta(hours=8)


class BadPayload(ValueError):
    """The body is not a report/reply the gateway would send."""


def _json(status, payload):
    return Response(
        json.dumps(payload, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _text(item, key, required=True, max_len=2000):
    value = item.get(key)
    if value is None or value == "":
        if required:
            raise BadPayload(f"missing {key}")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadPayload(f"{key} must be text")
    value = str(value)
    if "\x00" in value:
        raise BadPayload(f"{key} holds a NUL character")
    if len(value) > max_len:
        raise BadPayload(f"{key} too long")
    return value


def _beijing_time(value):
    """'2026-12-01 12:00:00' (Beijing) → naive UTC datetime, or False."""
    if not value:
        return False
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S") - BEIJING
    except (TypeError, ValueError) as error:
        raise BadPayload(f"bad time {value!r}") from error


def aliyun_reports(items):
    reports = []
    for item in items:
        success = item.get("success")
        if not isinstance(success, bool):
            raise BadPayload("success must be true or false")
        code = _text(item, "err_code", required=False, max_len=100)
        message = _text(item, "err_msg", required=False)
        reports.append(
            (
                _text(item, "biz_id", max_len=100),
                _text(item, "phone_number", max_len=30),
                success,
                f"{code}: {message}".strip(": "),
                _beijing_time(_text(item, "report_time", required=False, max_len=40)),
            )
        )
    return reports


def tencent_reports(items):
    reports = []
    for item in items:
        status = _text(item, "report_status", max_len=20)
        if status not in ("SUCCESS", "FAIL"):
            raise BadPayload("report_status must be SUCCESS or FAIL")
        code = _text(item, "errmsg", required=False, max_len=100)
        message = _text(item, "description", required=False)
        nation = _text(item, "nationcode", required=False, max_len=6) or "86"
        reports.append(
            (
                _text(item, "sid", max_len=100),
                f"+{nation}{_text(item, 'mobile', max_len=30)}",
                status == "SUCCESS",
                f"{code}: {message}".strip(": "),
                _beijing_time(_text(item, "user_receive_time", required=False, max_len=40)),
            )
        )
    return reports


def _reply_number(number):
    if not re.fullmatch(r"\+\d{6,20}", number):
        raise BadPayload(f"not a phone number: {number[:30]!r}")
    return number


def aliyun_replies(items):
    replies = []
    for item in items:
        number = _text(item, "phone_number", max_len=30)
        if not number.startswith("+"):
            number = (
                f"+{number}" if number.startswith("86") and len(number) > 11 else f"+86{number}"
            )
        replies.append((_reply_number(number), _text(item, "content", required=False)))
    return replies


def tencent_replies(items):
    replies = []
    for item in items:
        nation = _text(item, "nationcode", required=False, max_len=6) or "86"
        number = _reply_number(f"+{nation}{_text(item, 'mobile', max_len=30)}")
        replies.append((number, _text(item, "text", required=False)))
    return replies


PARSERS = {
    ("fuxi_aliyun", "report"): aliyun_reports,
    ("fuxi_tencent", "report"): tencent_reports,
    ("fuxi_aliyun", "reply"): aliyun_replies,
    ("fuxi_tencent", "reply"): tencent_replies,
}


def handle_callback(env, slug, kind, token, raw):
    """(HTTP status, JSON answer) for a gateway's post; the route is this and nothing else."""
    provider = PROVIDERS.get(slug)
    if not provider or kind not in ("report", "reply"):
        return 404, {"error": "unknown callback"}
    company = env["res.company"].sudo()._fuxi_sms_company_from_token(provider, token)
    if not company:
        return 403, {"error": "unknown callback token"}
    try:
        payload = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw or "null")
        items = payload if isinstance(payload, list) else [payload]
        if not items or len(items) > MAX_ITEMS or not all(isinstance(i, dict) for i in items):
            raise BadPayload("expected a JSON object or a list of objects")
        parsed = PARSERS[(provider, kind)](items)
    except (ValueError, UnicodeDecodeError) as error:
        # BadPayload is a ValueError, as is invalid JSON
        return 400, {"error": f"malformed {kind}: {error}"}
    if kind == "report":
        env["fuxi.sms.delivery"].sudo()._fuxi_apply_reports(company, provider, parsed)
    else:
        for number, text in parsed:
            company._fuxi_sms_reply_received(number, text, provider)
    _logger.info("%s %s(s) from %s at %s", len(parsed), kind, provider, fields.Datetime.now())
    return 200, ACK[provider]


class FuxiSmsCallbackController(Controller):
    @route(
        "/fuxi_sms/<string:provider>/<string:kind>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def gateway_callback(self, provider, kind, token, **_kwargs):
        status, answer = handle_callback(
            request.env, provider, kind, token, request.httprequest.get_data()
        )
        return _json(status, answer)
