import {registry} from "@web/core/registry";

/**
 * A waiter opens a table for a known guest, orders a dish with a note and sends it; the
 * kitchen sees the ticket and bumps it to ready; the waiter sees it ready, marks it served
 * and checks out.
 */
registry.category("web_tour.tours").add("fuxi_frontdesk_order_to_kitchen", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
    steps: () => [
        {
            content: "Pick the free private room on the floor",
            trigger: ".o_fuxi_room.o_fuxi_status_free:contains(巡回测试厅)",
            run: "click",
        },
        {
            content: "Search the guest by phone",
            trigger: ".o_fuxi_open_table .o_fuxi_guest_search",
            run: "edit 13700001111",
        },
        {
            content: "Pick the guest",
            trigger: ".o_fuxi_guest_result:contains(巡回测试客)",
            run: "click",
        },
        {
            content: "Four guests",
            trigger: ".o_fuxi_opening_plus",
            run: "click",
        },
        {
            trigger: ".o_fuxi_opening_plus",
            run: "click",
        },
        {
            content: "Open the table",
            trigger: ".o_fuxi_confirm_open",
            run: "click",
        },
        {
            content: "The guest panel shows the guest and the taboo",
            trigger: ".o_fuxi_guest_panel .o_fuxi_taboos:contains(花生过敏)",
        },
        {
            content: "Add the dish",
            trigger: ".o_fuxi_dish:contains(巡回宫保鸡丁)",
            run: "click",
        },
        {
            content: "Select the new line",
            trigger:
                ".o_fuxi_line.o_fuxi_line_draft:contains(巡回宫保鸡丁) .o_fuxi_line_name",
            run: "click",
        },
        {
            content: "Note for the kitchen",
            trigger: ".o_fuxi_line_draft .o_fuxi_note_input",
            run: "edit 不要花生 && press Tab",
        },
        {
            content: "The note is saved",
            trigger: ".o_fuxi_line_draft .o_fuxi_line_note:contains(不要花生)",
        },
        {
            content: "Send to the kitchen",
            trigger: ".o_fuxi_send:enabled",
            run: "click",
        },
        {
            content: "The line is sent",
            trigger: ".o_fuxi_line_sent:contains(巡回宫保鸡丁)",
        },
        {
            content: "Nothing left to send",
            trigger: ".o_fuxi_send:disabled",
        },
    ],
});

registry.category("web_tour.tours").add("fuxi_kitchen_bump", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_kitchen_display",
    steps: () => [
        {
            content: "Show the hot kitchen only",
            trigger: ".o_fuxi_station_filter button[data-station=hot]",
            run: "click",
        },
        {
            content: "The ticket is new, with the table, the note and the taboo",
            trigger:
                ".o_fuxi_ticket.o_fuxi_state_new:contains(巡回测试厅):has(.o_fuxi_ticket_note:contains(不要花生)):has(.o_fuxi_ticket_taboos)",
        },
        {
            content: "Bump: cooking",
            trigger:
                ".o_fuxi_ticket.o_fuxi_state_new:contains(巡回测试厅) .o_fuxi_ticket_head",
            run: "click",
        },
        {
            content: "Bump: ready",
            trigger:
                ".o_fuxi_ticket.o_fuxi_state_cooking:contains(巡回测试厅) .o_fuxi_ticket_head",
            run: "click",
        },
        {
            content: "The ticket is ready",
            trigger: ".o_fuxi_column_ready .o_fuxi_ticket:contains(巡回测试厅)",
        },
    ],
});

registry.category("web_tour.tours").add("fuxi_frontdesk_checkout", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
    steps: () => [
        {
            content: "The table is occupied",
            trigger: ".o_fuxi_room.o_fuxi_status_occupied:contains(巡回测试厅)",
            run: "click",
        },
        {
            content: "The kitchen's bump shows on the line",
            trigger: ".o_fuxi_line_sent:contains(巡回宫保鸡丁) .o_fuxi_ticket_ready",
        },
        {
            content: "Select the dish on the table",
            trigger: ".o_fuxi_line_sent:contains(巡回宫保鸡丁) .o_fuxi_line_name",
            run: "click",
        },
        {
            content: "Mark it served (划菜)",
            trigger: ".o_fuxi_line_sent:contains(巡回宫保鸡丁) .o_fuxi_served",
            run: "click",
        },
        {
            content: "Served",
            trigger: ".o_fuxi_line_sent:contains(巡回宫保鸡丁) .o_fuxi_lstatus_served",
        },
        {
            content: "Check out",
            trigger: ".o_fuxi_checkout",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".o_fuxi_confirm_checkout",
            run: "click",
        },
        {
            content: "Back on the floor, the table is free",
            trigger: ".o_fuxi_room.o_fuxi_status_free:contains(巡回测试厅)",
        },
    ],
});
