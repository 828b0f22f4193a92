import {_t} from "@web/core/l10n/translation";
import {browser} from "@web/core/browser/browser";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";
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

/**
 * Odoo's barcode service ignores what is typed into a text field (unless it carries
 * `data-enable-barcode`), and list and kanban views put the focus in their search box: a
 * swipe there would search for ";6228…?". This keydown handler (capture phase) watches bursts
 * typed into such fields; a burst that is track data and ends with Enter is taken out of the
 * field (its value restored) and given to `onTrack(number)` instead.
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
        if (ev.key === "Enter") {
            const number =
                fresh && isTrackData(burst.keys) ? parseMagstripe(burst.keys) : null;
            if (number) {
                ev.preventDefault();
                ev.stopImmediatePropagation();
                if (target.value !== burst.value) {
                    target.value = burst.value;
                    target.dispatchEvent(new Event("input", {bubbles: true}));
                }
                onTrack(number);
            }
            burst = null;
            return;
        }
        if (!ev.key || ev.key.length !== 1 || ev.ctrlKey || ev.metaKey) {
            burst = null;
            return;
        }
        if (!fresh) {
            burst = {target, value: target.value, keys: "", last: time};
        }
        burst.keys += ev.key;
        burst.last = time;
    };
}

export const fuxiCardSwipeService = {
    dependencies: [
        "bus_service",
        "notification",
        "dialog",
        "orm",
        "fuxi_guest",
        "barcode",
    ],
    start(env, {bus_service, notification, dialog, orm, fuxi_guest, barcode}) {
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
                case "no_match":
                    notification.add(
                        _t("No guest has the number %s.", payload.identifier),
                        {
                            type: "warning",
                            title: _t("Incoming call"),
                        }
                    );
                    break;
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

        bus_service.subscribe("fuxi_card/swipe", (payload) => handle(payload));
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

        return {handle, parseMagstripe};
    },
};

registry.category("services").add("fuxi_card_swipe", fuxiCardSwipeService);
