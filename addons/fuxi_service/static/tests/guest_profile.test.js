import {describe, expect, test} from "@odoo/hoot";
import {GUEST_PROFILE} from "@fuxi_customer/../tests/helpers/guest_profile_fixture";
import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {click} from "@odoo/hoot-dom";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {mountWithCleanup} from "@web/../tests/web_test_helpers";

describe.current.tags("desktop");
defineMailModels();

// What fuxi_customer sends: identity, tastes, occasions
const PROFILE = GUEST_PROFILE;

test("no complaints block without fuxi_service values", async () => {
    await mountWithCleanup(GuestProfile, {props: {profile: PROFILE}});
    expect(".o_fuxi_guest_name").toHaveText("王建国");
    expect(".o_fuxi_open_complaints").toHaveCount(0);
    await mountWithCleanup(GuestProfile, {
        props: {profile: {...PROFILE, open_complaints: []}},
    });
    expect(".o_fuxi_open_complaints").toHaveCount(0);
});

test("open complaints, the overdue flagged, each opening its record", async () => {
    const opened = [];
    const profile = {
        ...PROFILE,
        open_complaints: [
            {
                id: 9,
                name: "TS0009",
                category: "上菜速度",
                state_label: "处理中",
                overdue: true,
            },
            {
                id: 10,
                name: "TS0010",
                category: "菜品质量",
                state_label: "新投诉",
                overdue: false,
            },
        ],
    };
    await mountWithCleanup(GuestProfile, {
        props: {profile, onOpenRecord: (model, id) => opened.push([model, id])},
    });
    expect(".o_fuxi_open_complaints").toHaveText(/TS0009/);
    expect(".o_fuxi_open_complaints .badge").toHaveText("Overdue");
    expect(".o_fuxi_open_complaints .badge").toHaveCount(1);
    // The alert sits in its anchor, right after the guest's tastes
    expect(".o_fuxi_guest_alerts > .o_fuxi_open_complaints").toHaveCount(1);
    await click(".o_fuxi_open_complaints a:contains(TS0010)");
    expect(opened).toEqual([["fuxi.complaint", 10]]);
});
