import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { CardChoiceDialog, UnknownCardDialog } from "./card_dialogs";

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

export const fuxiCardSwipeService = {
    dependencies: ["bus_service", "notification", "dialog", "orm", "fuxi_guest", "barcode"],
    start(env, { bus_service, notification, dialog, orm, fuxi_guest, barcode }) {
        async function handle(payload) {
            switch (payload.result) {
                case "known":
                case "bound":
                    if (payload.result === "bound") {
                        notification.add(_t("Card %s is now %s's card.", payload.identifier, payload.partner_name), {
                            type: "success",
                        });
                    }
                    await fuxi_guest.identify(payload.partner_id, {
                        source: payload.kind === "phone" ? "phone" : "card",
                        profile: payload.profile || undefined,
                    });
                    break;
                case "blocked":
                    notification.add(
                        _t("Card %s of %s is not active (%s): do not serve it as a membership card.", payload.identifier, payload.partner_name, payload.card_state_label),
                        { type: "danger", title: _t("Blocked card"), sticky: true }
                    );
                    break;
                case "unknown":
                    dialog.add(UnknownCardDialog, { number: payload.identifier });
                    break;
                case "ambiguous":
                    dialog.add(CardChoiceDialog, {
                        identifier: payload.identifier,
                        matches: payload.matches || [],
                        onChoose: (partnerId) => fuxi_guest.identify(partnerId, { source: "phone" }),
                    });
                    break;
                case "no_match":
                    notification.add(_t("No guest has the number %s.", payload.identifier), {
                        type: "warning",
                        title: _t("Incoming call"),
                    });
                    break;
            }
        }

        bus_service.subscribe("fuxi_card/swipe", (payload) => handle(payload));
        bus_service.start();

        barcode.bus.addEventListener("barcode_scanned", async (ev) => {
            const code = ev.detail.barcode;
            if (!isTrackData(code)) {
                return;
            }
            const number = parseMagstripe(code);
            if (!number || !user.userId) {
                return;
            }
            const payload = await orm.call("fuxi.card.swipe", "resolve_typed", [number]);
            await handle(payload);
        });

        return { handle, parseMagstripe };
    },
};

registry.category("services").add("fuxi_card_swipe", fuxiCardSwipeService);
