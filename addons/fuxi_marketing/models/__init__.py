from . import (
    fuxi_marketing_audience,
    fuxi_marketing_policy,
    fuxi_marketing_send,
    res_company,
    res_config_settings,
    res_partner,
)
from . import (
    fuxi_marketing_assignment,
    mailing_mailing,
    res_partner_campaign,
    sms_composer,
    sms_sms,
)
