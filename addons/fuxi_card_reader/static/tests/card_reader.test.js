import {describe, expect, getFixture, test} from "@odoo/hoot";
import {animationFrame, runAllTimers} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    contains,
    getService,
    makeMockEnv,
    mockService,
    mountWithCleanup,
    onRpc,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";
import {session} from "@web/session";
import {user} from "@web/core/user";
import {WebClient} from "@web/webclient/webclient";
import {
    SWIPE_MAX_AGE_S,
    WEDGE_MAX_GAP_MS,
    isMobileNumber,
    isTrackData,
    keyOf,
    makeSwipeFilter,
    makeWedgeCatcher,
    parseMagstripe,
} from "@fuxi_card_reader/card_swipe_service";
import {CardChoiceDialog, UnknownCardDialog} from "@fuxi_card_reader/card_dialogs";

describe.current.tags("desktop");
defineMailModels();

test("track 2 as typed by keyboard-wedge readers, whatever the keyboard layout", () => {
    for (const typed of [
        ";6228480402564890=2512?",
        "ñ6228480402564890=2512_",
        "Ç6228480402564890ß2512&",
        "é6228480402564890=25121010000?",
        "+6228480402564890?",
        ";6228480402564890?",
    ]) {
        expect(parseMagstripe(typed)).toBe("6228480402564890", {message: typed});
        expect(isTrackData(typed)).toBe(true, {message: typed});
    }
});

test("product barcodes and garbage are not cards", () => {
    expect(isTrackData("6901234567892")).toBe(false);
    expect(isTrackData("ABC-123")).toBe(false);
    expect(parseMagstripe(";12?")).toBe(null);
    expect(parseMagstripe(";62284804025648901234567?")).toBe(null);
    expect(parseMagstripe(null)).toBe(null);
});

/** Spies on what the swipe service does at the station. */
async function stationSpies() {
    const spy = {identified: [], notes: [], dialogs: []};
    mockService("fuxi_guest", {
        identify: async (partnerId, options) =>
            spy.identified.push([partnerId, options]),
        addHandler: () => () => undefined,
        loadProfile: async () => ({}),
    });
    mockService("notification", {
        add: (message, options) => spy.notes.push([message, options || {}]),
    });
    mockService("dialog", {
        add: (Component, props) => spy.dialogs.push([Component, props]),
    });
    await makeMockEnv();
    return spy;
}

test("swipe messages: known guest, blocked card, unknown card, caller ID choices", async () => {
    const spy = await stationSpies();
    const service = getService("fuxi_card_swipe");
    const profile = {id: 7, name: "周文华"};

    await service.handle({result: "known", kind: "card", partner_id: 7, profile});
    expect(spy.identified).toEqual([[7, {source: "card", profile}]]);

    await service.handle({
        result: "blocked",
        kind: "card",
        identifier: "9F3E21A0",
        partner_id: 8,
        partner_name: "钱海峰",
        card_state_label: "Reported Lost",
    });
    expect(spy.identified).toHaveLength(1, {
        message: "a blocked card opens no profile",
    });
    expect(spy.notes.at(-1)[0]).toMatch(/9F3E21A0.*钱海峰.*Reported Lost/);
    expect(spy.notes.at(-1)[1]).toEqual({
        type: "danger",
        title: "Blocked card",
        sticky: true,
    });

    await service.handle({
        result: "unknown",
        kind: "card",
        identifier: "DEADBEEF",
        source: "reader",
    });
    await service.handle({
        result: "unknown",
        kind: "card",
        identifier: "6228480402564890",
        source: "typed",
    });
    expect(
        spy.dialogs.map(([Component, props]) => [Component, props.number, props.kind])
    ).toEqual([
        [UnknownCardDialog, "DEADBEEF", "contactless"],
        [UnknownCardDialog, "6228480402564890", "magstripe"],
    ]);

    const matches = [
        {id: 11, name: "李娜", code: "C011"},
        {id: 12, name: "李娜(公司)", code: "C012"},
    ];
    await service.handle({
        result: "ambiguous",
        kind: "phone",
        identifier: "13900001111",
        matches,
    });
    const [Component, props] = spy.dialogs.at(-1);
    expect(Component).toBe(CardChoiceDialog);
    expect(props.matches).toEqual(matches);
    await props.onChoose(12);
    expect(spy.identified.at(-1)).toEqual([12, {source: "phone"}]);

    await service.handle({
        result: "no_match",
        kind: "phone",
        identifier: "13800000000",
    });
    expect(spy.notes.at(-1)[0]).toMatch(/13800000000/);
    expect(spy.identified).toHaveLength(2);
});

