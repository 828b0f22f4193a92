import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {click, edit, queryAllTexts} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    mockService,
    mountWithCleanup,
    onRpc,
    serverState,
} from "@web/../tests/web_test_helpers";
import {
    DishEntryDialog,
    SplitDialog,
    TablePickerDialog,
} from "@fuxi_frontdesk/frontdesk/dialogs";
import {OrderPanel} from "@fuxi_frontdesk/frontdesk/order_panel";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";
import {
    entryUnitPrice,
    needsEntry,
    sameChoices,
} from "@fuxi_frontdesk/common/frontdesk_utils";

describe.current.tags("desktop");
defineMailModels();

const CURRENCY = 7;
beforeEach(() => {
    serverState.currencies = [
        ...serverState.currencies,
        {id: CURRENCY, name: "CNY", symbol: "¥", position: "before"},
    ];
});

const BEER = {
    id: 21,
    name: "青岛啤酒",
    price: 15,
    price_mode: "fixed",
    course: "drink",
};
const SEABASS = {
    id: 22,
    name: "清蒸鲈鱼",
    price: 88,
    price_mode: "weighed",
    weight_uom: "jin",
    weight_min: 1,
    weight_max: 3,
    course: "hot",
    portions: [],
    options: [],
};
const NOODLES = {
    id: 23,
    name: "牛肉面",
    price: 30,
    price_mode: "fixed",
    course: "staple",
    portions: [
        {id: 1, name: "大份", price: 38},
        {id: 2, name: "小份", price: 26},
    ],
    options: [
        {id: 5, name: "加辣", price_extra: 0},
        {id: 6, name: "加蛋", price_extra: 3},
    ],
};
const LOBSTER = {
    id: 24,
    name: "波士顿龙虾",
    price: 0,
    price_mode: "market",
    price_min: 200,
    price_max: 600,
    course: "hot",
};

function line(values) {
    return {
        note: "",
        state: "sent",
        hold: false,
        rush_count: 0,
        is_comp: false,
        served: false,
        ...values,
    };
}

test("helpers: which dishes need a choice, their unit price, which lines merge", () => {
    expect(needsEntry(BEER)).toBe(false);
    expect(needsEntry(SEABASS)).toBe(true);
    expect(needsEntry(NOODLES)).toBe(true);
    expect(needsEntry(LOBSTER)).toBe(true);
    expect(entryUnitPrice(SEABASS, {weight: "1.6"})).toBeCloseTo(140.8);
    expect(entryUnitPrice(NOODLES, {portionId: 2, optionIds: [5, 6]})).toBe(29);
    expect(entryUnitPrice(LOBSTER, {price: "388"})).toBe(388);
    expect(sameChoices({note: ""}, {note: ""})).toBe(true);
    expect(sameChoices({portion: "大份"}, {portion: "小份"})).toBe(false);
    expect(sameChoices({options: ["加蛋", "加辣"]}, {options: ["加辣", "加蛋"]})).toBe(
        true
    );
    expect(sameChoices({weight: 1.6}, {})).toBe(false);
});

test("order panel: a dish tapped again shows on its unsent line; a weighed one does not", async () => {
    const order = {
        id: 1,
        lines: [
            line({
                id: 1,
                uid: "a",
                product_id: 21,
                name: "青岛啤酒",
                quantity: 1,
                price_unit: 15,
                subtotal: 15,
                state: "draft",
                status: "draft",
                course: "drink",
            }),
        ],
        tickets: [],
    };
    const pendingLines = [
        {
            uid: "p1",
            product_id: 21,
            name: "青岛啤酒",
            quantity: 1,
            price_unit: 15,
            mergeable: true,
        },
        {
            uid: "p2",
            product_id: 21,
            name: "青岛啤酒",
            quantity: 1,
            price_unit: 15,
            mergeable: true,
        },
        {
            uid: "p3",
            product_id: 22,
            name: "清蒸鲈鱼",
            quantity: 1,
            price_unit: 140.8,
            weight: 1.6,
            weight_uom: "jin",
            course: "hot",
            mergeable: false,
        },
    ];
    await mountWithCleanup(OrderPanel, {
        props: {
            order,
            pendingLines,
            currencyId: CURRENCY,
            onChangeLine: () => undefined,
            onRemoveLine: () => undefined,
            onVoidLine: () => undefined,
        },
    });
    expect(".o_fuxi_line").toHaveCount(2);
    expect(".o_fuxi_line[data-line-uid='a'] .o_fuxi_line_qty").toHaveText("×3");
    expect(".o_fuxi_line[data-line-uid='a']").toHaveText(/Saving/);
    expect(".o_fuxi_line_pending .o_fuxi_line_details").toHaveText("1.6 jin (斤)");
    // courses in the order a meal is served: the hot fish before the drinks
    expect(queryAllTexts(".o_fuxi_course_name")).toEqual([
        "Hot dishes course",
        "Drinks course",
    ]);
    expect(".o_fuxi_total").toHaveText("¥ 185.80");
});

