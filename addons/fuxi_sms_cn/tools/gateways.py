"""Alibaba Cloud SMS (dysmsapi 2017-05-25) and Tencent Cloud SMS (2021-01-11) behind the
interface Odoo's `sms` module expects from a provider (`sms/tools/sms_api.py`).

The vendors' own SDKs sign and send the requests (aliyun-python-sdk-core's CommonRequest,
tencentcloud-sdk-python-sms's SmsClient); this file only decides what to send and how to read
the answer. Both gateways send approved templates only: an SMS carries a template code and
its parameters, and the gateway adds the approved signature 【…】 itself.

Each result is a dict {uuid, state, failure_reason, gateway_ref, gateway_number} where state
is one of
  "sent"         the gateway took it (Odoo's "Sent"; the delivery report comes later),
  "fuxi_retry"   the gateway could not take it now (down, throttled): queue again later,
  "fuxi_unknown" the request left but no answer came back: it may have been sent, so it
                 is never sent again automatically (a duplicate is worse than a gap),
  or a failure key of PROVIDER_TO_SMS_FAILURE_TYPE.
"""

import json
import logging
from urllib.parse import urlsplit

from odoo import _
from odoo.tools import split_every

from odoo.addons.sms.tools.sms_api import SmsApiBase

_logger = logging.getLogger(__name__)

SENT = "sent"
RETRY = "fuxi_retry"
UNKNOWN = "fuxi_unknown"
NUMBER = "wrong_number_format"
CREDIT = "insufficient_credit"
CONFIG = "fuxi_config"
REJECTED = "fuxi_rejected"

# Error codes documented by Alibaba Cloud for SendSms (短信服务 API 错误码).
ALIYUN_CODES = {
    NUMBER: {"isv.MOBILE_NUMBER_ILLEGAL", "isv.MOBILE_COUNT_OVER_LIMIT"},
    CREDIT: {"isv.AMOUNT_NOT_ENOUGH", "isv.OUT_OF_SERVICE"},
    RETRY: {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "Throttling",
        "Throttling.User",
        "Throttling.Api",
        "ServiceUnavailable",
        "InternalError",
        "isp.SYSTEM_ERROR",
    },
    REJECTED: {"isv.BLACK_KEY_CONTROL_LIMIT", "isv.DENY_IP_RANGE", "isv.EXTEND_CODE_ERROR"},
    CONFIG: {
        "InvalidAccessKeyId.NotFound",
        "InvalidAccessKeyId.Inactive",
        "SignatureDoesNotMatch",
        "isp.RAM_PERMISSION_DENY",
        "isv.ACCOUNT_NOT_EXISTS",
        "isv.ACCOUNT_ABNORMAL",
        "isv.PRODUCT_UN_SUBSCRIPT",
        "isv.PRODUCT_UNSUBSCRIBE",
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.SMS_SIGN_ILLEGAL",
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.TEMPLATE_PARAMS_ILLEGAL",
        "isv.INVALID_PARAMETERS",
        "isv.INVALID_JSON_PARAM",
        "isv.PARAM_LENGTH_LIMIT",
        "isv.PARAM_NOT_SUPPORT_URL",
    },
}

# Error codes documented by Tencent Cloud for SendSms (错误码), matched by prefix.
TENCENT_PREFIXES = [
    ("InvalidParameterValue.IncorrectPhoneNumber", NUMBER),
    ("FailedOperation.InsufficientBalanceInSmsPackage", CREDIT),
    ("LimitExceeded.PhoneNumber", RETRY),
    ("LimitExceeded.AppDailyLimit", RETRY),
    ("LimitExceeded.DailyLimit", RETRY),
    ("RequestLimitExceeded", RETRY),
    ("InternalError", RETRY),
    ("FailedOperation.ContainSensitiveWord", REJECTED),
    ("FailedOperation.PhoneNumberInBlacklist", REJECTED),
    ("FailedOperation.MarketingSendTimeConstraint", RETRY),
    ("AuthFailure", CONFIG),
    ("UnauthorizedOperation", CONFIG),
    ("FailedOperation.SignatureIncorrectOrUnapproved", CONFIG),
    ("FailedOperation.TemplateIncorrectOrUnapproved", CONFIG),
    ("FailedOperation.TemplateParamSetNotMatchApprovedTemplate", CONFIG),
    ("InvalidParameterValue", CONFIG),
    ("MissingParameter", CONFIG),
    ("InvalidParameter", CONFIG),
]

# Read timeouts: the request reached the gateway, the answer did not come back.
_LOST_ANSWER_MARKERS = ("read timed out", "read timeout", "readtimeout")


def _text(message):
    """The SDKs' messages as text: Tencent's is the raw body (bytes) on HTTP errors; Alibaba's
    repeats the whole string to sign, which helps nobody reading the SMS list."""
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    message = str(message or "").split(" server string to sign is:")[0]
    return message if len(message) <= 300 else f"{message[:300]}…"


def _lost_answer(message):
    message = _text(message).lower()
    return any(marker in message for marker in _LOST_ANSWER_MARKERS)


