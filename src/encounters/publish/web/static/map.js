// The incident map: Leaflet (bundled), markers from /api/map. With no tile server configured
// (or none reachable) it still works: bundled US state outlines and a latitude/longitude grid stand in.
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
  function text(tag, value) { var n = document.createElement(tag); n.textContent = value; return n; }
  fetch(el.getAttribute("data-source"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var group = L.featureGroup();
      (data.features || []).forEach(function (f) {
        var p = f.properties, c = f.geometry.coordinates;
        var colour = p.outcome === "killed" ? "#8a1c1c" : (p.outcome === "injured" ? "#c46a00" : "#355c7d");
        var box = document.createElement("div");
        var link = text("a", (p.date || p.date_from || "date unknown") + " — " + [p.city, p.state].filter(Boolean).join(", "));
        link.href = "/incidents/" + encodeURIComponent(p.id);
        box.appendChild(link);
        box.appendChild(text("div", "killed: " + (p.killed == null ? "?" : p.killed) + ", injured: " + (p.injured == null ? "?" : p.injured)));
        if (p.agencies) { box.appendChild(text("div", p.agencies.split(",").join(", "))); }
        L.circleMarker([c[1], c[0]], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.7 })
          .bindPopup(box).addTo(group);
      });
      group.addTo(map);
      if (group.getLayers().length) { map.fitBounds(group.getBounds().pad(0.2), { maxZoom: 8 }); }
      el.setAttribute("data-loaded", String(group.getLayers().length));
    })
    .catch(function (err) { el.setAttribute("data-error", String(err)); });
})();
