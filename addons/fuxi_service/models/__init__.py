# isort: off
# the mixin first: a model is built when its file is imported, after the models it inherits
from . import fuxi_qa_suggestion_mixin
from . import (
    fuxi_complaint,
    fuxi_complaint_category,
    fuxi_complaint_dish_rate,
    fuxi_complaint_dish_rate_line,
    fuxi_complaint_handling,
    fuxi_complaint_transfer,
    fuxi_complaint_urge,
    fuxi_qa,
    fuxi_qa_category,
    fuxi_service_channels,
    fuxi_support_request,
    res_config_settings,
    res_partner,
)
