import {registry} from "@web/core/registry";

const TOUCH = 44;

/** A magnetic card reader in keyboard mode types track 2 and Enter, faster than a person. */
function swipeCard(number) {
    document.activeElement?.blur();
    for (const key of [...`;${number}=2512?`, "Enter"]) {
        document.body.dispatchEvent(
            new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true})
        );
    }
}

/** The panel fits the screen (no page scroll) and nothing to tap is under 44 px. */
function checkPanelLayout() {
    const panel = document.querySelector(".o_fuxi_cashier_panel");
    const rect = panel.getBoundingClientRect();
    if (
        rect.bottom > window.innerHeight + 0.5 ||
        rect.right > window.innerWidth + 0.5
    ) {
        throw new Error(
            `the payment panel overflows the screen: ${rect.width}×${rect.height} in ${window.innerWidth}×${window.innerHeight}`
        );
    }
    for (const selector of [
        ".o_fuxi_cashier_pay_button",
        ".o_fuxi_keypad",
        ".o_fuxi_cashier_methods",
    ]) {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        if (box && (box.top < 0 || box.bottom > window.innerHeight + 0.5)) {
            throw new Error(`${selector} is out of view (${box.top}–${box.bottom})`);
        }
    }
    const small = [...panel.querySelectorAll("button, a.btn, input")].filter(
        (el) =>
            el.offsetParent &&
            (el.offsetHeight < TOUCH - 0.5 || el.offsetWidth < TOUCH - 0.5)
    );
    if (small.length) {
        throw new Error(
            `touch targets under ${TOUCH} px: ${small
                .slice(0, 5)
                .map((el) => `${el.className} ${el.offsetWidth}×${el.offsetHeight}`)
                .join("; ")}`
        );
    }
}

/** A dialog over the panel fits the screen and its buttons and rows take a finger. */
function checkDialogLayout(selector) {
    const dialog = document.querySelector(selector);
    const rect = dialog.getBoundingClientRect();
    if (
        rect.top < 0 ||
        rect.bottom > window.innerHeight + 0.5 ||
        rect.right > window.innerWidth + 0.5
    ) {
        throw new Error(
            `${selector} overflows the screen: ${rect.width}×${rect.height}`
        );
    }
    const small = [...dialog.querySelectorAll("button, input")].filter(
        (el) => el.offsetParent && el.offsetHeight < TOUCH - 0.5
    );
    if (small.length) {
        throw new Error(
            `touch targets under ${TOUCH} px in ${selector}: ${small
                .map((el) => `${el.className} ${el.offsetWidth}×${el.offsetHeight}`)
                .join("; ")}`
        );
    }
}

/**
 * The issue's "Checked by": a cashier opens a table, swipes a VIP member's card, orders and
 * sends, checks out with the member's 9折, pays part with the card's stored value and the
 * rest in cash with change, and closes the bill (receipt). The receipt's PDF and the day's
 * figures are checked in Python after the tour.
 */
