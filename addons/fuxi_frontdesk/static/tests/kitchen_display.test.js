import {describe, expect, test} from "@odoo/hoot";
import {click, queryAll, queryAllTexts, queryOne} from "@odoo/hoot-dom";
import {Deferred, advanceTime, animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    mockService,
    mountWithCleanup,
    onRpc,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";
import {
    KitchenDisplay,
    KitchenTicket,
    closedMark,
    compareTickets,
} from "@fuxi_frontdesk/kitchen/kitchen_display";
import {kitchenSound} from "@fuxi_frontdesk/kitchen/kitchen_sound";

describe.current.tags("desktop");
defineMailModels();

function ticket(id, state, room, extra = {}) {
    return {
        id,
        name: `CP${id}`,
        order_id: 1,
        room,
        guest_count: 2,
        partner_name: "",
        is_vip: false,
        taboos: [],
        station: "hot",
        state,
        sent_at: "2026-11-22 12:00:00",
        bumped_at: false,
        order_open: true,
        rushed: false,
        rush_count: 0,
        held: false,
        fired_at: false,
        cancelled: false,
        cancel_reason: "",
        lines: [
            {
                id: id * 10,
                name: "东坡肉",
                quantity: 1,
                note: "",
                void: false,
                done: false,
                held: false,
                rushed: false,
                void_quantity: 0,
            },
        ],
        ...extra,
    };
}

function line(id, extra = {}) {
    return {
        id,
        name: "东坡肉",
        quantity: 1,
        note: "",
        void: false,
        done: false,
        held: false,
        rushed: false,
        void_quantity: 0,
        ...extra,
    };
}

const STATIONS = [
    {code: "hot", name: "热菜间"},
    {code: "cold", name: "冷菜间"},
    {code: "bar", name: "吧台"},
    {code: "dimsum", name: "点心间"},
];

/** A bus we drive by hand: notifications (with their bus id) and connection events. */
function fakeBus() {
    const subscriptions = {};
    const listeners = {};
    return {
        subscribe: (type, callback) => (subscriptions[type] = callback),
        unsubscribe: (type) => delete subscriptions[type],
        addEventListener: (name, callback) => (listeners[name] = callback),
        removeEventListener: (name) => delete listeners[name],
        start: () => undefined,
        push: (type, payload, id) => subscriptions[type]?.(payload, {id}),
        emit: (name) => listeners[name]?.(),
    };
}

/** The server of the kitchen screen: tickets, the all-day count, the bus id of a load. */
function mockKitchen({tickets = () => [], allDay = () => [], busLastId = 0} = {}) {
    const calls = {load: [], allDay: []};
    onRpc("fuxi.kitchen.ticket", "kitchen_load", ({args}) => {
        calls.load.push(args[0]);
        return {
            tickets: tickets(),
            stations: STATIONS,
            warn_minutes: 10,
            late_minutes: 20,
            bus_last_id: typeof busLastId === "function" ? busLastId() : busLastId,
        };
    });
    onRpc("fuxi.kitchen.ticket", "kitchen_all_day", ({args}) => {
        calls.allDay.push(args[0]);
        return allDay();
    });
    return calls;
}

/** The sounds played, instead of playing them. */
function recordSounds() {
    const sounds = [];
    patchWithCleanup(kitchenSound, {
        beep: () => sounds.push("beep"),
        rush: () => sounds.push("rush"),
    });
    return sounds;
}

test("tickets arrive live, bump, and a reconnected screen catches up", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    let server = [ticket(1, "new", "听涛阁")];
    const calls = mockKitchen({tickets: () => server});
    onRpc("fuxi.kitchen.ticket", "action_bump", ({args}) => {
        const bumped = {...server.find((t) => t.id === args[0][0]), state: "cooking"};
        server = server.map((t) => (t.id === bumped.id ? bumped : t));
        return [bumped];
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(".o_fuxi_kitchen_grid .o_fuxi_ticket.o_fuxi_state_new").toHaveCount(1);

    // a ticket sent from the front desk appears without reloading
    bus.push("fuxi_kitchen/ticket", ticket(2, "new", "A2"));
    await animationFrame();
    expect(
        queryAllTexts(".o_fuxi_kitchen_grid .o_fuxi_state_new .o_fuxi_ticket_room")
    ).toEqual(["听涛阁", "A2"]);

    // bump the first one: it goes to cooking and keeps its place in the grid
    await click(
        ".o_fuxi_ticket.o_fuxi_state_new[data-ticket-id='1'] .o_fuxi_ticket_head"
    );
    await animationFrame();
    expect(".o_fuxi_ticket.o_fuxi_state_cooking[data-ticket-id='1']").toHaveCount(1);
    expect(queryAllTexts(".o_fuxi_kitchen_grid .o_fuxi_ticket_room")).toEqual([
        "听涛阁",
        "A2",
    ]);

    // offline: the screen says so; what happened meanwhile is loaded on reconnect
    bus.emit("disconnect");
    await animationFrame();
    expect(".o_fuxi_offline").toHaveCount(1);
    server = [...server, ticket(2, "new", "A2"), ticket(3, "new", "B1")];
    bus.emit("reconnect");
    await animationFrame();
    await animationFrame();
    expect(".o_fuxi_offline").toHaveCount(0);
    expect(".o_fuxi_ticket[data-ticket-id='3']").toHaveCount(1);
    expect(calls.load.length).toBe(2);
});

test("a station screen ignores the other stations' tickets", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    mockKitchen();
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    await click(".o_fuxi_station_filter button[data-station='bar']");
    await animationFrame();
    bus.push("fuxi_kitchen/ticket", ticket(5, "new", "A1"));
    bus.push("fuxi_kitchen/ticket", ticket(6, "new", "A2", {station: "bar"}));
    await animationFrame();
    expect(queryAllTexts(".o_fuxi_ticket_room")).toEqual(["A2"]);
});

test("the stations and their names come from the server", async () => {
    mockService("bus_service", fakeBus());
    mockKitchen({tickets: () => [ticket(7, "new", "A3", {station: "dimsum"})]});
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(queryAllTexts(".o_fuxi_station_filter button[data-station]")).toEqual([
        "热菜间",
        "冷菜间",
        "吧台",
        "点心间",
    ]);
    expect(".o_fuxi_ticket[data-ticket-id='7']").toHaveText(/点心间/);
});

test("back online: the bus says connect, the screen reloads what it missed", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    let server = [ticket(1, "new", "听涛阁")];
    const calls = mockKitchen({tickets: () => server});
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    // the first "connect" is the start: nothing to catch up on
    bus.emit("connect");
    await animationFrame();
    expect(calls.load.length).toBe(1);
    // the browser went offline: the worker stops and says "disconnect"
    bus.emit("disconnect");
    await animationFrame();
    expect(".o_fuxi_offline").toHaveCount(1);
    server = [...server, ticket(4, "new", "C2")];
    // … and back online it starts again and says "connect" (not "reconnect")
    bus.emit("connect");
    await animationFrame();
    await animationFrame();
    expect(".o_fuxi_offline").toHaveCount(0);
    expect(".o_fuxi_ticket[data-ticket-id='4']").toHaveCount(1);
    expect(calls.load.length).toBe(2);
});

