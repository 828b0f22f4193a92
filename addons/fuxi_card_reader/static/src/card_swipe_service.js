import {_t} from "@web/core/l10n/translation";
import {browser} from "@web/core/browser/browser";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";
import {session} from "@web/session";
import {CardChoiceDialog, UnknownCardDialog} from "./card_dialogs";

/**
 * Magnetic-stripe readers in keyboard mode type track 2, e.g. ";6228480402564890=2512?".
 * Keyboard layouts turn ";" and "?" (and "=") into other characters (ñ, Ç, ß, _, é…), so
 * only the digits are trusted: the card number is the first run of 6 to 19 digits, framed
 * by at most one leading and one trailing non-digit character, and maybe followed by a
 * separator and more digits (expiry, service code).
 */
const TRACK2 = /^[^0-9A-Za-z]?(\d{6,19})(?:[^0-9]\d*)?[^0-9]?$/;

export function parseMagstripe(code) {
    if (typeof code !== "string" || code.length > 60) {
        return null;
    }
    const match = code.trim().match(TRACK2);
    return match ? match[1] : null;
}

/** Looks like typed track data rather than a product barcode: has a start or end sentinel. */
export function isTrackData(code) {
    return typeof code === "string" && /^[^0-9A-Za-z]\d{6,19}/.test(code.trim());
}

/** A reader types a whole track in one burst; people do not type this fast. */
export const WEDGE_MAX_GAP_MS = 60;

function isPlainTextField(element) {
    return (
        element &&
        (element.tagName === "TEXTAREA" ||
            (element.tagName === "INPUT" &&
                ["text", "search", "tel", "number", ""].includes(element.type || "")))
    );
}

/** What the physical key gives without and with Shift (US layout, which readers assume). */
const CODE_CHARS = {
    Semicolon: [";", ":"],
    Equal: ["=", "+"],
    Slash: ["/", "?"],
    Minus: ["-", "_"],
    Period: [".", ">"],
    Comma: [",", "<"],
    Quote: ["'", '"'],
    Backquote: ["`", "~"],
    BracketLeft: ["[", "{"],
    BracketRight: ["]", "}"],
    Backslash: ["\\", "|"],
    Space: [" ", " "],
};
const SHIFTED_DIGITS = ")!@#$%^&*(";

/** Keys a reader presses around the characters (Shift for "?" and "%"): not part of the track. */
const MODIFIER_KEYS = new Set(["Shift", "CapsLock"]);
const MODIFIER_CODES = new Set(["ShiftLeft", "ShiftRight", "CapsLock"]);

/** True when an input method (Chinese Pinyin, Wubi, Japanese…) holds the key. */
export function isImeKey(ev) {
    return Boolean(ev.isComposing) || ev.key === "Process" || ev.keyCode === 229;
}

/**
 * The character a key stands for. With an input method active the browser reports
 * `key: "Process"` (and `isComposing` during a composition) instead of the character, and
 * what lands in the field is the method's version of it (full-width "；", "？", "６"…); the
 * physical key (`ev.code`) is still reported, and a reader types on the physical keys.
 * Returns "Enter", one character, "" for Shift (which a reader presses for "?" without ending
 * the burst), or null for a key that is not part of typed text.
 */
export function keyOf(ev) {
    if (MODIFIER_KEYS.has(ev.key) || MODIFIER_CODES.has(ev.code)) {
        return "";
    }
    if (!isImeKey(ev)) {
        if (ev.key === "Enter") {
            return "Enter";
        }
        return ev.key && ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey
            ? ev.key
            : null;
    }
    const code = ev.code || "";
    if (code === "Enter" || code === "NumpadEnter") {
        return "Enter";
    }
    let match = /^Digit(\d)$/.exec(code);
    if (match) {
        return ev.shiftKey ? SHIFTED_DIGITS[Number(match[1])] : match[1];
    }
    match = /^Numpad(\d)$/.exec(code);
    if (match) {
        return match[1];
    }
    if (CODE_CHARS[code]) {
        return CODE_CHARS[code][ev.shiftKey ? 1 : 0];
    }
    match = /^Key([A-Z])$/.exec(code);
    if (match) {
        return ev.shiftKey ? match[1] : match[1].toLowerCase();
    }
    return null;
}

