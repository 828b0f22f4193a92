from . import (
    test_dashboard,
    test_docx_export,
    test_forecast,
    test_js,
    test_price_history,
    test_region_level,
    test_report_session,
    test_sales_buckets,
    test_statistic_buckets,
    test_statistics,
    test_ui,
)