test("a caller nobody has: register them with the number, if allowed", async () => {
    const spy = await stationSpies();
    const actions = [];
    mockService("action", {doAction: async (action) => actions.push(action)});
    let allowed = true;
    patchWithCleanup(user, {
        hasGroup: async (group) =>
            allowed && group === "fuxi_customer.group_fuxi_customer_user",
    });
    const service = getService("fuxi_card_swipe");
    await service.handle({
        result: "no_match",
        kind: "phone",
        identifier: "13800000000",
    });
    const [message, options] = spy.notes.at(-1);
    expect(message).toMatch(/13800000000/);
    expect(options.sticky).toBe(true, {message: "the offer stays during the call"});
    expect(options.buttons.map((button) => button.name)).toEqual([
        "New guest with this number",
    ]);
    await options.buttons[0].onClick();
    expect(actions.at(-1).res_model).toBe("res.partner");
    expect(actions.at(-1).context).toEqual({
        default_is_fuxi_customer: true,
        default_mobile: "13800000000",
    });
    await service.newGuestWithNumber("02161234567");
    expect(actions.at(-1).context).toEqual({
        default_is_fuxi_customer: true,
        default_phone: "02161234567",
    });
    expect(isMobileNumber("13800000000")).toBe(true);
    expect(isMobileNumber("+8613800000000")).toBe(false);

    allowed = false;
    await service.handle({
        result: "no_match",
        kind: "phone",
        identifier: "13900000000",
    });
    expect(spy.notes.at(-1)[1].buttons).toEqual([], {
        message: "a viewer is told the number, with nothing to click that would fail",
    });
    expect(spy.identified).toHaveLength(0, {message: "nobody opened"});
});

function keydown(target, key) {
    const ev = new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true});
    target.dispatchEvent(ev);
    return ev;
}

test("wedge catcher: a burst of track data in a text field, not a person typing", () => {
    let clock = 1000;
    const read = [];
    const catcher = makeWedgeCatcher((number) => read.push(number), {now: () => clock});
    const input = document.createElement("input");
    input.type = "text";
    input.value = "张";
    getFixture().appendChild(input);
    input.addEventListener("keydown", catcher);
    let inputEvents = 0;
    input.addEventListener("input", () => inputEvents++);

    // the reader: every key within a few ms, the characters land in the field, then Enter
    for (const key of "ñ6228480402564890=2512_") {
        keydown(input, key);
        input.value += key;
        clock += 4;
    }
    const enter = keydown(input, "Enter");
    expect(read).toEqual(["6228480402564890"]);
    expect(enter.defaultPrevented).toBe(true, {
        message: "the search box does not search it",
    });
    expect(input.value).toBe("张", {message: "what the user had typed is back"});
    expect(inputEvents).toBe(1);

    // a person typing the same thing slowly is left alone
    for (const key of ";6228480402564890?") {
        keydown(input, key);
        clock += WEDGE_MAX_GAP_MS + 40;
    }
    expect(keydown(input, "Enter").defaultPrevented).toBe(false);
    // a fast burst that is not track data (a pasted phone number, a product code) too
    for (const key of "13900001111") {
        keydown(input, key);
        clock += 4;
    }
    expect(keydown(input, "Enter").defaultPrevented).toBe(false);
    expect(read).toHaveLength(1);
});