/**
 * Odoo's barcode service ignores what is typed into a text field (unless it carries
 * `data-enable-barcode`), and list and kanban views put the focus in their search box: a
 * swipe there would search for ";6228…?". This keydown handler (capture phase) watches bursts
 * typed into such fields; a burst that is track data and ends with Enter is taken out of the
 * field (its value restored) and given to `onTrack(number)` instead.
 *
 * Keys held by an input method (a Chinese IME left on at the front desk) are read from the
 * physical key, see `keyOf`; when the method still composes at Enter, what it commits into
 * the field afterwards is taken out again at `compositionend`.
 */
export function makeWedgeCatcher(onTrack, {now = () => Date.now()} = {}) {
    let burst = null; // { target, value, keys, last }
    return function onKeydown(ev) {
        const target = ev.target;
        if (!isPlainTextField(target) || target.dataset.enableBarcode) {
            burst = null;
            return;
        }
        const time = now();
        const fresh =
            burst && burst.target === target && time - burst.last <= WEDGE_MAX_GAP_MS;
        const key = keyOf(ev);
        if (key === "Enter") {
            const number =
                fresh && isTrackData(burst.keys) ? parseMagstripe(burst.keys) : null;
            if (number) {
                ev.preventDefault();
                ev.stopImmediatePropagation();
                const value = burst.value;
                const restore = () => {
                    if (target.value !== value) {
                        target.value = value;
                        target.dispatchEvent(new Event("input", {bubbles: true}));
                    }
                };
                restore();
                if (ev.isComposing) {
                    target.addEventListener(
                        "compositionend",
                        () => browser.setTimeout(restore, 0),
                        {
                            once: true,
                        }
                    );
                }
                onTrack(number);
            }
            burst = null;
            return;
        }
        if (key === "") {
            return;
        }
        if (!key) {
            burst = null;
            return;
        }
        if (!fresh) {
            burst = {target, value: target.value, keys: "", last: time};
        }
        burst.keys += key;
        burst.last = time;
    };
}

/** A swipe older than this (in seconds, server time) is not shown any more. */
export const SWIPE_MAX_AGE_S = 5;

/**
 * Which swipes pushed by the bus a tab shows. Odoo's bus resends a tab that connects every
 * notification of the last ~50 s, and resends missed ones after a reconnection: a tab shows a
 * swipe once (by swipe id), only if it was sent after the tab started listening and not more
 * than SWIPE_MAX_AGE_S ago.
 *
 * `sent_at` is the server's clock; the tab's clock may be off by minutes. The offset
 * server − tab is estimated from below: from the server time written into the page
 * (`session.fuxi_server_time`, rendered before this script ran) and from every swipe received
 * (sent before it arrived). An estimate from below never makes a fresh swipe look old; a
 * replay looks old by as long as the tab has been open before it arrived (tens of seconds)
 * minus the page's loading time.
 */
export function makeSwipeFilter({
    serverTime,
    now = () => Date.now(),
    memory = 500,
} = {}) {
    const listeningSince = now();
    let offset =
        typeof serverTime === "number" ? serverTime * 1000 - listeningSince : 0;
    const seen = new Set();
    const order = [];
    return function accept(payload) {
        const id = payload.swipe_id;
        if (id) {
            if (seen.has(id)) {
                return false;
            }
            seen.add(id);
            order.push(id);
            if (order.length > memory) {
                seen.delete(order.shift());
            }
        }
        if (typeof payload.sent_at !== "number") {
            return true;
        }
        const sentAt = payload.sent_at * 1000;
        const arrived = now();
        offset = Math.max(offset, sentAt - arrived);
        const serverNow = arrived + offset;
        const serverListeningSince = listeningSince + offset;
        return (
            sentAt >= serverListeningSince &&
            serverNow - sentAt <= SWIPE_MAX_AGE_S * 1000
        );
    };
}

