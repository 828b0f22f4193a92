import {beforeEach, describe, expect, test} from "@odoo/hoot";
import {click, edit, press, queryAllTexts} from "@odoo/hoot-dom";
import {advanceTime, animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    contains,
    mockService,
    mountWithCleanup,
    onRpc,
    serverState,
} from "@web/../tests/web_test_helpers";
import {ConnectionLostError} from "@web/core/network/rpc";
import {
    PendingQueue,
    formatElapsed,
    minutesSince,
} from "@fuxi_frontdesk/common/frontdesk_utils";
import {DishGrid} from "@fuxi_frontdesk/frontdesk/dish_grid";
import {FloorPlan} from "@fuxi_frontdesk/frontdesk/floor_plan";
import {OrderPanel} from "@fuxi_frontdesk/frontdesk/order_panel";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";
import {KitchenTicket} from "@fuxi_frontdesk/kitchen/kitchen_display";

describe.current.tags("desktop");
defineMailModels();

// money is formatted by Odoo's formatCurrency with the company's currency
const CURRENCY = 7;
beforeEach(() => {
    serverState.currencies = [
        ...serverState.currencies,
        {id: CURRENCY, name: "CNY", symbol: "¥", position: "before"},
    ];
});
const NOW = luxon.DateTime.fromISO("2026-11-22T12:30:00", {zone: "utc"});

test("floor: rooms by area with their status, elapsed time and amount", async () => {
    const selected = [];
    const rooms = [
        {
            id: 1,
            name: "听涛阁",
            kind: "room",
            area: "二楼包间",
            capacity: 12,
            status: "waiting",
            order: {
                id: 5,
                opened_at: "2026-11-22 11:45:00",
                amount_total: 516,
                partner_name: "周文华",
            },
        },
        {id: 2, name: "A1", kind: "table", area: "大厅", capacity: 4, status: "free"},
        {
            id: 3,
            name: "A2",
            kind: "table",
            area: "大厅",
            capacity: 4,
            status: "reserved",
            reservation: {id: 9, start: "2026-11-22 13:00:00", partner_name: "孙丽红"},
        },
    ];
    await mountWithCleanup(FloorPlan, {
        props: {
            rooms,
            currencyId: CURRENCY,
            now: NOW,
            onSelect: (room) => selected.push(room.id),
        },
    });
    expect(queryAllTexts(".o_fuxi_area_name")).toEqual(["二楼包间", "大厅"]);
    expect(".o_fuxi_room.o_fuxi_status_waiting .o_fuxi_room_elapsed").toHaveText("45′");
    expect(".o_fuxi_room.o_fuxi_status_waiting .o_fuxi_room_amount").toHaveText(
        "¥ 516.00"
    );
    expect(".o_fuxi_room.o_fuxi_status_reserved").toHaveText(/孙丽红/);
    await click(".o_fuxi_room[data-room-id='2']");
    expect(selected).toEqual([2]);
});

test("dish grid: category, search, new-dish filter and Enter to add", async () => {
    const added = [];
    const dishes = [
        {
            id: 11,
            name: "西湖醋鱼",
            code: "D001",
            price: 88,
            category_id: 1,
            is_new: false,
        },
        {
            id: 12,
            name: "松茸鸡汤",
            code: "D002",
            price: 128,
            category_id: 2,
            is_new: true,
        },
        {
            id: 13,
            name: "青岛啤酒",
            code: "B001",
            price: 12,
            category_id: 3,
            is_new: false,
        },
    ];
    const categories = [
        {id: 1, name: "热菜"},
        {id: 2, name: "汤羹"},
        {id: 3, name: "酒水"},
    ];
    await mountWithCleanup(DishGrid, {
        props: {
            dishes,
            categories,
            currencyId: CURRENCY,
            onAdd: (dish) => added.push(dish.id),
        },
    });
    expect(".o_fuxi_dish").toHaveCount(3);
    await click(".o_fuxi_categories button:contains(酒水)");
    await animationFrame();
    expect(queryAllTexts(".o_fuxi_dish_name")).toEqual(["青岛啤酒"]);
    await click(".o_fuxi_new_filter");
    await animationFrame();
    expect(queryAllTexts(".o_fuxi_dish_name")).toEqual(["松茸鸡汤"]);
    expect(".o_fuxi_new_badge").toHaveCount(1);
    await contains(".o_fuxi_dish_search").edit("d001", {confirm: false});
    await animationFrame();
    expect(queryAllTexts(".o_fuxi_dish_name")).toEqual(["西湖醋鱼"]);
    await press("Enter");
    expect(added).toEqual([11]);
    await animationFrame();
    expect(".o_fuxi_dish_search").toHaveValue("");
    await click(".o_fuxi_categories button:contains(All)");
    await animationFrame();
    await click(".o_fuxi_dish[data-dish-id='13']");
    expect(added).toEqual([11, 13]);
});

