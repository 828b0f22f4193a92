from . import (
    fuxi_abstract_code,
    fuxi_abstract_tree,
    fuxi_customer_class,
    fuxi_partner_date,
    fuxi_region,
    fuxi_sequence_mixin,
    fuxi_taste,
    ir_actions_report,
    ir_config_parameter,
    res_config_settings,
    res_partner,
    res_users,
)
