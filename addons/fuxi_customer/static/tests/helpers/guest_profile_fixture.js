/**
 * What fuxi_customer's part of the guest profile sends (identity, tastes, occasions): the
 * base the higher addons' Hoot tests add their block's values to.
 */
export const GUEST_PROFILE = {
    id: 7,
    name: "王建国",
    code: "C00007",
    mobile: "138 0013 8000",
    region: "北京 / 朝阳区",
    customer_class: {id: 1, name: "VIP", code: "vip", color: 3},
    is_vip: true,
    birthday_in_days: 3,
    next_occasion: {name: "Birthday", date: "2026-11-25", in_days: 3},
    tastes: ["微辣"],
    taboos: ["香菜", "花生"],
    avatar_url: "/web/static/img/placeholder.png",
};