test("order panel: status per line, hold and fire by course, served, rush, partial void, comp", async () => {
    const calls = [];
    const order = {
        id: 1,
        lines: [
            line({
                id: 1,
                uid: "a",
                name: "西湖牛肉羹",
                quantity: 1,
                price_unit: 48,
                subtotal: 48,
                course: "soup",
                status: "held",
                hold: true,
                ticket_id: 7,
            }),
            line({
                id: 2,
                uid: "b",
                name: "酸辣汤",
                quantity: 1,
                price_unit: 28,
                subtotal: 28,
                course: "soup",
                state: "draft",
                status: "draft",
            }),
            line({
                id: 3,
                uid: "c",
                name: "青岛啤酒",
                quantity: 4,
                price_unit: 15,
                subtotal: 60,
                course: "drink",
                status: "ready",
                ticket_id: 8,
            }),
            line({
                id: 4,
                uid: "d",
                name: "东坡肉",
                quantity: 1,
                price_unit: 68,
                subtotal: 0,
                amount_list: 68,
                course: "hot",
                status: "cooking",
                rush_count: 2,
                is_comp: true,
                comp_reason: "老客户",
                ticket_id: 9,
            }),
        ],
        tickets: [],
    };
    await mountWithCleanup(OrderPanel, {
        props: {
            order,
            currencyId: CURRENCY,
            canComp: true,
            onChangeLine: () => undefined,
            onRemoveLine: () => undefined,
            onVoidLine: (l, reason, quantity) =>
                calls.push(["void", l.id, reason, quantity]),
            onCompLine: (l, reason, quantity) =>
                calls.push(["comp", l.id, reason, quantity]),
            onServed: (l, served) => calls.push(["served", l.id, served]),
            onRush: (l) => calls.push(["rush", l.id]),
            onHold: (lines, hold) => calls.push(["hold", lines.map((l) => l.id), hold]),
            onFire: (course, lines) =>
                calls.push(["fire", course, lines.map((l) => l.id)]),
        },
    });
    expect(queryAllTexts(".o_fuxi_course_name")).toEqual([
        "Hot dishes course",
        "Soup course",
        "Drinks course",
    ]);
    expect(".o_fuxi_line[data-line-id='1'] .o_fuxi_lstatus").toHaveText(
        "Held: fire later"
    );
    expect(".o_fuxi_line[data-line-id='3'] .o_fuxi_lstatus").toHaveText(
        "Ready to serve"
    );
    expect(".o_fuxi_line[data-line-id='4'] .o_fuxi_badge_rush").toHaveText("2");
    expect(".o_fuxi_line[data-line-id='4'] .o_fuxi_badge_comp").toHaveCount(1);
    // comped: not in the total, its list price struck through
    expect(".o_fuxi_total").toHaveText("¥ 136.00");

    await click(".o_fuxi_course_head[data-course='soup'] .o_fuxi_hold_course");
    await click(".o_fuxi_course_head[data-course='soup'] .o_fuxi_fire_course");
    expect(calls).toEqual([
        ["hold", [2], true],
        ["fire", "soup", [1]],
    ]);

    // the beers: served, then one of four voided
    await click(".o_fuxi_line[data-line-id='3'] .o_fuxi_line_name");
    await animationFrame();
    expect(".o_fuxi_line[data-line-id='3'] .o_fuxi_rush").toHaveCount(0); // ready: no rush
    await click(".o_fuxi_line[data-line-id='3'] .o_fuxi_served");
    expect(calls.at(-1)).toEqual(["served", 3, true]);
    await click(".o_fuxi_line[data-line-id='3'] .o_fuxi_void");
    await animationFrame();
    expect(".o_fuxi_void_quantity").toHaveText("4");
    await click(".o_fuxi_void_minus");
    await click(".o_fuxi_void_minus");
    await click(".o_fuxi_void_minus");
    await click(".o_fuxi_void_minus"); // not below one
    await animationFrame();
    expect(".o_fuxi_void_quantity").toHaveText("1");
    await click(".o_fuxi_void_quick:first");
    await animationFrame();
    await click(".o_fuxi_void_confirm");
    expect(calls.at(-1)).toEqual(["void", 3, "Guest changed mind", 1]);

    // the soup still in the kitchen: rush it; comp it with a reason
    await click(".o_fuxi_line[data-line-id='4'] .o_fuxi_line_name");
    await animationFrame();
    await click(".o_fuxi_line[data-line-id='4'] .o_fuxi_rush");
    expect(calls.at(-1)).toEqual(["rush", 4]);
    expect(".o_fuxi_line[data-line-id='4'] .o_fuxi_comp").toHaveCount(0); // already comped
    await click(".o_fuxi_line[data-line-id='1'] .o_fuxi_line_name");
    await animationFrame();
    await click(".o_fuxi_line[data-line-id='1'] .o_fuxi_comp");
    await animationFrame();
    expect(".o_fuxi_comp_confirm").toHaveAttribute("disabled");
    await click(".o_fuxi_comp_reason");
    await edit("生日");
    await animationFrame();
    await click(".o_fuxi_comp_confirm");
    expect(calls.at(-1)).toEqual(["comp", 1, "生日", 1]);
});

