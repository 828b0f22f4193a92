import {registry} from "@web/core/registry";

/**
 * A manager reading Chinese opens 地区消费统计, shows it, and reads it as a list, a pivot
 * (province → city) and a graph; then the price trend of the menu as a graph.
 */
registry.category("web_tour.tours").add("fuxi_analytics_region_statistic", {
    steps: () => [
        {
            content: "The statistic's form opens in a dialog, in Chinese",
            trigger: ".modal .o_field_widget[name=statistic]",
        },
        {
            content: "Show the statistic",
            trigger: ".modal-footer button:contains(显示统计)",
            run: "click",
        },
        {
            content: "The ranked list names the city and its share of revenue",
            trigger: ".o_list_view .o_data_row:contains(巡检市):contains(%)",
        },
        {
            content: "Open the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot rolls the city up to its province",
            trigger: ".o_pivot:contains(巡检省):contains(巡检市)",
        },
        {
            content: "Open the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_renderer canvas",
        },
    ],
});

registry.category("web_tour.tours").add("fuxi_analytics_price_trend", {
    steps: () => [
        {
            content: "The price trend opens as a line graph",
            trigger: ".o_graph_renderer canvas",
        },
        {
            content: "Open the pivot",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the dish category",
            trigger: ".o_pivot:contains(巡检类别)",
        },
    ],
});
