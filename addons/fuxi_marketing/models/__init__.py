from . import (
    fuxi_marketing_assignment,
    fuxi_marketing_audience,
    fuxi_marketing_policy,
    fuxi_marketing_send,
    mailing_mailing,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_campaign,
    sms_composer,
    sms_sms,
)
