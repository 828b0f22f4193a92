{
    "name": "Fuxi Restaurant CRM: Analytics",
    "summary": "统计分析: price history, quantity and region statistics, dashboard, forecast, "
    "Word export",
    "version": "18.0.1.4.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_tracking", "fuxi_service"],
    "external_dependencies": {"python": ["python-docx"]},
    "data": [
        "security/ir.model.access.csv",
        # price history, statistics, Word export
        "security/fuxi_analytics_security.xml",
        "views/fuxi_price_history_views.xml",
        "views/fuxi_statistic_views.xml",
        # dashboard, forecast and holidays
        "security/fuxi_holiday_security.xml",
        "data/fuxi_holiday_data.xml",
        "data/ir_cron_data.xml",
        "views/fuxi_holiday_views.xml",
        "views/fuxi_analytics_dashboard_views.xml",
        "report/fuxi_analytics_dashboard_reports.xml",
        "report/fuxi_analytics_dashboard_templates.xml",
        "views/fuxi_analytics_menus.xml",
    ],
    "demo": [
        "demo/fuxi_analytics_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "fuxi_analytics/static/src/dashboard/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_analytics/static/tests/**/*.test.js",
        ],
        "web.assets_tests": [
            "fuxi_analytics/static/tests/tours/fuxi_statistic_tour.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
