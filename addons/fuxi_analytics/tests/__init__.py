# an2: dashboard, forecast and holidays
from . import test_dashboard, test_forecast, test_js