test("order panel: unsent, pending, sent and voided lines; void needs a reason", async () => {
    const calls = [];
    const order = {
        id: 1,
        lines: [
            {
                id: 1,
                uid: "a",
                name: "西湖醋鱼",
                quantity: 1,
                price_unit: 88,
                note: "少辣",
                state: "sent",
                ticket_id: 7,
                kitchen_done: false,
            },
            {
                id: 2,
                uid: "b",
                name: "东坡肉",
                quantity: 2,
                price_unit: 68,
                note: "",
                state: "draft",
            },
            {
                id: 3,
                uid: "c",
                name: "龙井虾仁",
                quantity: 1,
                price_unit: 128,
                note: "",
                state: "void",
                void_reason: "沽清",
            },
        ],
        tickets: [{id: 7, state: "cooking", station: "hot"}],
    };
    const pendingLines = [{uid: "d", name: "青岛啤酒", quantity: 1, price_unit: 12}];
    await mountWithCleanup(OrderPanel, {
        props: {
            order,
            pendingLines,
            currencyId: CURRENCY,
            onChangeLine: (line, values) => calls.push(["change", line.id, values]),
            onRemoveLine: (line) => calls.push(["remove", line.id]),
            onVoidLine: (line, reason) => calls.push(["void", line.id, reason]),
        },
    });
    expect(".o_fuxi_line").toHaveCount(4);
    expect(".o_fuxi_line_pending").toHaveText(/青岛啤酒/);
    expect(".o_fuxi_line_sent .badge").toHaveText("Cooking");
    expect(".o_fuxi_line_void .o_fuxi_line_name").toHaveClass(
        "text-decoration-line-through"
    );
    // 88 + 136 + 12, the voided dish not counted
    expect(".o_fuxi_total").toHaveText("¥ 236.00");

    await click(".o_fuxi_line_draft .o_fuxi_line_name");
    await animationFrame();
    await click(".o_fuxi_line_draft .o_fuxi_qty_plus");
    await click(".o_fuxi_line_draft .o_fuxi_quick_note:contains(No coriander)");
    expect(calls).toEqual([
        ["change", 2, {quantity: 3}],
        ["change", 2, {note: "No coriander"}],
    ]);

    await click(".o_fuxi_line_sent .o_fuxi_line_name");
    await animationFrame();
    await click(".o_fuxi_line_sent .o_fuxi_void");
    await animationFrame();
    expect(".o_fuxi_void_confirm").toHaveAttribute("disabled");
    await click(".o_fuxi_void_reason");
    await edit("客人不要了");
    await animationFrame();
    await click(".o_fuxi_void_confirm");
    expect(calls.at(-1)).toEqual(["void", 1, "客人不要了"]);
});

test("kitchen ticket: colour after the thresholds, notes, cancellations, bumps", async () => {
    const bumps = [];
    const ticket = {
        id: 4,
        name: "CP00004",
        room: "听涛阁",
        guest_count: 8,
        is_vip: true,
        taboos: ["花生过敏"],
        station: "hot",
        state: "new",
        sent_at: "2026-11-22 12:18:00",
        lines: [
            {
                id: 1,
                name: "宫保鸡丁",
                quantity: 1,
                note: "不要花生",
                void: false,
                done: false,
            },
            {
                id: 2,
                name: "东坡肉",
                quantity: 2,
                note: "",
                void: true,
                void_reason: "客人不要了",
                done: false,
            },
        ],
    };
    await mountWithCleanup(KitchenTicket, {
        props: {
            ticket,
            now: NOW,
            warnMinutes: 10,
            lateMinutes: 20,
            onBump: (t) => bumps.push(["ticket", t.id]),
            onBumpLine: (t, line) => bumps.push(["line", line.id]),
        },
    });
    expect(".o_fuxi_ticket").toHaveClass("o_fuxi_urgency_warn"); // 12 minutes
    expect(".o_fuxi_ticket_elapsed").toHaveText("12′");
    expect(".o_fuxi_ticket_note").toHaveText("不要花生");
    expect(".o_fuxi_ticket_taboos").toHaveText(/花生过敏/);
    expect(".o_fuxi_line_void .o_fuxi_ticket_dish").toHaveClass(
        "text-decoration-line-through"
    );
    expect(".o_fuxi_ticket_void").toHaveText(/客人不要了/);
    await click(".o_fuxi_ticket_head");
    await click(".o_fuxi_ticket_line:not(.o_fuxi_line_void)");
    await click(".o_fuxi_ticket_line.o_fuxi_line_void");
    expect(bumps).toEqual([
        ["ticket", 4],
        ["line", 1],
    ]);
});

