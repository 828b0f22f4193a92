from . import fuxi_card_wizards
