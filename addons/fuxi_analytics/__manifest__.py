{
    "name": "Fuxi Restaurant CRM: Analytics",
    "summary": "统计分析: price history, quantity and region statistics, dashboard, forecast, Word export",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    "depends": ["fuxi_tracking", "fuxi_service"],
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
}
