import {describe, expect, test} from "@odoo/hoot";
import {GUEST_PROFILE} from "@fuxi_customer/../tests/helpers/guest_profile_fixture";
import {GuestProfile} from "@fuxi_customer/guest/guest_profile";
import {click} from "@odoo/hoot-dom";
import {defineMailModels} from "@mail/../tests/mail_test_helpers";
import {formatProfileMoney} from "@fuxi_tracking/guest_profile/guest_profile";
import {mountWithCleanup} from "@web/../tests/web_test_helpers";

describe.current.tags("desktop");
defineMailModels();

// What fuxi_customer sends: identity, tastes, occasions
const PROFILE = GUEST_PROFILE;

// What fuxi_tracking adds for users with tracking rights
const HISTORY = {
    currency: {symbol: "¥", position: "before", digits: 2},
    visit_count: 12,
    total_spend: 5880,
    average_spend: 490,
    last_visit: "2026-11-01 11:30:00",
    favourite_dishes: "北京烤鸭 ×6",
    rfm_segment: "champion",
    rfm_segment_label: "重要价值客户",
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
};

test("no history section without fuxi_tracking values", async () => {
    await mountWithCleanup(GuestProfile, {props: {profile: PROFILE}});
    expect(".o_fuxi_guest_name").toHaveText("王建国");
    expect(".o_fuxi_history_stats").toHaveCount(0);
    expect(".o_fuxi_favourites").toHaveCount(0);
    expect(".o_fuxi_recent_visits").toHaveCount(0);
    expect(".o_fuxi_segment").toHaveCount(0);
});

test("segment, visits, spend, favourites and the last visits", async () => {
    const opened = [];
    await mountWithCleanup(GuestProfile, {
        props: {
            profile: {...PROFILE, ...HISTORY},
            onOpenRecord: (model, id) => opened.push([model, id]),
        },
    });
    expect(".o_fuxi_guest_badges .o_fuxi_segment").toHaveText("重要价值客户");
    expect(".o_fuxi_vip").toHaveCount(1);
    expect(".o_fuxi_visit_count").toHaveText("12");
    expect(".o_fuxi_history_stats").toHaveText(/¥ 5,880.00/);
    expect(".o_fuxi_history_stats").toHaveText(/¥ 490.00/);
    expect(".o_fuxi_favourites").toHaveText(/北京烤鸭 ×6/);
    expect(".o_fuxi_recent_visits tbody tr").toHaveCount(1);
    expect(".o_fuxi_recent_visits tbody tr").toHaveText(/听涛阁/);
    expect(".o_fuxi_recent_visits tbody tr").toHaveText(/¥ 1,280.00/);
    // The history sits in its anchor, after the guest's tastes
    expect(".o_fuxi_guest_history > .o_fuxi_history_stats").toHaveCount(1);
    await click(".o_fuxi_recent_visits tbody a");
    expect(opened).toEqual([["fuxi.consumption", 3]]);
});

test("compact (front desk): the stats stay, the visits table goes", async () => {
    await mountWithCleanup(GuestProfile, {
        props: {profile: {...PROFILE, ...HISTORY}, compact: true},
    });
    expect(".o_fuxi_visit_count").toHaveText("12");
    expect(".o_fuxi_segment").toHaveCount(1);
    expect(".o_fuxi_recent_visits").toHaveCount(0);
});

test("money is formatted with the profile currency", () => {
    expect(formatProfileMoney(12.5, {symbol: "¥", position: "before", digits: 2})).toBe(
        "¥ 12.50"
    );
    expect(formatProfileMoney(3, {symbol: "€", position: "after", digits: 0})).toBe(
        "3 €"
    );
});
