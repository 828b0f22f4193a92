from . import (
    fuxi_frontdesk_order,
    fuxi_frontdesk_order_line,
    fuxi_kitchen_ticket,
    res_config_settings,
)