def split_endpoint(endpoint, default_host):
    """("https", "dysmsapi.aliyuncs.com") from a configured endpoint URL (or the vendor's)."""
    if not endpoint:
        return "https", default_host
    parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
    return parts.scheme or "https", parts.netloc


class FuxiSmsGateway(SmsApiBase):
    """What both Chinese gateways share: configuration checks, grouping by template."""

    provider = None
    max_numbers_per_request = 100
    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        NUMBER: "sms_number_format",
        CREDIT: "sms_credit",
        CONFIG: "fuxi_gateway_config",
        REJECTED: "fuxi_gateway_rejected",
    }

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        # Odoo's generic entry point only carries bodies and numbers: read the rest (template
        # code and parameters) from the SMS records themselves.
        uuids = [n["uuid"] for message in messages for n in message.get("numbers") or []]
        sms = self.env["sms.sms"].sudo().search([("uuid", "in", uuids)])
        return self._fuxi_send(sms)

    def _fuxi_missing_settings(self):
        """Names of the settings the company still lacks for this gateway."""
        company = self.company.sudo()
        missing = []
        if not company.fuxi_sms_access_key_id:
            missing.append(_("access key ID / SecretId"))
        if not company.fuxi_sms_access_key_secret:
            missing.append(_("access key secret / SecretKey"))
        if not company.fuxi_sms_sign_name:
            missing.append(_("signature (签名)"))
        return missing

    def _fuxi_send(self, sms_records):
        results = []
        missing = self._fuxi_missing_settings()
        if missing:
            reason = _(
                "%(gateway)s is not set up: %(missing)s missing in Settings.",
                gateway=self._fuxi_label(),
                missing=", ".join(missing),
            )
            return [self._result(sms, CONFIG, reason) for sms in sms_records]
        groups = {}
        for sms in sms_records:
            code, params = sms._fuxi_template_for_gateway()
            if not code:
                results.append(
                    self._result(
                        sms,
                        CONFIG,
                        _(
                            "No approved template code: give the SMS template its gateway "
                            "template code, or set a default template for free text in Settings."
                        ),
                    )
                )
                continue
            key = (code, json.dumps(params, ensure_ascii=False))
            groups.setdefault(key, (code, params, []))[2].append(sms)
        for code, params, group in groups.values():
            for chunk in split_every(self.max_numbers_per_request, group):
                results.extend(self._fuxi_send_chunk(code, params, list(chunk)))
        return results

    def _fuxi_label(self):
        raise NotImplementedError()

    def _fuxi_send_chunk(self, template_code, params, sms_list):
        raise NotImplementedError()

    @staticmethod
    def _result(sms, state, reason=False, gateway_ref=False, gateway_number=False):
        return {
            "uuid": sms.uuid,
            "state": state,
            "failure_reason": reason or False,
            "gateway_ref": gateway_ref or False,
            "gateway_number": gateway_number or sms.number or False,
        }


class FuxiSmsApiAliyun(FuxiSmsGateway):
    provider = "fuxi_aliyun"
    # SendSms takes up to 1,000 numbers per call; smaller calls keep a failure's scope small.
    max_numbers_per_request = 200
    DEFAULT_HOST = "dysmsapi.aliyuncs.com"

    def _fuxi_label(self):
        return _("Alibaba Cloud SMS")

    @staticmethod
    def gateway_number(number):
        """Aliyun wants mainland numbers bare and others as country code + number, no '+'."""
        number = (number or "").replace(" ", "")
        if number.startswith("+86"):
            return number[3:]
        return number.lstrip("+")

    def _fuxi_client(self):
        from aliyunsdkcore.client import AcsClient

        company = self.company.sudo()
        # auto_retry off: a retried SendSms after a lost answer could send twice; the queue
        # retries itself, knowing what was already handed over.
        return AcsClient(
            company.fuxi_sms_access_key_id,
            company.fuxi_sms_access_key_secret,
            company.fuxi_sms_region or "cn-hangzhou",
            auto_retry=False,
            connect_timeout=5,
            timeout=10,
        )

    def _fuxi_send_chunk(self, template_code, params, sms_list):
        from aliyunsdkcore.acs_exception.exceptions import (
            ClientException,
            ServerException,
        )
        from aliyunsdkcore.request import CommonRequest

        company = self.company.sudo()
        scheme, host = split_endpoint(company.fuxi_sms_endpoint, self.DEFAULT_HOST)
        numbers = [self.gateway_number(sms.number) for sms in sms_list]
        request = CommonRequest(domain=host, version="2017-05-25", action_name="SendSms")
        request.set_method("POST")
        request.set_protocol_type(scheme)
        request.set_accept_format("json")
        request.add_query_param("PhoneNumbers", ",".join(numbers))
        request.add_query_param("SignName", company.fuxi_sms_sign_name)
        request.add_query_param("TemplateCode", template_code)
        if params:
            request.add_query_param("TemplateParam", json.dumps(dict(params), ensure_ascii=False))
        # OutId comes back in the delivery report: the first SMS's uuid ties the call to us.
        request.add_query_param("OutId", sms_list[0].uuid)
        try:
            answer = json.loads(self._fuxi_client().do_action_with_exception(request))
        except ServerException as error:
            code, message = error.get_error_code(), _text(error.get_error_msg())
            state = self._state_for_code(code)
            if error.get_http_status() and error.get_http_status() >= 500:
                state = RETRY
            return self._all(sms_list, numbers, state, f"{code}: {message}")
        except ClientException as error:
            message = _text(error.get_error_msg())
            state = UNKNOWN if _lost_answer(message) else RETRY
            return self._all(sms_list, numbers, state, f"{error.get_error_code()}: {message}")
        code = answer.get("Code")
        if code == "OK":
            return self._all(sms_list, numbers, SENT, gateway_ref=answer.get("BizId"))
        message = _text(answer.get("Message"))
        return self._all(sms_list, numbers, self._state_for_code(code), f"{code}: {message}")

    @staticmethod
    def _state_for_code(code):
        for state, codes in ALIYUN_CODES.items():
            if code in codes:
                return state
        return "unknown"

    def _all(self, sms_list, numbers, state, reason=False, gateway_ref=False):
        return [
            self._result(sms, state, reason, gateway_ref, number)
            for sms, number in zip(sms_list, numbers, strict=True)
        ]


