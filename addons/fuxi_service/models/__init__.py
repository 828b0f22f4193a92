from . import (
    fuxi_complaint,
    fuxi_complaint_category,
    fuxi_complaint_dish_rate,
    fuxi_complaint_log,
    fuxi_qa,
    fuxi_support_request,
    res_config_settings,
    res_partner,
)
