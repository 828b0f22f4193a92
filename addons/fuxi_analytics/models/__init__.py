from . import (
    fuxi_analytics_dashboard,
    fuxi_docx_export,
    fuxi_holiday,
    fuxi_price_history,
    fuxi_price_trend,
    fuxi_ranking,
    fuxi_region,
    fuxi_sales_forecast,
    fuxi_statistic,
    product_product,
    product_template,
)