test("grid by age, oldest top left; rushed first, all-held last; ready on the rail", async () => {
    mockService("bus_service", fakeBus());
    mockKitchen({
        tickets: () => [
            ticket(1, "cooking", "T-old", {sent_at: "2026-11-22 11:00:00"}),
            ticket(2, "new", "T-new", {sent_at: "2026-11-22 11:30:00"}),
            ticket(3, "new", "T-held", {
                sent_at: "2026-11-22 10:00:00",
                held: true,
                lines: [line(30, {held: true})],
            }),
            ticket(4, "new", "T-rushed", {
                sent_at: "2026-11-22 11:40:00",
                rushed: true,
                rush_count: 2,
            }),
            ticket(5, "ready", "T-ready"),
            // a course fired later counts from its firing
            ticket(6, "new", "T-fired", {
                sent_at: "2026-11-22 10:30:00",
                fired_at: "2026-11-22 11:35:00",
            }),
        ],
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(queryAllTexts(".o_fuxi_kitchen_grid .o_fuxi_ticket_room")).toEqual([
        "T-rushed",
        "T-old",
        "T-new",
        "T-fired",
        "T-held",
    ]);
    expect(".o_fuxi_ticket[data-ticket-id='4']").toHaveClass("o_fuxi_ticket_rushed");
    expect(".o_fuxi_ticket[data-ticket-id='4'] .o_fuxi_badge_rush").toHaveText(
        /Rushed ×2/
    );
    expect(".o_fuxi_ticket[data-ticket-id='3']").toHaveClass("o_fuxi_urgency_held");
    expect(".o_fuxi_ticket[data-ticket-id='3'] .o_fuxi_line_held").toHaveCount(1);
    expect(queryAllTexts(".o_fuxi_column_ready .o_fuxi_ticket_room")).toEqual([
        "T-ready",
    ]);
    expect(compareTickets(ticket(8, "new", "x"), ticket(9, "new", "y"))).toBeLessThan(
        0
    );
});

test("the bus's replay of old notifications is skipped: no old state, no beep", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    const sounds = recordSounds();
    mockKitchen({
        tickets: () => [ticket(1, "cooking", "听涛阁", {rushed: true, rush_count: 1})],
        busLastId: 100,
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    // replayed: the ticket as it was sent (new, not rushed), then its rush
    bus.push("fuxi_kitchen/ticket", ticket(1, "new", "听涛阁"), 98);
    bus.push("fuxi_kitchen/ticket", ticket(9, "new", "A9"), 99);
    bus.push(
        "fuxi_kitchen/ticket",
        ticket(1, "new", "听涛阁", {rushed: true, rush_count: 1}),
        100
    );
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='1']").toHaveClass("o_fuxi_state_cooking");
    expect(".o_fuxi_ticket[data-ticket-id='9']").toHaveCount(0);
    expect(sounds).toEqual([]);
    // live: a new ticket beeps once, even if the bus delivers it twice
    bus.push("fuxi_kitchen/ticket", ticket(2, "new", "A2"), 101);
    bus.push("fuxi_kitchen/ticket", ticket(2, "new", "A2"), 101);
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='2']").toHaveClass("o_fuxi_ticket_fresh");
    expect(".o_fuxi_ticket[data-ticket-id='2'] .o_fuxi_badge_fresh").toHaveText(
        "Just in"
    );
    expect(sounds).toEqual(["beep"]);
});

test("what arrives while the screen reloads is applied after the load if newer", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    let gate = null;
    let busLastId = 10;
    onRpc("fuxi.kitchen.ticket", "kitchen_load", async () => {
        await gate;
        return {
            tickets: [ticket(1, "new", "听涛阁")],
            stations: STATIONS,
            warn_minutes: 10,
            late_minutes: 20,
            bus_last_id: busLastId,
        };
    });
    onRpc("fuxi.kitchen.ticket", "kitchen_all_day", () => []);
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    gate = new Deferred();
    busLastId = 20;
    bus.emit("disconnect");
    bus.emit("reconnect");
    // during the load: one notification the load already has, one newer than it
    bus.push("fuxi_kitchen/ticket", ticket(1, "cooking", "听涛阁"), 19);
    bus.push("fuxi_kitchen/ticket", ticket(2, "new", "A2"), 21);
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='2']").toHaveCount(0);
    gate.resolve();
    await animationFrame();
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='1']").toHaveClass("o_fuxi_state_new");
    expect(".o_fuxi_ticket[data-ticket-id='2']").toHaveCount(1);
    // and the bus's own order: an id already passed is old news
    bus.push("fuxi_kitchen/ticket", ticket(2, "cooking", "A2"), 21);
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='2']").toHaveClass("o_fuxi_state_new");
});

