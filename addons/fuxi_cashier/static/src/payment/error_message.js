import {_t} from "@web/core/l10n/translation";
import {ConnectionLostError} from "@web/core/network/rpc";

/** The sentence to show in the panel for a refused or failed request. */
export function errorMessage(error) {
    if (error instanceof ConnectionLostError) {
        return _t(
            "The server cannot be reached: tap again, nothing is recorded twice."
        );
    }
    return error?.data?.message || error?.message || String(error);
}
