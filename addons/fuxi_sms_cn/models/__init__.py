from . import (
    fuxi_sms_delivery,
    mail_notification,
    res_company,
    res_config_settings,
    sms_composer,
    sms_sms,
    sms_template,
)