test("a fired course shows as new with a beep; a rush has its own sound and moves up", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    const sounds = recordSounds();
    const held = ticket(1, "new", "听涛阁", {
        sent_at: "2026-11-22 11:00:00",
        lines: [line(10, {name: "炖鸡汤", held: true}), line(11, {name: "米饭"})],
    });
    mockKitchen({
        tickets: () => [
            held,
            ticket(2, "cooking", "A2", {sent_at: "2026-11-22 10:00:00"}),
        ],
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(".o_fuxi_ticket_line[data-line-id='10']").toHaveClass("o_fuxi_line_held");
    expect(".o_fuxi_ticket_line[data-line-id='10'] .o_fuxi_tag_held").toHaveCount(1);

    // the floor fires the soup
    bus.push("fuxi_kitchen/ticket", {
        ...held,
        fired_at: "2026-11-22 11:20:00",
        lines: [line(10, {name: "炖鸡汤"}), line(11, {name: "米饭"})],
    });
    await animationFrame();
    expect(".o_fuxi_ticket_line[data-line-id='10']").not.toHaveClass(
        "o_fuxi_line_held"
    );
    expect(".o_fuxi_ticket_line[data-line-id='10'] .o_fuxi_tag_fired").toHaveText(
        "Fired now"
    );
    expect(".o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_badge_fresh").toHaveText(
        "Fired now"
    );
    expect(sounds).toEqual(["beep"]);

    // the floor rushes A2's neighbour: it goes first, with the rush sound
    expect(queryAllTexts(".o_fuxi_kitchen_grid .o_fuxi_ticket_room")).toEqual([
        "A2",
        "听涛阁",
    ]);
    bus.push("fuxi_kitchen/ticket", {
        ...held,
        fired_at: "2026-11-22 11:20:00",
        rushed: true,
        rush_count: 1,
        lines: [line(10, {name: "炖鸡汤", rushed: true}), line(11, {name: "米饭"})],
    });
    await animationFrame();
    expect(sounds).toEqual(["beep", "rush"]);
    expect(queryAllTexts(".o_fuxi_kitchen_grid .o_fuxi_ticket_room")).toEqual([
        "听涛阁",
        "A2",
    ]);
    expect(".o_fuxi_ticket_line[data-line-id='10'] .o_fuxi_line_rush_icon").toHaveCount(
        1
    );
});

test("held lines cannot be bumped; a void shows as 'Void N' with its reason; what was chosen", async () => {
    const bumps = [];
    await mountWithCleanup(KitchenTicket, {
        props: {
            ticket: ticket(1, "cooking", "听涛阁", {
                lines: [
                    line(10, {name: "啤酒", quantity: 3}),
                    line(11, {
                        name: "啤酒",
                        quantity: 1,
                        void: true,
                        void_reason: "客人不要了",
                    }),
                    line(12, {name: "甜品", held: true}),
                    line(13, {
                        name: "鲈鱼",
                        portion: "大份",
                        options: ["加辣", "加蛋"],
                        weight: 1.6,
                        weight_uom: "jin",
                    }),
                ],
            }),
            now: luxon.DateTime.fromSQL("2026-11-22 12:05:00", {zone: "utc"}),
            warnMinutes: 10,
            lateMinutes: 20,
            onBump: () => bumps.push("ticket"),
            onBumpLine: (t, item) => bumps.push(item.id),
        },
    });
    expect(".o_fuxi_ticket_line[data-line-id='11'] .o_fuxi_void_qty").toHaveText(
        "Void 1"
    );
    expect(".o_fuxi_ticket_line[data-line-id='11'] .o_fuxi_ticket_void").toHaveText(
        /客人不要了/
    );
    expect(".o_fuxi_ticket_line[data-line-id='13'] .o_fuxi_line_details").toHaveText(
        "大份 · 加辣 · 加蛋 · 1.6 斤"
    );
    expect(".o_fuxi_ticket_line[data-line-id='10'] .o_fuxi_line_details").toHaveCount(
        0
    );
    await click(".o_fuxi_ticket_line[data-line-id='12']");
    await click(".o_fuxi_ticket_line[data-line-id='11']");
    await click(".o_fuxi_ticket_line[data-line-id='10']");
    expect(bumps).toEqual([10]);
});

test("a void sent later beeps and shows on the ticket", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    const sounds = recordSounds();
    const beers = ticket(1, "cooking", "听涛阁", {
        lines: [line(10, {name: "啤酒", quantity: 4})],
    });
    mockKitchen({tickets: () => [beers]});
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    bus.push("fuxi_kitchen/ticket", {
        ...beers,
        lines: [
            line(10, {name: "啤酒", quantity: 3, void_quantity: 1}),
            line(15, {
                name: "啤酒",
                quantity: 1,
                void: true,
                void_reason: "客人不要了",
            }),
        ],
    });
    await animationFrame();
    expect(sounds).toEqual(["beep"]);
    expect(".o_fuxi_ticket_line[data-line-id='15']").toHaveClass("o_fuxi_line_fresh");
    expect(".o_fuxi_ticket_line[data-line-id='15']").toHaveText(/Void 1.*啤酒/s);
    expect(".o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_badge_fresh").toHaveText(
        "Changed by the floor"
    );
});

