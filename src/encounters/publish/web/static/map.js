// The incident map: Leaflet (bundled), incidents from /api/map with the list's filters. Incidents that
// share a place are drawn as one circle with their number, whose popup lists them; colours give the worst
// outcome, explained in the legend. With no tile server configured (or none reachable) it still works:
// bundled US state outlines and a latitude/longitude grid stand in.
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { worldCopyJump: true }).setView([39.5, -98.35], 4);
  var tiles = el.getAttribute("data-tiles");
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: "map tiles: " + new URL(tiles.replace(/[{}]/g, "")).host }).addTo(map);
  }
  fetch("/static/geo/us-states.geojson").then(function (r) { return r.json(); }).then(function (states) {
    L.geoJSON(states, { interactive: false, style: { color: "#888", weight: 1, fillColor: "#fff", fillOpacity: 0.8 } })
      .addTo(map).bringToBack();
  }).catch(function () { /* the grid below still orients the reader */ });
  for (var lat = -80; lat <= 80; lat += 10) {
    L.polyline([[lat, -180], [lat, 180]], { color: "#bbb", weight: 1, interactive: false }).addTo(map);
  }
  for (var lon = -180; lon <= 180; lon += 10) {
    L.polyline([[-85, lon], [85, lon]], { color: "#bbb", weight: 1, interactive: false }).addTo(map);
  }
  var COLOURS = { killed: "#8a1c1c", injured: "#c46a00", unharmed: "#355c7d", unknown: "#7a7a7a" };
  var RANK = { killed: 3, injured: 2, unharmed: 1, unknown: 0 };
  var legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    var box = L.DomUtil.create("div", "legend");
    box.id = "map-legend";
    box.appendChild(text("strong", "Worst outcome"));
    ["killed", "injured", "unharmed", "unknown"].forEach(function (k) {
      var row = document.createElement("div");
      var dot = document.createElement("i");
      dot.style.background = COLOURS[k];
      row.appendChild(dot);
      row.appendChild(document.createTextNode(k === "unknown" ? "not reported" : k));
      box.appendChild(row);
    });
    box.appendChild(text("div", "A number: incidents at one place"));
    return box;
  };
  legend.addTo(map);
  function text(tag, value) { var n = document.createElement(tag); n.textContent = value; return n; }
  function describe(p) {
    var box = document.createElement("div");
    var link = text("a", (p.date || p.date_from || "date unknown") + " — " + [p.city, p.state].filter(Boolean).join(", "));
    link.href = "/incidents/" + encodeURIComponent(p.id);
    box.appendChild(link);
    if (p.subjects) { box.appendChild(text("div", p.subjects)); }
    box.appendChild(text("div", "killed: " + (p.killed == null ? "?" : p.killed) + ", injured: " + (p.injured == null ? "?" : p.injured)));
    if (p.agencies) { box.appendChild(text("div", p.agencies.split(",").join(", "))); }
    return box;
  }
  fetch(el.getAttribute("data-source"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var places = {}, order = [];
      (data.features || []).forEach(function (f) {
        var c = f.geometry.coordinates, key = c[1].toFixed(4) + "," + c[0].toFixed(4);
        if (!places[key]) { places[key] = { lat: c[1], lon: c[0], items: [] }; order.push(key); }
        places[key].items.push(f.properties);
      });
      var group = L.featureGroup(), clusters = 0;
      order.forEach(function (key) {
        var place = places[key], n = place.items.length;
        var worst = place.items.reduce(function (w, p) { return RANK[p.outcome || "unknown"] > RANK[w] ? (p.outcome || "unknown") : w; }, "unknown");
        var colour = COLOURS[worst];
        var popup = document.createElement("div");
        if (n > 1) { popup.appendChild(text("strong", n + " incidents here")); }
        place.items.forEach(function (p) { popup.appendChild(describe(p)); });
        var marker = L.circleMarker([place.lat, place.lon], { radius: n > 1 ? Math.min(7 + 3 * Math.sqrt(n), 22) : 7,
          color: colour, fillColor: colour, fillOpacity: 0.75, className: n > 1 ? "cluster" : "point" }).bindPopup(popup);
        if (n > 1) {
          clusters += 1;
          marker.bindTooltip(String(n), { permanent: true, direction: "center", className: "cluster-label" });
        }
        marker.addTo(group);
      });
      group.addTo(map);
      if (group.getLayers().length) { map.fitBounds(group.getBounds().pad(0.2), { maxZoom: 8 }); }
      el.setAttribute("data-places", String(group.getLayers().length));
      el.setAttribute("data-clusters", String(clusters));
      el.setAttribute("data-loaded", String((data.features || []).length));
    })
    .catch(function (err) { el.setAttribute("data-error", String(err)); });
})();
