import {describe, expect, getFixture, test} from "@odoo/hoot";
import {animationFrame} from "@odoo/hoot-mock";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {
    contains,
    getService,
    makeMockEnv,
    mockService,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";
import {WebClient} from "@web/webclient/webclient";
import {
    WEDGE_MAX_GAP_MS,
    isTrackData,
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
    onRpc("res.partner", "search_read", () => [
        {id: 5, name: "孙丽红", ref: "C005", mobile: ""},
    ]);
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
    await contains(".o_fuxi_card_guest").click();
    expect.verifySteps([
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
