import {describe, expect, test} from "@odoo/hoot";
import {GUEST_PROFILE} from "@fuxi_customer/../tests/helpers/guest_profile_fixture";
import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {mountWithCleanup} from "@web/../tests/web_test_helpers";
import {queryAllTexts} from "@odoo/hoot-dom";

describe.current.tags("desktop");
defineMailModels();

// What fuxi_customer sends: identity, tastes, occasions
const PROFILE = GUEST_PROFILE;

test("no new dishes block without fuxi_knowledge values", async () => {
    await mountWithCleanup(GuestProfile, {props: {profile: PROFILE}});
    expect(".o_fuxi_guest_name").toHaveText("王建国");
    expect(".o_fuxi_new_dishes").toHaveCount(0);
    await mountWithCleanup(GuestProfile, {
        props: {profile: {...PROFILE, new_dishes: []}},
    });
    expect(".o_fuxi_new_dishes").toHaveCount(0);
});

test("new dishes to recommend, struck through when they clash with a taboo", async () => {
    const profile = {
        ...PROFILE,
        new_dishes: [
            {id: 1, name: "松茸炖鸡", taboo_clash: []},
            {id: 2, name: "宫保虾球", taboo_clash: ["花生"]},
        ],
    };
    await mountWithCleanup(GuestProfile, {props: {profile}});
    expect(".o_fuxi_new_dishes .text-decoration-line-through").toHaveText("宫保虾球");
    expect(".o_fuxi_new_dishes .text-decoration-line-through").toHaveCount(1);
    expect(".o_fuxi_new_dishes .text-decoration-line-through").toHaveAttribute(
        "title",
        "花生"
    );
    expect(".o_fuxi_new_dishes .fa-ban").toHaveCount(1);
    expect(queryAllTexts(".o_fuxi_new_dishes > span")).toEqual([
        "松茸炖鸡",
        "宫保虾球",
    ]);
    // The suggestions sit in their anchor, at the end of the profile
    expect(".o_fuxi_guest_suggestions > .o_fuxi_new_dishes").toHaveCount(1);
});