class FuxiSmsApiTencent(FuxiSmsGateway):
    provider = "fuxi_tencent"
    # SendSms takes up to 200 numbers per call.
    max_numbers_per_request = 200
    DEFAULT_HOST = "sms.tencentcloudapi.com"

    def _fuxi_label(self):
        return _("Tencent Cloud SMS")

    def _fuxi_missing_settings(self):
        missing = super()._fuxi_missing_settings()
        if not self.company.sudo().fuxi_sms_app_id:
            missing.append(_("SDK AppID"))
        return missing

    @staticmethod
    def gateway_number(number):
        """Tencent wants E.164 ("+8613800000000"); Odoo already keeps numbers that way."""
        number = (number or "").replace(" ", "")
        return number if number.startswith("+") else f"+86{number}"

    def _fuxi_client(self):
        from tencentcloud.common import credential
        from tencentcloud.common.profile.client_profile import ClientProfile
        from tencentcloud.common.profile.http_profile import HttpProfile
        from tencentcloud.sms.v20210111 import sms_client

        company = self.company.sudo()
        scheme, host = split_endpoint(company.fuxi_sms_endpoint, self.DEFAULT_HOST)
        http_profile = HttpProfile(protocol=scheme, endpoint=host, reqTimeout=10)
        cred = credential.Credential(
            company.fuxi_sms_access_key_id, company.fuxi_sms_access_key_secret
        )
        return sms_client.SmsClient(
            cred, company.fuxi_sms_region or "ap-guangzhou", ClientProfile(httpProfile=http_profile)
        )

    def _fuxi_send_chunk(self, template_code, params, sms_list):
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
            TencentCloudSDKException,
        )
        from tencentcloud.sms.v20210111 import models as tc_models

        company = self.company.sudo()
        numbers = [self.gateway_number(sms.number) for sms in sms_list]
        request = tc_models.SendSmsRequest()
        request.PhoneNumberSet = numbers
        request.SmsSdkAppId = company.fuxi_sms_app_id
        request.SignName = company.fuxi_sms_sign_name
        request.TemplateId = template_code
        # Tencent's templates number their parameters {1}, {2}…: the order is the meaning.
        request.TemplateParamSet = [str(value) for _name, value in params]
        request.SessionContext = sms_list[0].uuid
        try:
            answer = self._fuxi_client().SendSms(request)
        except TencentCloudSDKException as error:
            code, message = error.get_code() or "", _text(error.get_message())
            if code in ("ClientNetworkError", "ServerNetworkError"):
                state = UNKNOWN if _lost_answer(message) else RETRY
            else:
                state = self._state_for_code(code)
            reason = f"{code}: {message}"
            return [
                self._result(sms, state, reason, gateway_number=number)
                for sms, number in zip(sms_list, numbers, strict=True)
            ]
        by_number = {status.PhoneNumber: status for status in answer.SendStatusSet or []}
        results = []
        for sms, number in zip(sms_list, numbers, strict=True):
            status = by_number.get(number)
            if status is None:
                results.append(
                    self._result(
                        sms,
                        UNKNOWN,
                        _("The gateway's answer did not name this number."),
                        gateway_number=number,
                    )
                )
            elif status.Code == "Ok":
                results.append(
                    self._result(sms, SENT, gateway_ref=status.SerialNo, gateway_number=number)
                )
            else:
                results.append(
                    self._result(
                        sms,
                        self._state_for_code(status.Code),
                        f"{status.Code}: {status.Message}",
                        gateway_ref=status.SerialNo,
                        gateway_number=number,
                    )
                )
        return results

    @staticmethod
    def _state_for_code(code):
        for prefix, state in TENCENT_PREFIXES:
            if (code or "").startswith(prefix):
                return state
        return "unknown"


GATEWAYS = {
    FuxiSmsApiAliyun.provider: FuxiSmsApiAliyun,
    FuxiSmsApiTencent.provider: FuxiSmsApiTencent,
}
