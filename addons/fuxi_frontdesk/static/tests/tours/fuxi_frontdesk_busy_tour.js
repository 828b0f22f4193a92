import {registry} from "@web/core/registry";

const TOUCH = 44;

/** The action bar in view, the lines scrolling inside their panel, nothing to tap under 44 px. */
function checkLayout(expectedLines) {
    const lines = document.querySelectorAll(".o_fuxi_lines .o_fuxi_line");
    if (expectedLines && lines.length !== expectedLines) {
        throw new Error(`expected ${expectedLines} order lines, found ${lines.length}`);
    }
    for (const selector of [".o_fuxi_send", ".o_fuxi_checkout", ".o_fuxi_prebill"]) {
        const rect = document.querySelector(selector).getBoundingClientRect();
        if (rect.top < 0 || rect.bottom > window.innerHeight + 0.5) {
            throw new Error(
                `${selector} is out of view (${rect.top}–${rect.bottom} of ${window.innerHeight})`
            );
        }
    }
    const panel = document.querySelector(".o_fuxi_lines");
    if (panel.scrollHeight <= panel.clientHeight) {
        throw new Error("the order lines do not scroll inside their panel");
    }
    const small = [...document.querySelectorAll(".o_fuxi_frontdesk button")].filter(
        (button) =>
            button.offsetParent &&
            (button.offsetHeight < TOUCH - 0.5 || button.offsetWidth < TOUCH - 0.5)
    );
    if (small.length) {
        throw new Error(
            `touch targets under ${TOUCH} px: ${small
                .slice(0, 5)
                .map((b) => `${b.className} ${b.offsetWidth}×${b.offsetHeight}`)
                .join("; ")}`
        );
    }
}

function tapLine(dish, action) {
    return [
        {
            content: `Select ${dish}`,
            trigger: `.o_fuxi_line_sent:contains(${dish}) .o_fuxi_line_name`,
            run: "click",
        },
        {
            content: action,
            trigger: `.o_fuxi_line_sent:contains(${dish}) .${action}`,
            run: "click",
        },
    ];
}

/**
 * A Saturday-night table: ten guests, 36 dishes already sent; four beers tapped (one line ×4),
 * the soups held, a weighed sea bass of 1.6 斤 (40 lines); sent; moved to another table; a
 * second table merged into it; the soups fired; a dish rushed, one comped, one served; one
 * beer of four voided; checked out with dishes still in the kitchen.
 */