test("order panel: no comp button without the comp right", async () => {
    const order = {
        id: 1,
        lines: [
            line({
                id: 1,
                uid: "a",
                name: "东坡肉",
                quantity: 1,
                price_unit: 68,
                status: "cooking",
            }),
        ],
        tickets: [],
    };
    await mountWithCleanup(OrderPanel, {
        props: {
            order,
            canComp: false,
            onChangeLine: () => undefined,
            onRemoveLine: () => undefined,
            onVoidLine: () => undefined,
            onCompLine: () => undefined,
        },
    });
    await click(".o_fuxi_line_name");
    await animationFrame();
    expect(".o_fuxi_void").toHaveCount(1);
    expect(".o_fuxi_comp").toHaveCount(0);
});

test("dish entry: a weighed fish needs its weight within the bounds", async () => {
    const confirmed = [];
    await mountWithCleanup(DishEntryDialog, {
        props: {
            dish: SEABASS,
            currencyId: CURRENCY,
            onConfirm: (values) => confirmed.push(values),
            onCancel: () => undefined,
        },
    });
    expect(".o_fuxi_entry_confirm").toHaveAttribute("disabled");
    expect(".o_fuxi_entry_problem").toHaveText("Enter the weight.");
    await click(".o_fuxi_entry_weight");
    await edit("3.5");
    await animationFrame();
    expect(".o_fuxi_entry_problem").toHaveText(/at most 3/);
    await edit("1.6");
    await animationFrame();
    expect(".o_fuxi_entry_problem").toHaveCount(0);
    expect(".o_fuxi_entry_unit_price").toHaveText("¥ 140.80");
    await click(".o_fuxi_entry_confirm");
    expect(confirmed.length).toBe(1);
    expect(confirmed[0].weight).toBe(1.6);
    expect(confirmed[0].quantity).toBe(1);
});

test("dish entry: portion, options and a market price", async () => {
    const confirmed = [];
    await mountWithCleanup(DishEntryDialog, {
        props: {
            dish: NOODLES,
            currencyId: CURRENCY,
            onConfirm: (values) => confirmed.push(values),
            onCancel: () => undefined,
        },
    });
    expect(".o_fuxi_entry_unit_price").toHaveText("¥ 38.00"); // the first portion
    await click(".o_fuxi_portion[data-portion-id='2']");
    await click(".o_fuxi_option[data-option-id='6']");
    await click(".o_fuxi_entry_plus");
    await animationFrame();
    expect(".o_fuxi_entry_unit_price").toHaveText("¥ 29.00");
    await click(".o_fuxi_entry_confirm");
    expect(confirmed[0]).toEqual({
        quantity: 2,
        portion_id: 2,
        option_ids: [6],
        unitPrice: 29,
        portion: "小份",
        options: ["加蛋"],
    });
});

