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
