from . import fuxi_card, fuxi_card_reader, fuxi_card_swipe, res_partner