registry.category("web_tour.tours").add("fuxi_cashier_checkout", {
    url: "/odoo/action-fuxi_frontdesk.action_fuxi_frontdesk",
    steps: () => [
        {
            content: "Pick the free room on the floor",
            trigger: ".o_fuxi_room.o_fuxi_status_free:contains(收银巡回厅)",
            run: "click",
        },
        {
            content: "The table opens: swipe the member's card",
            trigger: ".o_fuxi_open_table .o_fuxi_guest_search",
            run: () => swipeCard("6228480402569999"),
        },
        {
            content: "The card named the guest",
            trigger: ".o_fuxi_opening_guest:contains(收银巡回会员)",
        },
        {
            content: "Open the table",
            trigger: ".o_fuxi_confirm_open",
            run: "click",
        },
        {
            content: "Order the dish",
            trigger: ".o_fuxi_dish:contains(收银巡回鱼)",
            run: "click",
        },
        {
            content: "Send it to the kitchen",
            trigger: ".o_fuxi_send:enabled",
            run: "click",
        },
        {
            content: "The line is sent",
            trigger: ".o_fuxi_line_sent:contains(收银巡回鱼)",
        },
        {
            content: "Check out: the payment panel opens",
            trigger: ".o_fuxi_checkout",
            run: "click",
        },
        {
            content: "The member and the member price are on the bill",
            trigger: ".o_fuxi_cashier_member_name:contains(收银巡回会员)",
        },
        {
            content: "The VIP rule is shown line by line",
            trigger: ".o_fuxi_cashier_rule:contains(9)",
            run: () => checkPanelLayout(),
        },
        {
            content: "The member has points: open the rewards (积分兑换)",
            trigger: ".o_fuxi_cashier_reward_open",
            run: "click",
        },
        {
            content: "The duck costs more points than the member has",
            trigger:
                ".o_fuxi_cashier_rewards:has(.o_fuxi_cashier_reward:disabled:contains(收银巡回烤鸭))",
            run: () => checkDialogLayout(".o_fuxi_cashier_rewards"),
        },
        {
            content: "Pick the tea",
            trigger: ".o_fuxi_cashier_reward:enabled:contains(收银巡回茶)",
            run: "click",
        },
        {
            content: "Give it for the points",
            trigger: ".o_fuxi_cashier_reward_confirm:enabled",
            run: "click",
        },
        {
            content: "The member's points are the server's: 130 − 100",
            trigger:
                "body:not(:has(.o_fuxi_cashier_rewards)) .o_fuxi_cashier_member_points b",
            run() {
                const points = document.querySelector(
                    ".o_fuxi_cashier_member_points b"
                );
                if (points.textContent.trim() !== "30") {
                    throw new Error(
                        `the member has ${points.textContent} points, not 30`
                    );
                }
            },
        },
        {
            content: "The account owes on a signed bill: settle it (挂账结算)",
            trigger: ".o_fuxi_cashier_settle_open",
            run: "click",
        },
        {
            content: "The signed bill is listed with its table",
            trigger: ".o_fuxi_cashier_signed_bill:contains(收银巡回签单厅)",
            run: () => checkDialogLayout(".o_fuxi_cashier_settle"),
        },
        {
            content: "Settle it in cash",
            trigger: ".o_fuxi_cashier_settle_confirm:enabled",
            run: "click",
        },
        {
            content: "Nothing is owed any more",
            trigger: ".o_fuxi_cashier_member:not(:has(.o_fuxi_cashier_settle_open))",
        },
        {
            content: "Pay with the card's stored value",
            trigger: ".o_fuxi_cashier_method[data-kind=stored_value]",
            run: "click",
        },
        {
            content: "The amount is what the card holds",
            trigger: ".o_fuxi_cashier_amount:contains(100.00)",
        },
        {
            content: "Record it",
            trigger: ".o_fuxi_cashier_pay_button:enabled",
            run: "click",
        },
        {
            content: "The stored value paid part of it",
            trigger: ".o_fuxi_cashier_payment:contains(100.00)",
        },
        {
            content: "The rest in cash",
            trigger: ".o_fuxi_cashier_method[data-kind=cash]",
            run: "click",
        },
        {
            content: "The guest hands over 100 on the keypad",
            trigger: ".o_fuxi_key[data-key='1']",
            run: "click",
        },
        {
            trigger: ".o_fuxi_key[data-key='00']",
            run: "click",
        },
        {
            content: "The change is shown before the cash is recorded",
            trigger: ".o_fuxi_cashier_change:contains(31.00)",
            run: () => checkPanelLayout(),
        },
        {
            content: "Record the cash",
            trigger: ".o_fuxi_cashier_pay_button:enabled",
            run: "click",
        },
        {
            content: "Paid: close the bill",
            trigger: ".o_fuxi_cashier_close:enabled",
            run: "click",
        },
        {
            content: "Closed: the change to give and the card after the bill",
            trigger: ".o_fuxi_cashier_closed_change:contains(31.00)",
        },
        {
            content: "The receipt can be printed again",
            trigger: ".o_fuxi_cashier_receipt[href*='/report/pdf/']",
        },
        {
            content: "Back to the floor",
            trigger: ".o_fuxi_cashier_done",
            run: "click",
        },
        {
            content: "The table is free again",
            trigger: ".o_fuxi_room.o_fuxi_status_free:contains(收银巡回厅)",
        },
    ],
});
