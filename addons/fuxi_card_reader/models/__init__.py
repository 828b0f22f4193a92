from . import bus_bus, fuxi_card, fuxi_card_reader, fuxi_card_swipe, ir_cron, ir_http, res_partner
