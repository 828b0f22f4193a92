from . import (
    fuxi_marketing_audience,
    fuxi_marketing_policy,
    fuxi_marketing_send,
    res_company,
    res_config_settings,
    res_partner,
)
