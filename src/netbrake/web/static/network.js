// Draws a network with Cytoscape.js from the JSON block the page carries (no other fetch).
// Colours come with the elements (the legend uses the same table); only central accounts
// and seeds carry a label, every node names itself in the tooltip on hover.
(function () {
  var data = document.getElementById("graph-elements");
  var box = document.getElementById("graph");
  var tip = document.getElementById("graph-tip");
  if (!data || !box || typeof cytoscape !== "function") { return; }
  var cy = cytoscape({
    container: box,
    elements: JSON.parse(data.textContent),
    style: [
      { selector: "node", style: { "label": "", "font-size": 8, "width": 14, "height": 14,
        "background-color": "data(colour)" } },
      { selector: "node[?labelled]", style: { "label": "data(label)" } },
      { selector: "node[?central]", style: { "border-width": 3, "border-color": "#000", "width": 22, "height": 22 } },
      { selector: "node[?seed]", style: { "shape": "diamond" } },
      { selector: "edge", style: { "width": 1, "line-color": "#aab" } },
      { selector: "edge[kind = 'same_person']", style: { "line-style": "dashed", "line-color": "#555" } }
    ],
    layout: { name: "cose", animate: false, randomize: false }
  });
  if (tip) {
    cy.on("mouseover", "node", function (event) {
      var at = event.target.renderedPosition();
      tip.textContent = event.target.data("title");
      tip.style.left = Math.round(at.x + 12) + "px";
      tip.style.top = Math.round(at.y + 12) + "px";
      tip.hidden = false;
    });
    cy.on("mouseout", "node", function () { tip.hidden = true; });
  }
  window.netbrakeGraph = cy;
  box.setAttribute("data-nodes", String(cy.nodes().length));
  box.setAttribute("data-labelled", String(cy.nodes("[?labelled]").length));
  box.setAttribute("data-rendered", "true");
})();
