{
    "name": "Fuxi Restaurant CRM: Analytics",
    "summary": "统计分析: price history, quantity and region statistics, dashboard, forecast, "
    "Word export",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_tracking", "fuxi_service"],
    "data": [
        "security/ir.model.access.csv",
        # an2: dashboard, forecast and holidays
        "security/fuxi_holiday_security.xml",
        "data/fuxi_holiday_data.xml",
        "views/fuxi_holiday_views.xml",
        "views/fuxi_analytics_dashboard_views.xml",
        "report/fuxi_analytics_dashboard_reports.xml",
        "report/fuxi_analytics_dashboard_templates.xml",
    ],
    "assets": {
        # an2: the dashboard
        "web.assets_backend": [
            "fuxi_analytics/static/src/dashboard/*",
        ],
        "web.assets_unit_tests": [
            "fuxi_analytics/static/tests/**/*.test.js",
        ],
    },
    "installable": True,
}