registry.category("web_tour.tours").add("fuxi_frontdesk_busy_table", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
    steps: () => [
        {
            content: "Open the busy table",
            trigger: ".o_fuxi_room.o_fuxi_status_waiting:contains(巡回十人台)",
            run: "click",
        },
        {
            content: "36 lines: the actions stay in view, the lines scroll",
            trigger: ".o_fuxi_line_sent:contains(巡回菜36)",
            run: () => checkLayout(36),
        },
        ...[1, 2, 3, 4].map((n) => ({
            content: `Beer, tap ${n}`,
            trigger: ".o_fuxi_dish:contains(巡回青岛啤酒)",
            run: "click",
        })),
        {
            content: "Four taps, one line of four beers",
            trigger:
                ".o_fuxi_line_draft:not(.o_fuxi_line_saving):contains(巡回青岛啤酒) .o_fuxi_line_qty:contains(×4)",
        },
        {
            content: "A first soup",
            trigger: ".o_fuxi_dish:contains(巡回牛肉羹)",
            run: "click",
        },
        {
            content: "A second soup",
            trigger: ".o_fuxi_dish:contains(巡回酸辣汤)",
            run: "click",
        },
        {
            content: "Both soups reached the server",
            trigger: ".o_fuxi_line_draft:not(.o_fuxi_line_saving):contains(巡回酸辣汤)",
        },
        {
            content: "Hold the soup course (叫起)",
            trigger: ".o_fuxi_course_head[data-course=soup] .o_fuxi_hold_course",
            run: "click",
        },
        {
            content: "The soups are held",
            trigger: ".o_fuxi_line_draft:contains(巡回酸辣汤) .o_fuxi_badge_held",
        },
        {
            content: "The live sea bass, by weight",
            trigger: ".o_fuxi_dish:contains(巡回鲈鱼)",
            run: "click",
        },
        {
            content: "1.6 斤",
            trigger: ".o_fuxi_dish_entry .o_fuxi_entry_weight",
            run: "edit 1.6",
        },
        {
            content: "Add it",
            trigger: ".o_fuxi_dish_entry .o_fuxi_entry_confirm:enabled",
            run: "click",
        },
        {
            content: "The fish is on the order with its weight",
            trigger:
                ".o_fuxi_line_draft:not(.o_fuxi_line_saving):contains(巡回鲈鱼) .o_fuxi_line_details:contains(1.6)",
        },
        {
            content: "40 lines: still everything in reach",
            trigger: ".o_fuxi_line_draft:contains(巡回牛肉羹)",
            run: () => checkLayout(40),
        },
        {
            content: "Send",
            trigger: ".o_fuxi_send:enabled",
            run: "click",
        },
        {
            content: "Sent: the soups wait to be fired",
            trigger: ".o_fuxi_line_sent:contains(巡回酸辣汤) .o_fuxi_lstatus_held",
        },
        {
            content: "Nothing left to send",
            trigger: ".o_fuxi_send:disabled",
        },
        // 转台
        {
            content: "Table actions",
            trigger: ".o_fuxi_more",
            run: "click",
        },
        {
            content: "Move",
            trigger: ".o_fuxi_more_menu .o_fuxi_move",
            run: "click",
        },
        {
            content: "To the free table",
            trigger: ".o_fuxi_table_picker_move .o_fuxi_pick_room:contains(巡回转台桌)",
            run: "click",
        },
        {
            content: "Confirm the move",
            trigger: ".o_fuxi_table_picker .o_fuxi_picker_confirm:enabled",
            run: "click",
        },
        {
            content: "The order is on the new table",
            trigger: ".o_fuxi_order_room:contains(巡回转台桌)",
        },
        // 并台
        {
            content: "Table actions",
            trigger: ".o_fuxi_more",
            run: "click",
        },
        {
            content: "Merge",
            trigger: ".o_fuxi_more_menu .o_fuxi_merge",
            run: "click",
        },
        {
            content: "The other table",
            trigger:
                ".o_fuxi_table_picker_merge .o_fuxi_pick_room:contains(巡回并台桌)",
            run: "click",
        },
        {
            content: "Confirm the merge",
            trigger: ".o_fuxi_table_picker .o_fuxi_picker_confirm:enabled",
            run: "click",
        },
        {
            content: "The other table's dishes joined",
            trigger: ".o_fuxi_line_sent:contains(巡回并台菜)",
        },
        // 起菜
        {
            content: "Fire the soups",
            trigger: ".o_fuxi_course_head[data-course=soup] .o_fuxi_fire_course",
            run: "click",
        },
        {
            content: "The soups go to the cook",
            trigger: ".o_fuxi_line_sent:contains(巡回酸辣汤) .o_fuxi_lstatus_waiting",
        },
        // 催菜, 赠菜, 划菜
        ...tapLine("巡回菜05", "o_fuxi_rush"),
        {
            content: "Rushed once",
            trigger:
                ".o_fuxi_line_sent:contains(巡回菜05) .o_fuxi_badge_rush:contains(1)",
        },
        ...tapLine("巡回菜06", "o_fuxi_comp"),
        {
            content: "Why the comp",
            trigger: ".o_fuxi_comp_box .o_fuxi_comp_quick",
            run: "click",
        },
        {
            content: "Comp it",
            trigger: ".o_fuxi_comp_box .o_fuxi_comp_confirm:enabled",
            run: "click",
        },
        {
            content: "Comped",
            trigger: ".o_fuxi_line:contains(巡回菜06) .o_fuxi_badge_comp",
        },
        ...tapLine("巡回菜07", "o_fuxi_served"),
        {
            content: "Served (划菜)",
            trigger: ".o_fuxi_line_sent:contains(巡回菜07) .o_fuxi_lstatus_served",
        },
        // 退 1 of 4 beers
        ...tapLine("巡回青岛啤酒", "o_fuxi_void"),
        ...[1, 2, 3].map(() => ({
            content: "One beer less to void",
            trigger: ".o_fuxi_void_box .o_fuxi_void_minus",
            run: "click",
        })),
        {
            content: "Void one",
            trigger: ".o_fuxi_void_box .o_fuxi_void_quantity:contains(1)",
        },
        {
            content: "Why",
            trigger: ".o_fuxi_void_box .o_fuxi_void_quick",
            run: "click",
        },
        {
            content: "Void",
            trigger: ".o_fuxi_void_box .o_fuxi_void_confirm:enabled",
            run: "click",
        },
        {
            content: "Three beers left, one voided",
            trigger:
                ".o_fuxi_line_sent:contains(巡回青岛啤酒) .o_fuxi_line_qty:contains(×3)",
        },
        {
            trigger: ".o_fuxi_line_void:contains(巡回青岛啤酒)",
        },
        // 结账
        {
            content: "Check out",
            trigger: ".o_fuxi_checkout",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".o_fuxi_checkout_box .o_fuxi_confirm_checkout",
            run: "click",
        },
        {
            content: "Dishes are still in the kitchen: asked again",
            trigger: ".o_fuxi_checkout_box .o_fuxi_unserved_warning",
        },
        {
            content: "Check out anyway",
            trigger: ".o_fuxi_checkout_box .o_fuxi_confirm_checkout",
            run: "click",
        },
        {
            content: "Back on the floor, the table is free",
            trigger:
                ".o_fuxi_floor .o_fuxi_room.o_fuxi_status_free:contains(巡回转台桌)",
        },
    ],
});