test("a swipe typed into a list's search box opens the guest's profile", async () => {
    const spy = await stationSpies();
    onRpc("fuxi.card.swipe", "resolve_typed", ({args}) => {
        expect.step(`resolve ${args[0]}`);
        return {
            result: "known",
            kind: "card",
            source: "typed",
            partner_id: 9,
            profile: {id: 9},
        };
    });
    getService("fuxi_card_swipe");
    const input = document.createElement("input");
    input.type = "text";
    input.className = "o_searchview_input";
    getFixture().appendChild(input);
    input.focus();
    for (const key of "Ç6228480402561234ß2512&") {
        keydown(input, key);
    }
    keydown(input, "Enter");
    await animationFrame();
    expect.verifySteps(["resolve 6228480402561234"]);
    expect(spy.identified).toEqual([[9, {source: "card", profile: {id: 9}}]]);
});

test("unknown card: a clerk gives it to a guest found by name, who is then shown", async () => {
    onRpc("has_group", () => true);
    onRpc("res.partner", "fuxi_search_guests", ({args}) => {
        expect.step(`search ${args[0]}`);
        return [{id: 5, name: "孙丽红", code: "C005", phone: "13900005555"}];
    });
    onRpc("fuxi.card", "create", ({args}) => {
        expect.step(args[0]);
        return [1];
    });
    const identified = [];
    mockService("fuxi_guest", {
        identify: async (partnerId, options) =>
            identified.push([partnerId, options.source]),
    });
    await mountWithCleanup(WebClient);
    getService("dialog").add(UnknownCardDialog, {
        number: "6228480402564890",
        kind: "magstripe",
    });
    await animationFrame();
    expect(".o_fuxi_card_number").toHaveText("6228480402564890");
    await contains(".o_fuxi_card_guest_search").edit("孙");
    expect(".o_fuxi_card_guest").toHaveText(/孙丽红\s*C005\s*13900005555/);
    await contains(".o_fuxi_card_guest").click();
    expect.verifySteps([
        "search 孙",
        [{number: "6228480402564890", partner_id: 5, kind: "magstripe"}],
    ]);
    expect(identified).toEqual([[5, "card"]]);
    expect(".o_fuxi_unknown_card").toHaveCount(0, {message: "the dialog closed"});
});

test("unknown card: staff who may not give cards are told whom to ask", async () => {
    onRpc("has_group", () => false);
    await mountWithCleanup(WebClient);
    getService("dialog").add(UnknownCardDialog, {number: "DEADBEEF"});
    await animationFrame();
    expect(".o_fuxi_card_cannot_bind").toHaveCount(1);
    expect(".o_fuxi_card_guest_search").toHaveCount(0);
    expect(".o_fuxi_card_new_guest").toHaveCount(0);
});

// ------------------------------------------------------------ swipes replayed by the bus

/** The station's service with the bus subscription captured: `push(payload)` delivers. */
async function stationWithBus({serverTime} = {}) {
    const subscribers = {};
    mockService("bus_service", {
        subscribe(type, callback) {
            (subscribers[type] ||= []).push(callback);
        },
        start: () => undefined,
    });
    if (serverTime !== undefined) {
        patchWithCleanup(session, {fuxi_server_time: serverTime});
    }
    const spy = await stationSpies();
    getService("fuxi_card_swipe");
    const push = async (payload) => {
        for (const callback of subscribers["fuxi_card/swipe"] || []) {
            await callback(payload, {id: 1});
        }
    };
    return {spy, push};
}

test("a tab opened after swipes does not replay them; each swipe is shown once", async () => {
    const now = Date.now() / 1000;
    const {spy, push} = await stationWithBus({serverTime: now});
    // what the bus resends a new tab: swipes of the last ~50 s, before the tab listened
    await push({
        swipe_id: "old-known",
        result: "known",
        kind: "card",
        partner_id: 7,
        sent_at: now - 40,
    });
    await push({
        swipe_id: "old-lost",
        result: "blocked",
        kind: "card",
        identifier: "9F3E21A0",
        partner_name: "钱海峰",
        card_state_label: "已挂失",
        sent_at: now - 20,
    });
    await push({
        swipe_id: "old-call",
        result: "ambiguous",
        kind: "phone",
        identifier: "13900001111",
        matches: [],
        sent_at: now - 3,
    });
    expect(spy.identified).toEqual([]);
    expect(spy.notes).toEqual([]);
    expect(spy.dialogs).toEqual([]);

    // a swipe made now is shown, once, however often the bus delivers it
    const fresh = {
        swipe_id: "new-lost",
        result: "blocked",
        kind: "card",
        identifier: "9F3E21A0",
        partner_name: "钱海峰",
        card_state_label: "已挂失",
        sent_at: Date.now() / 1000,
    };
    await push(fresh);
    await push({...fresh});
    expect(spy.notes).toHaveLength(1, {message: "the lost-card warning shows once"});
    await push({
        swipe_id: "new-known",
        result: "known",
        kind: "card",
        partner_id: 7,
        sent_at: Date.now() / 1000,
    });
    expect(spy.identified).toEqual([[7, {source: "card", profile: undefined}]]);
});

