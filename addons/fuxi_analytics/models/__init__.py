# an2: dashboard, forecast and holidays
from . import fuxi_analytics_dashboard, fuxi_holiday, fuxi_sales_forecast
