# an1 (issue 17 E1): price history, statistics, Word export
from . import (
    fuxi_docx_export,
    fuxi_price_history,
    fuxi_price_trend,
    fuxi_ranking,
    fuxi_region,
    fuxi_statistic,
    product_product,
    product_template,
)
