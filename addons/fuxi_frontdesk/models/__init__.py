from . import (
    fuxi_frontdesk_order,
    fuxi_frontdesk_order_event,
    fuxi_frontdesk_order_line,
    fuxi_frontdesk_order_pace,
    fuxi_frontdesk_order_payload,
    fuxi_frontdesk_order_rpc,
    fuxi_frontdesk_order_tables,
    fuxi_kitchen_ticket,
    fuxi_kitchen_ticket_display,
    ir_http,
    ir_websocket,
    res_config_settings,
)