test("dish entry: a market price outside the manager's bounds is refused", async () => {
    const confirmed = [];
    await mountWithCleanup(DishEntryDialog, {
        props: {
            dish: LOBSTER,
            currencyId: CURRENCY,
            onConfirm: (values) => confirmed.push(values),
            onCancel: () => undefined,
        },
    });
    await click(".o_fuxi_entry_price");
    await edit("150");
    await animationFrame();
    expect(".o_fuxi_entry_problem").toHaveText(/at least ¥ 200.00/);
    await edit("388");
    await animationFrame();
    await click(".o_fuxi_entry_confirm");
    expect(confirmed[0].price).toBe(388);
});

const ROOMS = [
    {
        id: 1,
        name: "听涛阁",
        capacity: 12,
        status: "occupied",
        order: {id: 5, name: "QT5", amount_total: 500},
    },
    {id: 2, name: "A1", capacity: 4, status: "free", order: false},
    {
        id: 3,
        name: "A2",
        capacity: 4,
        status: "occupied",
        order: {id: 6, name: "QT6", amount_total: 120},
        bills: [
            {id: 6, name: "QT6", amount_total: 120},
            {id: 7, name: "QT7", amount_total: 80},
        ],
    },
];

test("table picker: move to one free table, merge several bills", async () => {
    const confirmed = [];
    await mountWithCleanup(TablePickerDialog, {
        props: {
            mode: "move",
            rooms: ROOMS,
            currentRoomId: 1,
            currentOrderId: 5,
            currencyId: CURRENCY,
            onConfirm: (ids) => confirmed.push(ids),
            onCancel: () => undefined,
        },
    });
    expect(queryAllTexts(".o_fuxi_pick_room .o_fuxi_room_name")).toEqual(["A1"]);
    await click(".o_fuxi_pick_room[data-room-id='2']");
    await animationFrame();
    await click(".o_fuxi_picker_confirm");
    expect(confirmed).toEqual([[2]]);
});

test("table picker: merge lists every other open bill", async () => {
    const confirmed = [];
    await mountWithCleanup(TablePickerDialog, {
        props: {
            mode: "merge",
            rooms: ROOMS,
            currentRoomId: 1,
            currentOrderId: 5,
            currencyId: CURRENCY,
            onConfirm: (ids) => confirmed.push(ids),
            onCancel: () => undefined,
        },
    });
    expect(".o_fuxi_pick_room").toHaveCount(2);
    await click(".o_fuxi_pick_room:contains(QT7)");
    await click(".o_fuxi_pick_room:contains(QT6)");
    await animationFrame();
    await click(".o_fuxi_picker_confirm");
    expect(confirmed).toEqual([[7, 6]]);
});

test("split: how many of each line go to the second bill", async () => {
    const confirmed = [];
    const lines = [
        line({id: 1, name: "青岛啤酒", quantity: 4, price_unit: 15}),
        line({id: 2, name: "东坡肉", quantity: 1, price_unit: 68}),
        line({id: 3, name: "酸辣汤", quantity: 1, price_unit: 28, state: "void"}),
    ];
    await mountWithCleanup(SplitDialog, {
        props: {
            lines,
            currencyId: CURRENCY,
            onConfirm: (chosen) => confirmed.push(chosen),
            onCancel: () => undefined,
        },
    });
    expect(".o_fuxi_split_line").toHaveCount(2);
    await click(".o_fuxi_split_line[data-line-id='1'] .o_fuxi_split_plus");
    await click(".o_fuxi_split_line[data-line-id='1'] .o_fuxi_split_plus");
    await click(".o_fuxi_split_line[data-line-id='2'] .o_fuxi_split_plus");
    await click(".o_fuxi_split_line[data-line-id='2'] .o_fuxi_split_plus"); // at most 1
    await animationFrame();
    expect(".o_fuxi_split_amount").toHaveText("¥ 98.00");
    await click(".o_fuxi_split_confirm");
    expect(confirmed).toEqual([
        [
            {line_id: 1, quantity: 2},
            {line_id: 2, quantity: 1},
        ],
    ]);
});

function fakeBus() {
    return {
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        start: () => undefined,
    };
}

function orderPayload(lines) {
    return {
        id: 5,
        name: "QT-5",
        room: {id: 1, name: "听涛阁"},
        partner: false,
        guest_count: 10,
        state: "open",
        opened_at: "2026-11-22 11:45:00",
        amount_total: 60,
        currency_id: CURRENCY,
        lines,
        tickets: [],
        write_date: "2026-11-22 11:45:00",
    };
}

