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

const CALLER = "巡回来电客人";

registry.category("web_tour.tours").add("fuxi_printer_warning_frontdesk", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
    steps: () => [
        {
            content: "The front desk warns in red too, in the user's language",
            trigger:
                ".o_fuxi_frontdesk .o_fuxi_printer_offline:contains(离线):contains(3)",
        },
        {
            content: "Open the table's order (a walk-in guest)",
            trigger: ".o_fuxi_room:contains(测试雅间)",
            run: "click",
        },
        {
            content:
                "A caller ID arrives while the order is open, as the bus brings it",
            trigger: ".o_fuxi_guest_panel .o_fuxi_no_guest",
            async run() {
                const {services} = odoo.__WOWL_DEBUG__.root.env;
                const [partnerId] = await services.orm.search("res.partner", [
                    ["name", "=", CALLER],
                ]);
                await services.fuxi_card_swipe.handle({
                    result: "known",
                    kind: "phone",
                    identifier: "13900009999",
                    partner_id: partnerId,
                    partner_name: CALLER,
                });
            },
        },
        {
            content: "The caller is offered, in Chinese, with the table named",
            trigger: `.o_fuxi_caller_notification:contains(客人来电):contains(${CALLER}) button:contains(设为 测试雅间 的客人)`,
        },
        {
            content: "… and not made the table's guest",
            trigger: ".o_fuxi_guest_panel .o_fuxi_no_guest",
        },
        {
            content: "The waiter says the caller is this table's guest",
            trigger:
                ".o_fuxi_caller_notification button:contains(设为 测试雅间 的客人)",
            run: "click",
        },
        {
            content: "Only now the caller is the guest of the order",
            trigger: `.o_fuxi_guest_panel:contains(${CALLER})`,
        },
    ],
});
