{
    "name": "Fuxi Restaurant CRM: Analytics",
    "summary": "统计分析: price history, quantity and region statistics, dashboard, forecast, "
    "Word export",
    "description": """
统计分析 — analytics for the manager
====================================

- dish price history (every change dated, who, old and new) and price trends per dish and
  category;
- customers ranked by quantity, dishes by distinct customers and by quantity, consumption by
  region and city, with Top N, store filter and export;
- the manager's dashboard (this week or month against the same period last year), a 14-day
  sales forecast with Chinese public holidays, Word (.docx) export of every statistic, PDF
  reports of a guest's profile and of a complaint.

The guide is README.md in this addon's folder.
""",
    "version": "18.0.1.3.0",
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
