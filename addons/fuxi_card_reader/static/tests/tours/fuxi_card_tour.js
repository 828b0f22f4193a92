import {registry} from "@web/core/registry";

function typeLikeAReader(text) {
    // the list view puts the focus in its search box: the staff member clicks the page first
    document.activeElement?.blur();
    for (const key of [...text, "Enter"]) {
        document.body.dispatchEvent(
            new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true})
        );
    }
}

/** A magnetic-stripe reader in keyboard mode types track 2 (here with a layout that turned
 * ";" into "ñ" and "?" into "_"): the guest's profile opens. */
registry.category("web_tour.tours").add("fuxi_card_wedge_swipe", {
    url: "/odoo/action-fuxi_card_reader.action_fuxi_card",
    steps: () => [
        {
            content: "The backend is ready (the card list is shown)",
            trigger: ".o_list_view",
        },
        {
            content: "Swipe the card",
            trigger: ".o_list_view",
            run: () => typeLikeAReader("ñ6228480402561234=2512_"),
        },
        {
            content: "The guest's profile opens",
            trigger:
                ".o_fuxi_guest_profile_action .o_fuxi_guest_name:contains(磁条卡巡回客)",
        },
    ],
});

/** A manager creates a reader's token: the dialog shows it (from the button's answer, not
 * from a stored field), and the reader then shows only its first characters. */
registry.category("web_tour.tours").add("fuxi_card_reader_token_shown_once", {
    steps: () => [
        {
            content: "Create the reader's token",
            trigger: ".o_form_view button[name=action_new_token]:visible",
            run: "click",
        },
        {
            content: "The dialog shows the token; remember it",
            trigger: ".modal div[name=token] span:not(:empty)",
            run() {
                const token = document
                    .querySelector(".modal div[name=token] span")
                    .textContent.trim();
                if (token.length < 40) {
                    throw new Error(`the dialog shows no token: "${token}"`);
                }
                window.__fuxiCardToken = token;
            },
        },
        {
            content: "Close the dialog",
            trigger: ".modal footer button.btn-primary",
            run: "click",
        },
        {
            content: "The reader shows the token's first characters only",
            trigger:
                ".o_form_view:not(:has(.modal)) div[name=token_hint] span:not(:empty)",
            run() {
                const hint = document
                    .querySelector("div[name=token_hint] span")
                    .textContent.trim();
                if (!hint.startsWith(window.__fuxiCardToken.slice(0, 6))) {
                    throw new Error(
                        `hint "${hint}" is not the start of the token shown`
                    );
                }
            },
        },
    ],
});
