import {describe, expect, test} from "@odoo/hoot";
import {
    getService,
    makeMockEnv,
    mockService,
    mountWithCleanup,
    onRpc,
    patchWithCleanup,
} from "@web/../tests/web_test_helpers";
import {queryAll, queryAllTexts} from "@odoo/hoot-dom";
import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";

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
    // The occasion is the birthday itself: not shown twice
    expect(".o_fuxi_occasion").toHaveCount(0);
    expect(".o_fuxi_taboos .badge").toHaveCount(2);
    expect(queryAllTexts(".o_fuxi_taboos .badge")).toEqual(["香菜", "花生"]);
    expect(".o_fuxi_tastes .badge").toHaveText("微辣");
    expect(".o_fuxi_guest_contact").toHaveText(/138 0013 8000/);
    expect(".o_fuxi_guest_contact").toHaveText(/北京 \/ 朝阳区/);
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

test("the extension anchors are there and show nothing by themselves", async () => {
    await mountWithCleanup(GuestProfile, {props: {profile: PROFILE}});
    for (const anchor of ["alerts", "history", "suggestions"]) {
        expect(
            `.o_fuxi_guest_profile > .o_fuxi_guest_${anchor}.d-contents`
        ).toHaveCount(1);
        expect(`.o_fuxi_guest_${anchor} > *`).toHaveCount(0);
    }
    // Only the guest's own badges in the header
    expect(queryAll(".o_fuxi_guest_badges .badge")).toHaveLength(1);
});

test("a patch of badges adds a badge to the header", async () => {
    patchWithCleanup(GuestProfile.prototype, {
        get badges() {
            return [
                ...super.badges,
                {
                    key: "x",
                    label: "常客",
                    className: "badge o_fuxi_test_badge",
                    title: "测试",
                },
            ];
        },
    });
    await mountWithCleanup(GuestProfile, {props: {profile: PROFILE}});
    expect(".o_fuxi_guest_badges .o_fuxi_test_badge").toHaveText("常客");
    expect(".o_fuxi_test_badge").toHaveAttribute("title", "测试");
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
