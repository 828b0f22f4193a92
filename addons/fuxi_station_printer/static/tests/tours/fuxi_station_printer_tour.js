import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("fuxi_printer_warning_kitchen", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_kitchen_display",
    steps: () => [
        {
            content:
                "The kitchen display warns in red: the printer is offline, 3 tickets wait",
            trigger:
                ".o_fuxi_kitchen .o_fuxi_printer_offline.text-bg-danger:contains(巡回热菜厨打):contains(3)",
        },
    ],
});

registry.category("web_tour.tours").add("fuxi_printer_warning_frontdesk", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
    steps: () => [
        {
            content: "The front desk warns in red too, in the user's language",
            trigger:
                ".o_fuxi_frontdesk .o_fuxi_printer_offline:contains(离线):contains(3)",
        },
    ],
});
