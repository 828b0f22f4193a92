from . import (
    fuxi_abstract_code,
    fuxi_abstract_tree,
    fuxi_customer_class,
    fuxi_partner_date,
    fuxi_region,
    fuxi_taste,
    ir_actions_report,
    res_config_settings,
    res_partner,
    res_users,
)