function mockServer({lines = [], dishes = [BEER], canComp = false} = {}) {
    onRpc("fuxi.frontdesk.order", "frontdesk_load", () => ({
        rooms: ROOMS,
        reservations: [],
        categories: [],
        dishes,
        currency_id: CURRENCY,
        can_order: true,
        can_void: true,
        can_comp: canComp,
    }));
    onRpc("fuxi.frontdesk.order", "frontdesk_floor", () => ({
        rooms: ROOMS,
        reservations: [],
    }));
    onRpc("fuxi.frontdesk.order", "read_order", () => orderPayload(lines));
}

test("front desk: checkout with dishes not served asks again and names them", async () => {
    window.localStorage.clear();
    mockService("bus_service", fakeBus());
    const beer = line({
        id: 3,
        uid: "c",
        name: "青岛啤酒",
        quantity: 4,
        price_unit: 15,
        status: "cooking",
    });
    mockServer({lines: [beer]});
    const checkouts = [];
    onRpc("fuxi.frontdesk.order", "action_checkout", ({kwargs}) => {
        checkouts.push(kwargs.confirm);
        if (!kwargs.confirm) {
            return {confirm_needed: true, unserved: ["青岛啤酒 ×4"]};
        }
        return {order: {...orderPayload([beer]), state: "done"}, consumption_id: 1};
    });
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    await click(".o_fuxi_checkout");
    await animationFrame();
    await click(".o_fuxi_confirm_checkout");
    await animationFrame();
    expect(".o_fuxi_unserved_warning").toHaveText(/青岛啤酒 ×4/);
    await click(".o_fuxi_confirm_checkout");
    await animationFrame();
    expect(checkouts).toEqual([false, true]);
    expect(".o_fuxi_floor").toHaveCount(1);
});

test("front desk: a weighed dish asks its weight, then goes to the server with it", async () => {
    window.localStorage.clear();
    mockService("bus_service", fakeBus());
    mockServer({dishes: [BEER, SEABASS]});
    const added = [];
    onRpc("fuxi.frontdesk.order", "add_lines", ({args}) => {
        added.push(...args[1]);
        return orderPayload([]);
    });
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    await click(".o_fuxi_dish[data-dish-id='22']");
    await animationFrame();
    await click(".o_fuxi_entry_weight");
    await edit("1.6");
    await animationFrame();
    await click(".o_fuxi_entry_confirm");
    await animationFrame();
    expect(added.length).toBe(1);
    expect(added[0].product_id).toBe(22);
    expect(added[0].weight).toBe(1.6);
    expect(added[0].quantity).toBe(1);
});

test("front desk: a table whose lines are all voided can be freed, with a reason", async () => {
    window.localStorage.clear();
    mockService("bus_service", fakeBus());
    mockServer({
        lines: [
            line({
                id: 3,
                uid: "c",
                name: "青岛啤酒",
                quantity: 4,
                price_unit: 15,
                state: "void",
                status: "void",
            }),
        ],
    });
    const cancels = [];
    onRpc("fuxi.frontdesk.order", "action_cancel_order", ({kwargs}) => {
        cancels.push(kwargs.reason);
        return {...orderPayload([]), state: "cancel"};
    });
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    await click(".o_fuxi_cancel_order");
    await animationFrame();
    expect(".o_fuxi_reason_confirm").toHaveAttribute("disabled");
    await click(".o_fuxi_reason_quick:contains(Every dish was voided)");
    await animationFrame();
    await click(".o_fuxi_reason_confirm");
    await animationFrame();
    expect(cancels).toEqual(["Every dish was voided"]);
});

test("front desk: a kitchen bump changes the line's status at once", async () => {
    window.localStorage.clear();
    const channels = {};
    mockService("bus_service", {
        ...fakeBus(),
        subscribe: (name, callback) => (channels[name] = callback),
    });
    mockServer({
        lines: [
            line({
                id: 3,
                uid: "c",
                name: "东坡肉",
                quantity: 1,
                price_unit: 68,
                status: "waiting",
                ticket_id: 7,
            }),
        ],
    });
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    expect(".o_fuxi_lstatus").toHaveText("Waiting for the cook");
    channels["fuxi_kitchen/ticket"]({
        id: 7,
        name: "CP7",
        order_id: 5,
        station: "hot",
        state: "ready",
        lines: [{id: 3, done: true, served: false, held: false, rush_count: 0}],
    });
    await animationFrame();
    expect(".o_fuxi_lstatus").toHaveText("Ready to serve");
    expect(".o_fuxi_lstatus").toHaveClass("o_fuxi_lstatus_ready");
});
