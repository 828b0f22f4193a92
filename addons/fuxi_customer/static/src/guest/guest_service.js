import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * One entry point to "identify a guest" at a station, whatever found them: a card swipe,
 * a caller ID, a search. Screens that can take the guest themselves (the front desk screen)
 * register a handler while they are open; the newest handler goes first. When none takes
 * the guest, the guest profile opens.
 */
export const fuxiGuestService = {
    dependencies: ["action", "orm"],
    start(env, {action, orm}) {
        const handlers = [];
        return {
            /**
             * @param {(partnerId: number, options: object) => boolean|Promise<boolean>} handler
             *   returns true when it took the guest
             * @returns {() => void} removes the handler
             */
            addHandler(handler) {
                handlers.push(handler);
                return () => {
                    const index = handlers.indexOf(handler);
                    if (index >= 0) {
                        handlers.splice(index, 1);
                    }
                };
            },
            /**
             * Guests for a search box (name, code, phone): the server's one definition,
             * res.partner.fuxi_search_guests.
             * @returns {Promise<{id: number, name: string, code: string, phone: string,
             *   customer_class: string, is_vip: boolean}[]>}
             */
            searchGuests(term, limit = 8) {
                return orm.call("res.partner", "fuxi_search_guests", [term], {limit});
            },
            loadProfile(partnerId) {
                return orm.call("res.partner", "get_fuxi_guest_profile", [[partnerId]]);
            },
            /**
             * @param {number} partnerId
             * @param {{source?: string, profile?: object}} [options]
             * @returns {Promise<"handled"|"opened">}
             */
            async identify(partnerId, options = {}) {
                for (const handler of [...handlers].reverse()) {
                    if (await handler(partnerId, options)) {
                        return "handled";
                    }
                }
                await action.doAction({
                    type: "ir.actions.client",
                    tag: "fuxi_guest_profile",
                    name: _t("Guest Profile"),
                    params: {
                        partner_id: partnerId,
                        profile: options.profile,
                        source: options.source,
                    },
                });
                return "opened";
            },
        };
    },
};

registry.category("services").add("fuxi_guest", fuxiGuestService);
