import {registry} from "@web/core/registry";

/** Fails the step when an element a cook taps is smaller than a fingertip. */
function checkTouchTargets() {
    const selector = [
        ".o_fuxi_kitchen_header button",
        ".o_fuxi_ticket_head",
        ".o_fuxi_ticket_line",
        ".o_fuxi_rail_ticket",
        ".o_fuxi_clear_ticket",
    ].join(",");
    for (const el of document.querySelectorAll(selector)) {
        const {width, height} = el.getBoundingClientRect();
        if (width && height && Math.min(width, height) < 44) {
            throw new Error(
                `Too small for a finger: ${el.className} is ${width}×${height} px`
            );
        }
    }
}

/** The page itself never scrolls: the header and the newest work stay on screen. */
function checkFitsScreen() {
    const page = document.scrollingElement;
    if (page.scrollHeight > window.innerHeight + 1) {
        throw new Error(
            `The page scrolls: ${page.scrollHeight} > ${window.innerHeight}`
        );
    }
    const header = document
        .querySelector(".o_fuxi_kitchen_header")
        .getBoundingClientRect();
    if (header.top < 0 || header.bottom > window.innerHeight) {
        throw new Error("The header is off screen");
    }
    const newest = [
        ...document.querySelectorAll(".o_fuxi_kitchen_grid > .o_fuxi_ticket"),
    ].at(-1);
    const grid = document.querySelector(".o_fuxi_kitchen_grid").getBoundingClientRect();
    if (
        newest &&
        newest.getBoundingClientRect().top >= grid.bottom &&
        !document.querySelector(".o_fuxi_more_below")
    ) {
        throw new Error("The newest ticket is below the fold and nothing says so");
    }
}

/**
 * A cook (zh_CN) opens Odoo and lands on the kitchen display; the tickets of the pass are
 * there by age with the rushed one first, the held course greyed, "退 1" with its reason,
 * the cancelled table marked; the all-day count, bigger text, bumping to the ready rail.
 */
registry.category("web_tour.tours").add("fuxi_kitchen_pass", {
    url: "/odoo",
    steps: () => [
        {
            content: "A cook's Odoo opens on the kitchen display",
            trigger: ".o_fuxi_kitchen .o_fuxi_kitchen_grid",
        },
        {
            content: "Show the hot kitchen only",
            trigger: ".o_fuxi_station_filter button[data-station=hot]",
            run: "click",
        },
        {
            content: "The rushed table comes first, flagged",
            trigger:
                ".o_fuxi_kitchen_grid > .o_fuxi_ticket:first-child.o_fuxi_ticket_rushed:contains(厨房巡回乙)",
        },
        {
            content: "Then by age: the oldest next",
            trigger:
                ".o_fuxi_kitchen_grid > .o_fuxi_ticket:nth-child(2):contains(厨房巡回甲)",
        },
        {
            content: "The held soup is greyed, marked 叫起",
            trigger:
                ".o_fuxi_ticket:contains(厨房巡回丙) .o_fuxi_line_held:contains(巡回鸡汤) .o_fuxi_tag_held",
        },
        {
            content: "One fish of three was voided: 退 1 with the reason",
            trigger:
                ".o_fuxi_ticket:contains(厨房巡回甲) .o_fuxi_line_void:has(.o_fuxi_void_qty:contains(退 1)):has(.o_fuxi_ticket_void:contains(客人不要了))",
        },
        {
            content: "The cancelled table is marked with its reason",
            trigger:
                ".o_fuxi_ticket.o_fuxi_ticket_closed:contains(厨房巡回丁) .o_fuxi_mark_reason:contains(点错台)",
        },
        {
            content: "The all-day count of the hot kitchen: the fish still to cook",
            trigger:
                ".o_fuxi_all_day_item:contains(巡回醋鱼) .o_fuxi_all_day_qty:contains(2)",
        },
        {
            content: "Everything a cook taps is finger-sized, and the screen holds",
            trigger: ".o_fuxi_kitchen_grid > .o_fuxi_ticket",
            run() {
                checkTouchTargets();
                checkFitsScreen();
            },
        },
        {
            content: "The cook has seen the cancelled table",
            trigger: ".o_fuxi_ticket_closed:contains(厨房巡回丁) .o_fuxi_clear_ticket",
            run: "click",
        },
        {
            content: "It is gone",
            trigger: ".o_fuxi_kitchen_grid:not(:has(.o_fuxi_ticket_closed))",
        },
        {
            content: "Bigger text",
            trigger: ".o_fuxi_zoom_in",
            run: "click",
        },
        {
            trigger: ".o_fuxi_zoom_value:contains(115%)",
        },
        {
            content: "Still finger-sized and on one screen at the bigger size",
            trigger: ".o_fuxi_kitchen_grid > .o_fuxi_ticket",
            run() {
                checkTouchTargets();
                checkFitsScreen();
            },
        },
        {
            content: "Bump the rushed table: cooking",
            trigger:
                ".o_fuxi_ticket.o_fuxi_state_new:contains(厨房巡回乙) .o_fuxi_ticket_head",
            run: "click",
        },
        {
            content: "Bump it again: ready",
            trigger:
                ".o_fuxi_ticket.o_fuxi_state_cooking:contains(厨房巡回乙) .o_fuxi_ticket_head",
            run: "click",
        },
        {
            content: "Ready: it leaves the grid for the ready rail",
            trigger: ".o_fuxi_column_ready .o_fuxi_rail_ticket:contains(厨房巡回乙)",
        },
        {
            content: "The all-day count no longer has its dish",
            trigger:
                ".o_fuxi_all_day:not(:has(.o_fuxi_all_day_item:contains(巡回狮子头)))",
        },
        {
            content: "Served",
            trigger: ".o_fuxi_column_ready .o_fuxi_rail_ticket:contains(厨房巡回乙)",
            run: "click",
        },
        {
            content: "Nothing of it is left on the rail",
            trigger:
                ".o_fuxi_column_ready:not(:has(.o_fuxi_rail_ticket:contains(厨房巡回乙)))",
        },
    ],
});