test("cancelled and checked-out tickets are marked until the cook clears them", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    const bumps = [];
    mockKitchen({
        tickets: () => [ticket(1, "cooking", "听涛阁"), ticket(2, "new", "A2")],
    });
    onRpc("fuxi.kitchen.ticket", "action_bump", ({args}) => bumps.push(args[0]));
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    bus.push(
        "fuxi_kitchen/ticket",
        ticket(1, "cancel", "听涛阁", {cancelled: true, cancel_reason: "客人走了"})
    );
    bus.push("fuxi_kitchen/ticket", ticket(2, "served", "A2", {checked_out: true}));
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_mark_label").toHaveText(
        "Ticket cancelled"
    );
    expect(".o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_mark_reason").toHaveText(
        "客人走了"
    );
    expect(".o_fuxi_ticket[data-ticket-id='2'] .o_fuxi_mark_label").toHaveText(
        "Table checked out"
    );
    expect(closedMark(ticket(3, "new", "x", {order_open: false}))).toBe("checkout");
    expect(closedMark(ticket(3, "new", "x"))).toBe("");
    // a closed ticket is not bumped any more
    await click(".o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_ticket_head");
    expect(bumps).toEqual([]);
    await click(".o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_clear_ticket");
    await animationFrame();
    expect(".o_fuxi_ticket[data-ticket-id='1']").toHaveCount(0);
    expect(JSON.parse(window.localStorage.getItem("fuxi_kitchen_cleared"))).toEqual([
        1,
    ]);
});

