{
    "name": "Fuxi Restaurant CRM",
    "summary": "伏羲餐饮业客户关系管理系统: guests, dishes, visits, service, front desk, cards",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Fuxi",
    "website": "https://github.com/fuxi-crm/fuxi",
    "license": "LGPL-3",
    # the whole suite: what `make run` and a deployment install
    "depends": [
        "fuxi_customer",
        "fuxi_knowledge",
        "fuxi_tracking",
        "fuxi_service",
        "fuxi_frontdesk",
        "fuxi_card_reader",
        "fuxi_analytics",
        "fuxi_station_printer",
        "fuxi_cashier",
    ],
    "data": [],
    "application": True,
    "installable": True,
}