test("elapsed time helpers", () => {
    expect(minutesSince("2026-11-22 10:00:00", NOW)).toBe(150);
    expect(formatElapsed(150)).toBe("2:30");
    expect(formatElapsed(7)).toBe("7′");
});

test("pending queue: kept in order, retried after a lost connection, dropped when refused", async () => {
    window.localStorage.removeItem("fuxi_test_queue");
    const done = [];
    let offline = true;
    const queue = new PendingQueue({
        storageKey: "fuxi_test_queue",
        delays: [100],
        run: async (job) => {
            if (offline) {
                throw new ConnectionLostError("/web/dataset/call_kw");
            }
            if (job.refuse) {
                throw Object.assign(new Error("refused"), {
                    data: {message: "桌台已结账"},
                });
            }
            done.push(job.id);
        },
    });
    queue.push({id: 1});
    queue.push({id: 2});
    await animationFrame();
    expect(done).toEqual([]);
    expect(queue.size).toBe(2);
    expect(queue.lastError).toBe("offline");
    // a reload keeps what was not delivered
    expect(JSON.parse(window.localStorage.getItem("fuxi_test_queue")).length).toBe(2);
    offline = false;
    await advanceTime(150);
    await animationFrame();
    expect(done).toEqual([1, 2]);
    expect(queue.size).toBe(0);
    let refused = null;
    await queue.push({id: 3, refuse: true}).catch((error) => (refused = error));
    expect(refused.data.message).toBe("桌台已结账");
    expect(queue.size).toBe(0);
    queue.destroy();
    window.localStorage.removeItem("fuxi_test_queue");
});

/** A bus we drive by hand: notifications and connection events. */
function fakeBus() {
    const listeners = {};
    return {
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        addEventListener: (name, callback) => (listeners[name] = callback),
        removeEventListener: (name) => delete listeners[name],
        start: () => undefined,
        emit: (name) => listeners[name]?.(),
    };
}

function mockFrontDeskServer() {
    const calls = {floor: 0};
    const rooms = [
        {
            id: 1,
            name: "B1",
            kind: "table",
            area: "大厅",
            capacity: 4,
            status: "occupied",
            order: {
                id: 5,
                name: "QT-5",
                guest_count: 2,
                opened_at: "2026-11-22 11:45:00",
                amount_total: 0,
                partner_name: "",
            },
            reservation: false,
        },
    ];
    onRpc("fuxi.frontdesk.order", "frontdesk_load", () => ({
        rooms,
        reservations: [],
        categories: [],
        dishes: [],
        currency_id: CURRENCY,
        can_order: true,
    }));
    onRpc("fuxi.frontdesk.order", "frontdesk_floor", () => {
        calls.floor++;
        return {rooms, reservations: []};
    });
    onRpc("fuxi.frontdesk.order", "read_order", () => ({
        id: 5,
        name: "QT-5",
        room: {id: 1, name: "B1"},
        partner: false,
        guest_count: 2,
        state: "open",
        opened_at: "2026-11-22 11:45:00",
        amount_total: 0,
        currency_id: CURRENCY,
        lines: [],
        tickets: [],
        write_date: "2026-11-22 11:45:00",
    }));
    return calls;
}

test("front desk: a walk-in order shows no guest profile", async () => {
    mockService("bus_service", fakeBus());
    mockFrontDeskServer();
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    expect(".o_fuxi_no_guest").toHaveCount(1);
});

test("front desk: back online (bus connect) or reconnected, the floor is reloaded", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    const calls = mockFrontDeskServer();
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    bus.emit("connect"); // the start
    await animationFrame();
    expect(calls.floor).toBe(0);
    bus.emit("disconnect"); // the browser went offline
    bus.emit("connect"); // … and came back
    await animationFrame();
    expect(calls.floor).toBe(1);
    bus.emit("reconnecting"); // a dropped websocket …
    bus.emit("reconnect"); // … reconnected
    await animationFrame();
    expect(calls.floor).toBe(2);
});
