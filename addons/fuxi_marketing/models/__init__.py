from . import (
    fuxi_marketing_audience,
    fuxi_marketing_letter_template,
    fuxi_marketing_message,
    fuxi_marketing_news,
    fuxi_marketing_occasion,
    fuxi_marketing_policy,
    fuxi_marketing_send,
    fuxi_reservation,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_greeting,
)
