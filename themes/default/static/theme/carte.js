// Carte des lieux (Leaflet) ; la même liste est lisible sans JavaScript sous la carte.
(function () {
  var zone = document.getElementById("carte");
  var data = document.getElementById("carte-donnees");
  if (!zone || !data || typeof L === "undefined") return;
  var points = JSON.parse(data.textContent);
  if (!points.length) return;
  zone.hidden = false;
  var map = L.map(zone, { scrollWheelZoom: false });
  L.tileLayer(zone.dataset.tuiles, { attribution: zone.dataset.attribution, maxZoom: 19 }).addTo(map);
  var bounds = [];
  points.forEach(function (p) {
    var link = document.createElement("a");
    link.href = p.href;
    link.textContent = p.nom;
    L.marker([p.lat, p.lon], { title: p.nom, alt: p.nom }).addTo(map).bindPopup(link);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length === 1) map.setView(bounds[0], 14); else map.fitBounds(bounds, { padding: [30, 30] });
})();
