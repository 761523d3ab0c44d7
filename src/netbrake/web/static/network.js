// Draws a network with Cytoscape.js from the JSON block the page carries (no other fetch).
(function () {
  var data = document.getElementById("graph-elements");
  var box = document.getElementById("graph");
  if (!data || !box || typeof cytoscape !== "function") { return; }
  var colours = { seller: "#c0392b", buyer: "#8e44ad", aggregator: "#d35400", trader: "#2980b9",
                  backup: "#16a085", watchdog: "#7f8c8d", touched: "#95a5a6", benign: "#bdc3c7" };
  var cy = cytoscape({
    container: box,
    elements: JSON.parse(data.textContent),
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 8, "width": 14, "height": 14,
        "background-color": function (n) { return colours[n.data("role")] || "#34495e"; } } },
      { selector: "node[?central]", style: { "border-width": 3, "border-color": "#000", "width": 22, "height": 22 } },
      { selector: "edge", style: { "width": 1, "line-color": "#aab" } },
      { selector: "edge[kind = 'same_person']", style: { "line-style": "dashed", "line-color": "#555" } }
    ],
    layout: { name: "cose", animate: false, randomize: false }
  });
  window.netbrakeGraph = cy;
  box.setAttribute("data-nodes", String(cy.nodes().length));
  box.setAttribute("data-rendered", "true");
})();