test("replays are told apart although the station's clock is an hour off", async () => {
    // the server is an hour ahead of this PC's clock
    const serverNow = Date.now() / 1000 + 3600;
    const {spy, push} = await stationWithBus({serverTime: serverNow});
    await push({
        swipe_id: "replayed",
        result: "known",
        kind: "card",
        partner_id: 7,
        sent_at: serverNow - 30,
    });
    expect(spy.identified).toEqual([], {message: "30 s old on the server's clock"});
    await push({
        swipe_id: "live",
        result: "known",
        kind: "card",
        partner_id: 8,
        sent_at: Date.now() / 1000 + 3600,
    });
    expect(spy.identified.map(([id]) => id)).toEqual([8]);
});

test("swipe filter: listening time, age and duplicates on the server's clock", () => {
    let clock = 1_000_000; // the tab's clock (ms)
    const skew = -7_200_000; // the server is two hours behind
    const server = () => (clock + skew) / 1000;
    const accept = makeSwipeFilter({serverTime: server() - 0.4, now: () => clock});
    clock += 10_000;
    expect(accept({swipe_id: "a", sent_at: server() - 15})).toBe(false, {
        message: "before the tab listened",
    });
    expect(accept({swipe_id: "b", sent_at: server() - 0.2})).toBe(true);
    expect(accept({swipe_id: "b", sent_at: server() - 0.2})).toBe(false, {
        message: "already shown",
    });
    expect(accept({swipe_id: "c", sent_at: server() - SWIPE_MAX_AGE_S - 1})).toBe(
        false,
        {message: "delivered late"}
    );
    clock += 60_000;
    expect(accept({swipe_id: "d", sent_at: server() - 1})).toBe(true);
    // the payload of a typed swipe (no bus, no time) is shown
    expect(accept({result: "known"})).toBe(true);
});

// ------------------------------------------------------------ keyboard wedge with an IME

/** A key as Chrome reports it while a Chinese input method is on: key "Process", code kept. */
function imeKeydown(target, code, {shiftKey = false, isComposing = false} = {}) {
    const ev = new KeyboardEvent("keydown", {
        key: "Process",
        code,
        keyCode: 229,
        shiftKey,
        isComposing,
        bubbles: true,
        cancelable: true,
    });
    target.dispatchEvent(ev);
    return ev;
}

/** The physical keys a reader presses for a character (US layout). */
const READER_KEYS = {
    ";": ["Semicolon", false],
    "=": ["Equal", false],
    "?": ["Slash", true],
};
function readerCode(char) {
    return READER_KEYS[char] || [`Digit${char}`, false];
}

test("wedge catcher: the Shift a reader presses for the end sentinel does not break the burst", () => {
    let clock = 1000;
    const read = [];
    const catcher = makeWedgeCatcher((number) => read.push(number), {now: () => clock});
    const input = document.createElement("input");
    input.type = "text";
    getFixture().appendChild(input);
    input.addEventListener("keydown", catcher);
    for (const key of [";", ..."6228480402564890", "=", ..."2512", "Shift", "?"]) {
        input.dispatchEvent(
            new KeyboardEvent("keydown", {
                key,
                shiftKey: key === "?" || key === "Shift",
                bubbles: true,
                cancelable: true,
            })
        );
        clock += 4;
    }
    expect(keydown(input, "Enter").defaultPrevented).toBe(true);
    expect(read).toEqual(["6228480402564890"]);
});