/** A mainland China mobile number (as the server normalises it: no country code). */
export function isMobileNumber(number) {
    return /^1\d{10}$/.test(number || "");
}

export const fuxiCardSwipeService = {
    dependencies: [
        "action",
        "bus_service",
        "notification",
        "dialog",
        "orm",
        "fuxi_guest",
        "barcode",
    ],
    start(env, {action, bus_service, notification, dialog, orm, fuxi_guest, barcode}) {
        /** The guest form, with the caller's number as mobile (11 digits from 1) or phone. */
        function newGuestWithNumber(number) {
            const field = isMobileNumber(number) ? "mobile" : "phone";
            return action.doAction({
                type: "ir.actions.act_window",
                res_model: "res.partner",
                views: [[false, "form"]],
                target: "current",
                context: {default_is_fuxi_customer: true, [`default_${field}`]: number},
            });
        }

        async function handle(payload) {
            switch (payload.result) {
                case "known":
                case "bound":
                    if (payload.result === "bound") {
                        notification.add(
                            _t(
                                "Card %s is now %s's card.",
                                payload.identifier,
                                payload.partner_name
                            ),
                            {
                                type: "success",
                            }
                        );
                    }
                    await fuxi_guest.identify(payload.partner_id, {
                        source: payload.kind === "phone" ? "phone" : "card",
                        profile: payload.profile || undefined,
                    });
                    break;
                case "blocked":
                    notification.add(
                        _t(
                            "Card %s of %s is not active (%s): do not serve it as a membership card.",
                            payload.identifier,
                            payload.partner_name,
                            payload.card_state_label
                        ),
                        {type: "danger", title: _t("Blocked card"), sticky: true}
                    );
                    break;
                case "unknown":
                    dialog.add(UnknownCardDialog, {
                        number: payload.identifier,
                        kind: payload.source === "typed" ? "magstripe" : "contactless",
                    });
                    break;
                case "ambiguous":
                    dialog.add(CardChoiceDialog, {
                        identifier: payload.identifier,
                        matches: payload.matches || [],
                        onChoose: (partnerId) =>
                            fuxi_guest.identify(partnerId, {source: "phone"}),
                    });
                    break;
                case "no_match": {
                    // a first-time caller: offer to register them with the number now,
                    // while they are on the line (for those who may create guests)
                    const canCreate = await user.hasGroup(
                        "fuxi_customer.group_fuxi_customer_user"
                    );
                    notification.add(
                        _t("No guest has the number %s.", payload.identifier),
                        {
                            type: "warning",
                            title: _t("Incoming call"),
                            // kept until dismissed: the call lasts longer than a toast
                            sticky: canCreate,
                            buttons: canCreate
                                ? [
                                      {
                                          name: _t("New guest with this number"),
                                          primary: true,
                                          onClick: () =>
                                              newGuestWithNumber(payload.identifier),
                                      },
                                  ]
                                : [],
                        }
                    );
                    break;
                }
            }
        }

        async function resolveTyped(number) {
            if (!user.userId) {
                return;
            }
            const payload = await orm.call("fuxi.card.swipe", "resolve_typed", [
                number,
            ]);
            await handle(payload);
        }

        const accept = makeSwipeFilter({serverTime: session.fuxi_server_time});
        async function onSwipe(payload) {
            if (accept(payload)) {
                await handle(payload);
            }
        }
        bus_service.subscribe("fuxi_card/swipe", onSwipe);
        bus_service.start();

        // typed anywhere but in a text field: Odoo's barcode service
        barcode.bus.addEventListener("barcode_scanned", async (ev) => {
            const code = ev.detail.barcode;
            if (!isTrackData(code)) {
                return;
            }
            const number = parseMagstripe(code);
            if (number) {
                await resolveTyped(number);
            }
        });
        // typed into a text field (e.g. a list's search box that has the focus)
        browser.addEventListener("keydown", makeWedgeCatcher(resolveTyped), true);

        return {handle, onSwipe, parseMagstripe, newGuestWithNumber};
    },
};

registry.category("services").add("fuxi_card_swipe", fuxiCardSwipeService);
