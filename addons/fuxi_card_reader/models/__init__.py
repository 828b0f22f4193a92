from . import fuxi_card, fuxi_card_reader, fuxi_card_swipe, ir_http, res_partner
