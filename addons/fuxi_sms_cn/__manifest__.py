{
    "name": "Fuxi: SMS through Alibaba Cloud and Tencent Cloud",
    "summary": "阿里云短信 and 腾讯云短信 as providers of Odoo's own SMS sending, with delivery "
    "reports, opt-out by reply and retries that never send twice",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    # sms_twilio owns the company's "SMS provider" switch (IAP / Twilio): the Chinese gateways
    # are two more choices of that same switch, so that Odoo's SMS flows (chatter, templates,
    # mass SMS) pick them up without knowing about them.
    "depends": ["sms_twilio"],
    "external_dependencies": {
        "python": ["aliyun-python-sdk-core", "tencentcloud-sdk-python-sms"],
    },
    "data": [
        "security/ir.model.access.csv",
        "security/fuxi_sms_cn_security.xml",
        "views/res_config_settings_views.xml",
        "views/sms_template_views.xml",
        "views/fuxi_sms_delivery_views.xml",
    ],
    "installable": True,
}