test("zoom: larger text, remembered by the browser; touch targets stay ≥ 44 px", async () => {
    mockService("bus_service", fakeBus());
    mockKitchen({tickets: () => [ticket(1, "new", "听涛阁")]});
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    const size = () =>
        parseFloat(getComputedStyle(queryOne(".o_fuxi_kitchen_grid")).fontSize);
    const before = size();
    expect(before).toBeGreaterThan(16);
    await click(".o_fuxi_zoom_in");
    await click(".o_fuxi_zoom_in");
    await animationFrame();
    expect(".o_fuxi_zoom_value").toHaveText("130%");
    expect(size()).toBeGreaterThan(before * 1.25);
    expect(window.localStorage.getItem("fuxi_kitchen_zoom")).toBe("1.3");
    await click(".o_fuxi_zoom_out");
    await animationFrame();
    expect(window.localStorage.getItem("fuxi_kitchen_zoom")).toBe("1.15");
    for (let i = 0; i < 10; i++) {
        await click(".o_fuxi_zoom_out");
    }
    await animationFrame();
    expect(".o_fuxi_zoom_value").toHaveText("80%");
    for (const el of queryAll(
        ".o_fuxi_kitchen button:visible, .o_fuxi_ticket_head, .o_fuxi_ticket_line"
    )) {
        const {height, width} = el.getBoundingClientRect();
        expect(Math.min(height, width)).toBeGreaterThan(43.5, {
            message: `${el.className} is ${height}×${width}`,
        });
    }
});

test("the zoom set before is used when the screen opens", async () => {
    window.localStorage.setItem("fuxi_kitchen_zoom", "1.5");
    mockService("bus_service", fakeBus());
    mockKitchen();
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(".o_fuxi_zoom_value").toHaveText("150%");
    expect(".o_fuxi_kitchen").toHaveAttribute("style", /--fuxi-kds-zoom: 1.5/);
});

test("the all-day count that comes with the load needs no second request", async () => {
    mockService("bus_service", fakeBus());
    const calls = {allDay: 0};
    onRpc("fuxi.kitchen.ticket", "kitchen_load", () => ({
        tickets: [],
        stations: STATIONS,
        warn_minutes: 10,
        late_minutes: 20,
        bus_last_id: 0,
        all_day: [{product_id: 1, name: "东坡肉", quantity: 4}],
    }));
    onRpc("fuxi.kitchen.ticket", "kitchen_all_day", () => {
        calls.allDay++;
        return [];
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(".o_fuxi_all_day_item .o_fuxi_all_day_qty").toHaveText("4");
    expect(calls.allDay).toBe(0);
});

test("all-day count of the station, refreshed when tickets change", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    let allDay = [
        {product_id: 1, name: "东坡肉", quantity: 5},
        {product_id: 2, name: "米饭", quantity: 2},
    ];
    const calls = mockKitchen({allDay: () => allDay});
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    const allDayTexts = () =>
        queryAllTexts(".o_fuxi_all_day_item").map((text) => text.replace(/\s+/g, " "));
    expect(allDayTexts()).toEqual(["5 东坡肉", "2 米饭"]);
    await click(".o_fuxi_station_filter button[data-station='hot']");
    await animationFrame();
    expect(calls.allDay).toEqual([false, "hot"]);
    allDay = [{product_id: 1, name: "东坡肉", quantity: 6}];
    bus.push("fuxi_kitchen/ticket", ticket(2, "new", "A2"));
    bus.push("fuxi_kitchen/ticket", ticket(3, "new", "A3"));
    await advanceTime(500);
    await animationFrame();
    expect(calls.allDay).toEqual([false, "hot", "hot"]);
    expect(allDayTexts()).toEqual(["6 东坡肉"]);
    // hidden: remembered, and not asked for any more
    await click(".o_fuxi_toggle_all_day");
    await animationFrame();
    expect(".o_fuxi_all_day").toHaveCount(0);
    expect(window.localStorage.getItem("fuxi_kitchen_all_day")).toBe("0");
});
