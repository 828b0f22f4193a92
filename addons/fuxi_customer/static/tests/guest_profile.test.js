import {describe, expect, test} from "@odoo/hoot";
import {queryAllTexts} from "@odoo/hoot-dom";
import {
    getService,
    makeMockEnv,
    mockService,
    mountWithCleanup,
    onRpc,
} from "@web/../tests/web_test_helpers";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {GuestProfile, formatProfileMoney} from "@fuxi_customer/guest/guest_profile";

describe.current.tags("desktop");
defineMailModels();

const PROFILE = {
    id: 7,
    name: "王建国",
    code: "C00007",
    phone: "",
    mobile: "138 0013 8000",
    company: "",
    region: "北京 / 朝阳区",
    customer_class: {id: 1, name: "VIP", code: "vip", color: 3},
    is_vip: true,
    birthday: "1980-11-25",
    birthday_in_days: 3,
    next_occasion: {name: "Birthday", date: "2026-11-25", in_days: 3},
    tastes: ["微辣"],
    taboos: ["香菜", "花生"],
    taste_note: "",
    avatar_url: "/web/static/img/placeholder.png",
};

test("shows VIP, birthday soon and taboos", async () => {
    await mountWithCleanup(GuestProfile, {props: {profile: PROFILE}});
    expect(".o_fuxi_guest_name").toHaveText("王建国");
    expect(".o_fuxi_vip").toHaveCount(1);
    expect(".o_fuxi_birthday").toHaveText("Birthday in 3 days");
    // the occasion is the birthday itself: not shown twice
    expect(".o_fuxi_occasion").toHaveCount(0);
    expect(".o_fuxi_taboos .badge").toHaveCount(2);
    expect(queryAllTexts(".o_fuxi_taboos .badge")).toEqual(["香菜", "花生"]);
    // no history section without fuxi_tracking values
    expect(".o_fuxi_history_stats").toHaveCount(0);
});

test("regular guest without birthday soon shows the class badge only", async () => {
    const profile = {
        ...PROFILE,
        is_vip: false,
        customer_class: {id: 2, name: "普通", code: "regular", color: 4},
        birthday_in_days: 200,
        next_occasion: {name: "结婚纪念日", date: "2026-12-01", in_days: 9},
        taboos: [],
    };
    await mountWithCleanup(GuestProfile, {props: {profile}});
    expect(".o_fuxi_vip").toHaveCount(0);
    expect(".o_fuxi_class").toHaveText("普通");
    expect(".o_fuxi_birthday").toHaveCount(0);
    expect(".o_fuxi_occasion").toHaveText("结婚纪念日 in 9 days");
    expect(".o_fuxi_taboos").toHaveCount(0);
});

test("history, complaints and new dishes from the other addons", async () => {
    const profile = {
        ...PROFILE,
        currency: {symbol: "¥", position: "before", digits: 2},
        visit_count: 12,
        total_spend: 5880,
        average_spend: 490,
        last_visit: "2026-11-01 11:30:00",
        favourite_dishes: "北京烤鸭 ×6",
        recent_visits: [
            {
                id: 3,
                name: "XF001",
                date: "2026-11-01 11:30:00",
                room: "听涛阁",
                guests: 6,
                amount: 1280,
                dishes: "北京烤鸭",
            },
        ],
        open_complaints: [
            {
                id: 9,
                name: "TS0009",
                category: "上菜速度",
                state_label: "处理中",
                overdue: true,
            },
        ],
        new_dishes: [
            {id: 1, name: "松茸炖鸡", taboo_clash: []},
            {id: 2, name: "宫保虾球", taboo_clash: ["花生"]},
        ],
    };
    await mountWithCleanup(GuestProfile, {props: {profile}});
    expect(".o_fuxi_visit_count").toHaveText("12");
    expect(".o_fuxi_history_stats").toHaveText(/¥ 5,880.00/);
    expect(".o_fuxi_recent_visits tbody tr").toHaveCount(1);
    expect(".o_fuxi_open_complaints").toHaveText(/TS0009/);
    expect(".o_fuxi_open_complaints .badge").toHaveText("Overdue");
    expect(".o_fuxi_new_dishes .text-decoration-line-through").toHaveText("宫保虾球");
});

test("money is formatted with the profile currency", () => {
    expect(formatProfileMoney(12.5, {symbol: "¥", position: "before", digits: 2})).toBe(
        "¥ 12.50"
    );
    expect(formatProfileMoney(3, {symbol: "€", position: "after", digits: 0})).toBe(
        "3 €"
    );
});

test("identify: an open screen's handler takes the guest, else the profile opens", async () => {
    const actions = [];
    mockService("action", {doAction: (action) => actions.push(action)});
    onRpc("res.partner", "get_fuxi_guest_profile", () => PROFILE);
    await makeMockEnv();
    const fuxiGuest = getService("fuxi_guest");

    expect(await fuxiGuest.identify(7, {source: "card"})).toBe("opened");
    expect(actions).toHaveLength(1);
    expect(actions[0].tag).toBe("fuxi_guest_profile");
    expect(actions[0].params.partner_id).toBe(7);

    const taken = [];
    const remove = fuxiGuest.addHandler((partnerId, options) => {
        taken.push([partnerId, options.source]);
        return true;
    });
    expect(await fuxiGuest.identify(8, {source: "card"})).toBe("handled");
    expect(taken).toEqual([[8, "card"]]);
    expect(actions).toHaveLength(1);

    remove();
    expect(await fuxiGuest.identify(9)).toBe("opened");
    expect(actions).toHaveLength(2);
    expect(await fuxiGuest.loadProfile(7)).toEqual(PROFILE);
});
