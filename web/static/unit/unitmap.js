// The units' page's map: Leaflet, offline (the station's basemap — its
// coastline, port areas and land — loaded once after the incidents, cached
// by the browser for an hour; no tiles, no world overview: they would cost
// more than a session's data). On it the unit's area, each incident
// coloured by severity, its vessels where they are now with their thinned
// tracks and course, and the drones watching them. Without Leaflet the
// page still lists the incidents.
import { drawLand, osmCredit } from '/static/basemap.js';

const CENTRE = [36.13, -5.43];
const SEV = { high: '#d40000', medium: '#e08a00', low: '#5a6a7a' };

/** createUnitMap draws into el; onPick(id) is called when an incident's marker is tapped. */
export function createUnitMap(el, onPick) {
  const L = window.L;
  if (!L) {
    el.classList.add('map-missing');
    el.textContent = 'Map library missing: the list still works.';
    return { update() {}, focus() {}, loadBasemap() {}, invalidate() {}, reset() {} };
  }
  const map = L.map(el, { center: CENTRE, zoom: 11, zoomControl: true, attributionControl: true });
  map.attributionControl.setPrefix('Leaflet');
  L.control.scale({ imperial: true }).addTo(map);
  const renderer = L.canvas({ padding: 0.3 });
  const layer = L.layerGroup().addTo(map);
  let area = null;
  let fitted = false;
  let basemapAsked = false;
  const markers = new Map(); // incident id -> marker

  function drawArea(a) {
    if (area || !a) return;
    const style = { color: '#9ec9ff', weight: 1.5, dashArray: '6 6', fill: false, interactive: false };
    if (Array.isArray(a.polygon) && a.polygon.length >= 3) area = L.polygon(a.polygon.map(([lon, lat]) => [lat, lon]), style);
    else if (a.radius_m > 0) area = L.circle([a.lat, a.lon], { ...style, radius: a.radius_m });
    area?.addTo(map);
  }

  function vesselIcon(v, colour) {
    const turn = Number.isFinite(v.cog_deg) ? v.cog_deg : 0;
    const shape = Number.isFinite(v.cog_deg) ? 'M0,-11 L7,9 L0,5 L-7,9 Z' : 'M-6,-6 L6,-6 L6,6 L-6,6 Z';
    return L.divIcon({
      className: 'uv-mark', iconSize: [26, 26], iconAnchor: [13, 13],
      html: `<svg viewBox="-13 -13 26 26" width="26" height="26" aria-hidden="true"><path transform="rotate(${turn})" d="${shape}" fill="${colour}" stroke="#fff" stroke-width="1.5"/></svg>`,
    });
  }

  const droneIcon = L.divIcon({
    className: 'uv-mark', iconSize: [22, 22], iconAnchor: [11, 11],
    html: '<svg viewBox="-11 -11 22 22" width="22" height="22" aria-hidden="true"><path d="M0,-9 L9,0 L0,9 L-9,0 Z" fill="#00c2a8" stroke="#fff" stroke-width="1.5"/></svg>',
  });

  function update(view) {
    drawArea(view.unit?.area);
    layer.clearLayers();
    markers.clear();
    const bounds = [];
    for (const inc of view.incidents || []) {
      const colour = SEV[inc.severity] || SEV.low;
      const closed = inc.state === 'closed';
      for (const v of inc.vessels || []) {
        if (v.track?.length > 1) L.polyline(v.track, { renderer, color: colour, weight: 2, opacity: closed ? 0.3 : 0.8, dashArray: '4 4', interactive: false }).addTo(layer);
        if (Number.isFinite(v.lat) && Number.isFinite(v.lon)) {
          const name = v.name || (v.mmsi ? `MMSI ${v.mmsi}` : v.target);
          L.marker([v.lat, v.lon], { icon: vesselIcon(v, colour), title: name, keyboard: false, opacity: closed ? 0.5 : 1 })
            .on('click', () => onPick(inc.id)).addTo(layer);
          bounds.push([v.lat, v.lon]);
        }
      }
      for (const d of inc.watchers || []) {
        if (Number.isFinite(d.lat) && Number.isFinite(d.lon)) {
          L.marker([d.lat, d.lon], { icon: droneIcon, title: `Drone ${d.id} watching`, keyboard: false }).addTo(layer);
        }
      }
      const m = L.circleMarker([inc.lat, inc.lon], {
        renderer, radius: 14, color: colour, weight: 3, fillColor: colour, fillOpacity: closed ? 0.1 : 0.3, opacity: closed ? 0.5 : 1,
      }).on('click', () => onPick(inc.id)).addTo(layer);
      markers.set(inc.id, m);
      bounds.push([inc.lat, inc.lon]);
    }
    if (!fitted && bounds.length) {
      fitted = true;
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
    }
    el.dataset.incidents = String(markers.size);
  }

  function focus(inc) {
    if (inc) map.setView([inc.lat, inc.lon], Math.max(map.getZoom(), 13));
  }

  // The basemap is fetched once the incidents are shown, so that a slow
  // link gives the list first.
  async function loadBasemap() {
    if (basemapAsked) return;
    basemapAsked = true;
    try {
      const res = await fetch('/api/basemap');
      if (!res.ok) return;
      const data = await res.json();
      drawLand(L, map, data);
      L.geoJSON(data, {
        interactive: false,
        attribution: osmCredit((data.features || []).filter((f) => f?.properties?.kind === 'coastline')),
        filter: (f) => ['coastline', 'port'].includes(f.properties?.kind),
        style: (f) => (f.properties.kind === 'port'
          ? { color: '#c9a227', weight: 1, fillColor: '#c9a227', fillOpacity: 0.12 }
          : { color: '#e8e4d8', weight: 1.5 }),
      }).addTo(map);
      el.dataset.basemap = 'loaded';
    } catch (err) {
      console.warn('basemap:', err);
    }
  }

  /** reset forgets the unit drawn (another token opens the page). */
  function reset() {
    area?.remove();
    area = null;
    fitted = false;
    layer.clearLayers();
    markers.clear();
    el.dataset.incidents = '0';
  }

  return { update, focus, loadBasemap, reset, invalidate: () => map.invalidateSize() };
}
