{
    "name": "Fuxi Restaurant CRM",
    "summary": "伏羲餐饮业客户关系管理系统: guests, dishes, visits, service, front desk, cards",
    "description": """
Fuxi (伏羲) — the restaurant CRM
================================

The application to install: it depends on every Fuxi addon, so one click brings the guests,
dishes and documents, visits, reservations and rankings, complaints and the Q&A library, the
front desk and the kitchen display, and membership cards. It has no code or data of its own.

The guide is README.md in this addon's folder and in the project's root.
""",
    "version": "18.0.1.1.0",
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
        "fuxi_sms_cn",
        "fuxi_cashier",
        "fuxi_marketing",
    ],
    "data": [],
    "application": True,
    "installable": True,
}