test("keyOf reads the physical key when an input method holds it", () => {
    const ev = (init) => new KeyboardEvent("keydown", init);
    expect(keyOf(ev({key: "Process", code: "Semicolon"}))).toBe(";");
    expect(keyOf(ev({key: "Process", code: "Slash", shiftKey: true}))).toBe("?");
    expect(keyOf(ev({key: "Process", code: "Digit6"}))).toBe("6");
    expect(keyOf(ev({key: "6", code: "Digit6", isComposing: true}))).toBe("6");
    expect(keyOf(ev({key: "Process", code: "Numpad3"}))).toBe("3");
    expect(keyOf(ev({key: "Process", code: "Enter"}))).toBe("Enter");
    expect(keyOf(ev({key: "Process", code: "ShiftLeft"}))).toBe("");
    expect(keyOf(ev({key: "Process", code: "Tab"}))).toBe(null);
    expect(keyOf(ev({key: "；", code: "Semicolon"}))).toBe("；");
    expect(keyOf(ev({key: "Control", code: "ControlLeft"}))).toBe(null);
});

test("wedge catcher with a Chinese IME on: Pinyin passes digits, punctuation full-width", () => {
    let clock = 1000;
    const read = [];
    const catcher = makeWedgeCatcher((number) => read.push(number), {now: () => clock});
    const input = document.createElement("input");
    input.type = "search";
    input.value = "王";
    getFixture().appendChild(input);
    input.addEventListener("keydown", catcher);
    // every key is "Process"; the field receives what the IME makes of it (；６…？)
    for (const char of ";6228480402564890=2512?") {
        const [code, shiftKey] = readerCode(char);
        if (shiftKey) {
            imeKeydown(input, "ShiftLeft", {shiftKey}); // the reader holds Shift for "?"
        }
        imeKeydown(input, code, {shiftKey});
        input.value += {";": "；", "?": "？", "=": "＝"}[char] || char;
        clock += 6;
    }
    // no composition open: Enter comes through as Enter
    const enter = new KeyboardEvent("keydown", {
        key: "Enter",
        code: "Enter",
        bubbles: true,
        cancelable: true,
    });
    input.dispatchEvent(enter);
    expect(read).toEqual(["6228480402564890"]);
    expect(enter.defaultPrevented).toBe(true);
    expect(input.value).toBe("王");
});

test("wedge catcher with an IME composing the track: read at Enter, the commit taken out", async () => {
    let clock = 1000;
    const read = [];
    const catcher = makeWedgeCatcher((number) => read.push(number), {now: () => clock});
    const input = document.createElement("input");
    input.type = "text";
    input.value = "";
    getFixture().appendChild(input);
    input.addEventListener("keydown", catcher);
    // a method that composes digits (full-width mode): compositionstart, keys with
    // isComposing, the Enter commits the composition into the field
    input.dispatchEvent(new CompositionEvent("compositionstart", {data: ""}));
    for (const char of ";6228480402561234=2512?") {
        const [code, shiftKey] = readerCode(char);
        imeKeydown(input, code, {shiftKey, isComposing: true});
        clock += 6;
    }
    imeKeydown(input, "Enter", {isComposing: true});
    expect(read).toEqual(["6228480402561234"]);
    input.value = "；６２２８４８０４０２５６１２３４＝２５１２？"; // the IME commits…
    input.dispatchEvent(new CompositionEvent("compositionend", {data: input.value}));
    await runAllTimers();
    expect(input.value).toBe("", {
        message: "…and the commit is taken out of the field",
    });
    // a person typing pinyin slowly is left alone
    input.dispatchEvent(new CompositionEvent("compositionstart", {data: ""}));
    for (const code of ["KeyW", "KeyA", "KeyN", "KeyG", "Digit1"]) {
        imeKeydown(input, code, {isComposing: true});
        clock += 150;
    }
    expect(imeKeydown(input, "Enter", {isComposing: true}).defaultPrevented).toBe(
        false
    );
    expect(read).toHaveLength(1);
});
