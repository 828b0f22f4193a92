import {describe, expect, test} from "@odoo/hoot";
import {GUEST_PROFILE} from "@fuxi_customer/../tests/helpers/guest_profile_fixture";
import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {mountWithCleanup} from "@web/../tests/web_test_helpers";
import {click, queryAllTexts} from "@odoo/hoot-dom";

describe.current.tags("desktop");
defineMailModels();

test("no news block without news", async () => {
    await mountWithCleanup(GuestProfile, {props: {profile: GUEST_PROFILE}});
    expect(".o_fuxi_guest_name").toHaveText("王建国");
    expect(".o_fuxi_guest_news").toHaveCount(0);
    await mountWithCleanup(GuestProfile, {
        props: {profile: {...GUEST_PROFILE, news: []}},
    });
    expect(".o_fuxi_guest_news").toHaveCount(0);
});

test("the latest news titles, each opening its news item", async () => {
    const opened = [];
    const profile = {
        ...GUEST_PROFILE,
        news: [
            {id: 11, title: "冬至饺子宴"},
            {id: 12, title: "新春年夜饭预订开始"},
            {id: 13, title: "会员日储值送礼"},
        ],
    };
    await mountWithCleanup(GuestProfile, {
        props: {profile, onOpenRecord: (model, id) => opened.push([model, id])},
    });
    // in the suggestions' anchor, at the end of the profile, in the order the server sends
    expect(".o_fuxi_guest_suggestions > .o_fuxi_guest_news").toHaveCount(1);
    expect(queryAllTexts(".o_fuxi_guest_news_item")).toEqual([
        "冬至饺子宴",
        "新春年夜饭预订开始",
        "会员日储值送礼",
    ]);
    await click(".o_fuxi_guest_news_item:eq(1)");
    expect(opened).toEqual([["fuxi.marketing.news", 12]]);
});
