import {describe, expect, test} from "@odoo/hoot";
import {click, queryAllTexts} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {mockService, mountWithCleanup, onRpc} from "@web/../tests/web_test_helpers";
import {KitchenDisplay} from "@fuxi_frontdesk/kitchen/kitchen_display";

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
        lines: [
            {
                id: id * 10,
                name: "东坡肉",
                quantity: 1,
                note: "",
                void: false,
                done: false,
            },
        ],
        ...extra,
    };
}

const STATIONS = [
    {code: "hot", name: "热菜间"},
    {code: "cold", name: "冷菜间"},
    {code: "bar", name: "吧台"},
    {code: "dimsum", name: "点心间"},
];

/** A bus we drive by hand: notifications and connection events. */
function fakeBus() {
    const subscriptions = {};
    const listeners = {};
    return {
        subscribe: (type, callback) => (subscriptions[type] = callback),
        unsubscribe: (type) => delete subscriptions[type],
        addEventListener: (name, callback) => (listeners[name] = callback),
        removeEventListener: (name) => delete listeners[name],
        start: () => undefined,
        push: (type, payload) => subscriptions[type]?.(payload),
        emit: (name) => listeners[name]?.(),
    };
}

test("tickets arrive live, bump, and a reconnected screen catches up", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    let server = [ticket(1, "new", "听涛阁")];
    const loads = [];
    onRpc("fuxi.kitchen.ticket", "kitchen_load", ({args}) => {
        loads.push(args[0]);
        return {
            tickets: server,
            stations: STATIONS,
            warn_minutes: 10,
            late_minutes: 20,
        };
    });
    onRpc("fuxi.kitchen.ticket", "action_bump", ({args}) => {
        const bumped = {...server.find((t) => t.id === args[0][0]), state: "cooking"};
        server = server.map((t) => (t.id === bumped.id ? bumped : t));
        return [bumped];
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    expect(".o_fuxi_column_new .o_fuxi_ticket").toHaveCount(1);

    // a ticket sent from the front desk appears without reloading
    bus.push("fuxi_kitchen/ticket", ticket(2, "new", "A2"));
    await animationFrame();
    expect(queryAllTexts(".o_fuxi_column_new .o_fuxi_ticket_room")).toEqual([
        "听涛阁",
        "A2",
    ]);

    // bump the first one: it moves to Cooking
    await click(
        ".o_fuxi_column_new .o_fuxi_ticket[data-ticket-id='1'] .o_fuxi_ticket_head"
    );
    await animationFrame();
    expect(".o_fuxi_column_cooking .o_fuxi_ticket[data-ticket-id='1']").toHaveCount(1);

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
    expect(loads.length).toBe(2);
});

test("a station screen ignores the other stations' tickets", async () => {
    const bus = fakeBus();
    mockService("bus_service", bus);
    onRpc("fuxi.kitchen.ticket", "kitchen_load", () => ({
        tickets: [],
        stations: STATIONS,
        warn_minutes: 10,
        late_minutes: 20,
    }));
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
    onRpc("fuxi.kitchen.ticket", "kitchen_load", () => ({
        tickets: [ticket(7, "new", "A3", {station: "dimsum"})],
        stations: STATIONS,
        warn_minutes: 10,
        late_minutes: 20,
    }));
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
    let loads = 0;
    onRpc("fuxi.kitchen.ticket", "kitchen_load", () => {
        loads++;
        return {
            tickets: server,
            stations: STATIONS,
            warn_minutes: 10,
            late_minutes: 20,
        };
    });
    await mountWithCleanup(KitchenDisplay, {props: {action: {}}});
    // the first "connect" is the start: nothing to catch up on
    bus.emit("connect");
    await animationFrame();
    expect(loads).toBe(1);
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
    expect(loads).toBe(2);
});
