from . import fuxi_ranking
