import {describe, expect, test} from "@odoo/hoot";
import {click} from "@odoo/hoot-dom";
import {animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    getService,
    mockService,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";
import {FrontDesk} from "@fuxi_frontdesk/frontdesk/frontdesk";
import {callerLabel} from "@fuxi_station_printer/caller_id/frontdesk_caller";

describe.current.tags("desktop");
defineMailModels();

const ROOMS = [
    {
        id: 1,
        name: "听涛阁",
        capacity: 12,
        status: "occupied",
        order: {id: 5, name: "QT5", amount_total: 0},
    },
];
const CALLER = {
    id: 42,
    name: "周文华",
    customer_class: {id: 1, name: "金卡"},
    is_vip: true,
};

function order(partner = false) {
    return {
        id: 5,
        name: "QT-5",
        room: {id: 1, name: "听涛阁"},
        partner,
        guest_count: 4,
        state: "open",
        opened_at: "2026-11-22 11:45:00",
        amount_total: 0,
        lines: [],
        tickets: [],
        write_date: "2026-11-22 11:45:00",
    };
}

/** The front desk with table 听涛阁's order open; returns the set_guest calls. */
async function frontDeskWithOpenOrder() {
    window.localStorage.clear();
    mockService("bus_service", {
        subscribe: () => undefined,
        unsubscribe: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        start: () => undefined,
    });
    onRpc("fuxi.frontdesk.order", "frontdesk_load", () => ({
        rooms: ROOMS,
        reservations: [],
        categories: [],
        dishes: [],
        can_order: true,
    }));
    onRpc("fuxi.frontdesk.order", "frontdesk_floor", () => ({rooms: ROOMS, reservations: []}));
    onRpc("fuxi.frontdesk.order", "read_order", () => order());
    onRpc("fuxi.station.printer", "printer_status", () => ({offline: []}));
    const assigned = [];
    onRpc("fuxi.frontdesk.order", "set_guest", ({args}) => {
        assigned.push(args[1]);
        return order({id: args[1], name: CALLER.name});
    });
    await mountWithCleanup(FrontDesk, {props: {action: {}}});
    await click(".o_fuxi_room[data-room-id='1']");
    await animationFrame();
    await animationFrame();
    return assigned;
}

test("a phone call while an order is open offers the caller, never assigns them", async () => {
    const assigned = await frontDeskWithOpenOrder();
    // what the station bridge's call becomes on the bus: a "phone" swipe with the profile
    await getService("fuxi_card_swipe").handle({
        result: "known",
        kind: "phone",
        partner_id: CALLER.id,
        partner_name: CALLER.name,
        profile: CALLER,
    });
    await animationFrame();
    expect(assigned).toEqual([]);
    expect(".o_fuxi_caller_notification").toHaveCount(1);
    expect(".o_fuxi_caller_notification").toHaveText(/周文华 · 金卡 · VIP/);
    expect(".o_fuxi_no_guest").toHaveCount(1);
    // the waiter says the caller is this table's guest: only then it is assigned
    await click(".o_fuxi_caller_notification button:contains(听涛阁)");
    await animationFrame();
    expect(assigned).toEqual([42]);
    expect(".o_fuxi_caller_notification").toHaveCount(0);
});

test("a card swipe while an order is open still takes the guest at once", async () => {
    const assigned = await frontDeskWithOpenOrder();
    await getService("fuxi_card_swipe").handle({
        result: "known",
        kind: "card",
        partner_id: CALLER.id,
        partner_name: CALLER.name,
        profile: CALLER,
    });
    await animationFrame();
    expect(assigned).toEqual([42]);
    expect(".o_fuxi_caller_notification").toHaveCount(0);
});

test("the caller's label: name, class, VIP", () => {
    expect(callerLabel({name: "孙丽红", customer_class: {name: ""}, is_vip: false})).toBe(
        "孙丽红"
    );
    expect(callerLabel(CALLER)).toBe("周文华 · 金卡 · VIP");
});
