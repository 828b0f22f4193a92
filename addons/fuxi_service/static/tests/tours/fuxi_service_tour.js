import { registry } from "@web/core/registry";

/** Any employee answers a guest from the systray: search, read, copy (counted). */
registry.category("web_tour.tours").add("fuxi_service_qa_quick_search", {
    url: "/odoo/action-fuxi_service.action_fuxi_qa",
    steps: () => [
        {
            content: "Wait for the page: a new action would close the dialog",
            trigger: ".o_list_view",
        },
        {
            content: "Open the standard Q&A from the top bar",
            trigger: ".o_fuxi_qa_open",
            run: "click",
        },
        {
            content: "Type the guest's question",
            trigger: ".o_fuxi_qa_input",
            run: "edit 客人问榴莲能不能带进来",
        },
        {
            content: "The answer is found and shown",
            trigger: ".o_fuxi_qa_result:contains(巡回测试) .o_fuxi_qa_answer:contains(门口寄存)",
        },
        {
            content: "Copy it",
            trigger: ".o_fuxi_qa_result:contains(巡回测试) .o_fuxi_qa_copy",
            run: "click",
        },
        {
            content: "Counted: the answer was given once",
            trigger: ".o_fuxi_qa_result:contains(巡回测试) .o_fuxi_qa_uses:contains(1)",
        },
        {
            content: "and the staff member is told it is copied",
            trigger: ".o_notification",
        },
    ],
});
