"""Local stand-ins for the two gateways, written from the vendors' published API documents.

They check what the real gateways check (the request signature computed here from the
documented algorithm, the access key, the approved signature and template with its
parameters, the numbers), answer in the documented format, can be told to be down or to
refuse, and post delivery reports / replies back the way the gateways push them. The Odoo
side under test runs unchanged: the vendors' SDKs talk HTTP to these servers.
"""

import base64
import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

import requests


def _rfc3986(value):
    # Alibaba Cloud's POP signature: UTF-8, then percent-encoding of everything but A-Z a-z
    # 0-9 - _ . ~ (so a space is %20, * is %2A).
    return quote(str(value), safe="~")


class _Gateway(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), self.Handler)
        self.lock = threading.RLock()
        self.requests = []  # every request that passed the signature check
        self.refused = []  # (reason) of requests refused before sending
        self.sent = []  # one dict per SMS accepted
        self.down = False
        self.codes = {}  # number → error code to answer for it
        self.serial = itertools.count(1)
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    def post_json(self, url, payload):
        return requests.post(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
            timeout=10,
        )


class FakeAliyunSms(_Gateway):
    """dysmsapi.aliyuncs.com, API version 2017-05-25, action SendSms (RPC style)."""

    def __init__(self, key_id, secret, signs, templates):
        self.key_id, self.secret = key_id, secret
        self.signs = set(signs)
        self.templates = templates  # code → content with ${name} placeholders
        self.nonces = set()
        super().__init__()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self._handle()

        def do_POST(self):
            self._handle()

        def _answer(self, status, payload):
            body = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self):
            gateway = self.server
            length = int(self.headers.get("Content-Length") or 0)
            form = self.rfile.read(length).decode() if length else ""
            params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
            if "application/x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                params.update(parse_qsl(form, keep_blank_values=True))
            answer = gateway.check(self.command, params)
            self._answer(*answer)

    def signature(self, method, params):
        canonical = "&".join(
            f"{_rfc3986(k)}={_rfc3986(v)}" for k, v in sorted(params.items()) if k != "Signature"
        )
        to_sign = f"{method}&{_rfc3986('/')}&{_rfc3986(canonical)}"
        digest = hmac.new(f"{self.secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
        return base64.b64encode(digest).decode()

    def _error(self, status, code, message):
        with self.lock:
            self.refused.append(code)
        return status, {"RequestId": f"req-{next(self.serial)}", "Code": code, "Message": message}

    def authenticate(self, method, params):
        """An error answer, or None when the request is signed by the known key."""
        error = self._error

        if self.down:
            return error(
                503,
                "ServiceUnavailable",
                "The request has failed due to a temporary failure of the server.",
            )
        for required in (
            "AccessKeyId",
            "Signature",
            "SignatureNonce",
            "Timestamp",
            "SignatureMethod",
        ):
            if not params.get(required):
                return error(400, "MissingParameter", f"{required} is mandatory for this action.")
        if params["AccessKeyId"] != self.key_id:
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if params["SignatureMethod"] != "HMAC-SHA1" or not hmac.compare_digest(
            params["Signature"], self.signature(method, params)
        ):
            # the real message ends with the server's string to sign, which the SDK reads
            canonical = "&".join(
                f"{_rfc3986(k)}={_rfc3986(v)}"
                for k, v in sorted(params.items())
                if k != "Signature"
            )
            return error(
                400,
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation. server string to "
                f"sign is:{method}&{_rfc3986('/')}&{_rfc3986(canonical)}",
            )
        with self.lock:
            if params["SignatureNonce"] in self.nonces:
                return error(
                    400, "SignatureNonceUsed", "Specified signature nonce was used already."
                )
            self.nonces.add(params["SignatureNonce"])
        return None

    def check(self, method, params):
        request_id = f"req-{next(self.serial)}"
        error = self._error
        refused = self.authenticate(method, params)
        if refused:
            return refused
        if params.get("Action") != "SendSms" or params.get("Version") != "2017-05-25":
            return error(400, "InvalidAction.NotFound", "Specified api is not found.")
        with self.lock:
            self.requests.append(params)
        if params.get("SignName") not in self.signs:
            return error(200, "isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名")
        content = self.templates.get(params.get("TemplateCode"))
        if content is None:
            return error(200, "isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        try:
            values = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return error(200, "isv.INVALID_JSON_PARAM", "JSON参数不合法")
        needed = set(re.findall(r"\$\{(\w+)\}", content))
        if needed - set(values):
            return error(200, "isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值")
        numbers = params.get("PhoneNumbers", "").split(",")
        if not numbers or any(not re.fullmatch(r"1\d{10}|[2-9]\d{7,14}", n) for n in numbers):
            return error(200, "isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")
        for number in numbers:
            if number in self.codes:
                return error(200, self.codes[number], "refused for this number")
        text = re.sub(r"\$\{(\w+)\}", lambda m: str(values[m.group(1)]), content)
        biz_id = f"{next(self.serial)}^{int(time.time())}"
        with self.lock:
            for number in numbers:
                self.sent.append(
                    {
                        "number": number,
                        "text": f"【{params['SignName']}】{text}",
                        "template": params["TemplateCode"],
                        "params": values,
                        "biz_id": biz_id,
                        "out_id": params.get("OutId"),
                    }
                )
        return 200, {"RequestId": request_id, "Code": "OK", "Message": "OK", "BizId": biz_id}

    def push_reports(self, url, failed=()):
        """POST the reports of everything sent (SMS 状态报告, HTTP batch push)."""
        items = [
            {
                "phone_number": sms["number"],
                "send_time": "2026-12-01 10:00:00",
                "report_time": "2026-12-01 10:00:05",
                "success": sms["number"] not in failed,
                "err_code": "MK:0012" if sms["number"] in failed else "DELIVERED",
                "err_msg": "用户停机" if sms["number"] in failed else "用户接收成功",
                "sms_size": "1",
                "biz_id": sms["biz_id"],
                "out_id": sms["out_id"],
            }
            for sms in self.sent
        ]
        return self.post_json(url, items)

    def push_reply(self, url, number, content):
        """POST a guest's reply (上行短信)."""
        return self.post_json(
            url,
            [
                {
                    "phone_number": number,
                    "send_time": "2026-12-01 10:01:00",
                    "content": content,
                    "sign_name": next(iter(self.signs)),
                    "dest_code": "1234",
                    "sequence_id": next(self.serial),
                }
            ],
        )


class FakeTencentSms(_Gateway):
    """sms.tencentcloudapi.com, API version 2021-01-11, action SendSms (TC3-HMAC-SHA256)."""

    def __init__(self, secret_id, secret_key, app_id, signs, templates):
        self.secret_id, self.secret_key, self.app_id = secret_id, secret_key, app_id
        self.signs = set(signs)
        self.templates = templates  # id → content with {1}, {2} … placeholders
        super().__init__()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            gateway = self.server
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, payload = gateway.check(self.headers, body)
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def signature(self, headers, body, signed_headers, timestamp, date):
        canonical_headers = "".join(
            f"{name}:{(headers.get(name) or '').strip().lower()}\n" for name in signed_headers
        )
        canonical_request = "\n".join(
            [
                "POST",
                "/",
                "",
                canonical_headers,
                ";".join(signed_headers),
                hashlib.sha256(body).hexdigest(),
            ]
        )
        scope = f"{date}/sms/tc3_request"
        to_sign = "\n".join(
            [
                "TC3-HMAC-SHA256",
                str(timestamp),
                scope,
                hashlib.sha256(canonical_request.encode()).hexdigest(),
            ]
        )

        def sign(key, message):
            return hmac.new(key, message.encode(), hashlib.sha256).digest()

        key = sign(sign(sign(f"TC3{self.secret_key}".encode(), date), "sms"), "tc3_request")
        return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()

    def _error(self, code, message, status=200):
        with self.lock:
            self.refused.append(code)
        request_id = f"req-{next(self.serial)}"
        return status, {
            "Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}
        }

    def authenticate(self, headers, body):
        """An error answer, or None when the request is signed by the known key."""
        error = self._error
        match = re.fullmatch(
            r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
            r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})",
            headers.get("Authorization") or "",
        )
        if not match:
            return error("AuthFailure.InvalidAuthorization", "Authorization is malformed.")
        secret_id, date, signed, signature = match.groups()
        if secret_id != self.secret_id:
            return error("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
        timestamp = int(headers.get("X-TC-Timestamp") or 0)
        if abs(time.time() - timestamp) > 300:
            return error("AuthFailure.SignatureExpire", "Signature expired.")
        if datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d") != date:
            return error(
                "AuthFailure.SignatureFailure", "The credential date is not the timestamp's."
            )
        signed_headers = signed.split(";")
        if "host" not in signed_headers or "content-type" not in signed_headers:
            return error("AuthFailure.SignatureFailure", "host and content-type must be signed.")
        if not hmac.compare_digest(
            signature, self.signature(headers, body, signed_headers, timestamp, date)
        ):
            return error(
                "AuthFailure.SignatureFailure", "The provided credentials could not be validated."
            )
        return None

    def check(self, headers, body):
        request_id = f"req-{next(self.serial)}"
        error = self._error
        if self.down:
            return 503, {"message": "service unavailable"}
        refused = self.authenticate(headers, body)
        if refused:
            return refused
        if headers.get("X-TC-Action") != "SendSms" or headers.get("X-TC-Version") != "2021-01-11":
            return error("InvalidAction", "The action is not found.")
        try:
            params = json.loads(body)
        except ValueError:
            return error("InvalidParameter", "The body is not JSON.")
        with self.lock:
            self.requests.append(params)
        if params.get("SmsSdkAppId") != self.app_id:
            return error("InvalidParameterValue.SdkAppIdNotExist", "SdkAppId not exist.")
        if params.get("SignName") not in self.signs:
            return error("FailedOperation.SignatureIncorrectOrUnapproved", "签名未审批或格式错误")
        content = self.templates.get(params.get("TemplateId"))
        if content is None:
            return error("FailedOperation.TemplateIncorrectOrUnapproved", "模板未审批或内容不匹配")
        values = params.get("TemplateParamSet") or []
        if len(values) != len(set(re.findall(r"\{(\d+)\}", content))):
            return error(
                "FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
                "请求内容与审核通过的模板内容不匹配",
            )
        text = re.sub(r"\{(\d+)\}", lambda m: str(values[int(m.group(1)) - 1]), content)
        statuses = []
        for number in params.get("PhoneNumberSet") or []:
            serial = f"sid-{next(self.serial)}"
            code = self.codes.get(number)
            if code is None and not re.fullmatch(r"\+861\d{10}|\+[2-9]\d{7,14}", number):
                code = "InvalidParameterValue.IncorrectPhoneNumber"
            if code:
                statuses.append(
                    {
                        "SerialNo": "",
                        "PhoneNumber": number,
                        "Fee": 0,
                        "SessionContext": "",
                        "Code": code,
                        "Message": "refused",
                        "IsoCode": "CN",
                    }
                )
                continue
            statuses.append(
                {
                    "SerialNo": serial,
                    "PhoneNumber": number,
                    "Fee": 1,
                    "SessionContext": params.get("SessionContext", ""),
                    "Code": "Ok",
                    "Message": "send success",
                    "IsoCode": "CN",
                }
            )
            with self.lock:
                self.sent.append(
                    {
                        "number": number,
                        "text": f"【{params['SignName']}】{text}",
                        "template": params["TemplateId"],
                        "params": values,
                        "sid": serial,
                    }
                )
        return 200, {"Response": {"SendStatusSet": statuses, "RequestId": request_id}}

    def push_reports(self, url, failed=()):
        """POST the delivery reports (短信下发状态回调)."""
        items = [
            {
                "user_receive_time": "2026-12-01 10:00:05",
                "nationcode": "86",
                "mobile": sms["number"][3:],
                "report_status": "FAIL" if sms["number"] in failed else "SUCCESS",
                "errmsg": "MK:0012" if sms["number"] in failed else "DELIVRD",
                "description": "用户停机" if sms["number"] in failed else "用户短信送达成功",
                "sid": sms["sid"],
            }
            for sms in self.sent
        ]
        return self.post_json(url, items)

    def push_reply(self, url, number, text):
        """POST a guest's reply (短信回复回调)."""
        return self.post_json(
            url,
            {
                "extend": "",
                "mobile": number.removeprefix("+86"),
                "nationcode": "86",
                "sign": next(iter(self.signs)),
                "text": text,
                "time": int(time.time()),
            },
        )
