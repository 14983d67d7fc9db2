// The operation's airspace zones on the map, from
// GET /api/operation?geometry=1, coloured by restriction: PROHIBITED red,
// REQ_AUTHORISATION amber (dashed when the operation holds the
// authorisation), CONDITIONAL yellow, USPACE blue, NO_RESTRICTION a faint
// outline; the operation area as a thick dashed line.

/** Restriction -> [stroke, fill opacity, label]; also the panel's legend. */
export const ZONE_STYLES = {
  PROHIBITED: ['#e00000', 0.28, 'Prohibited'],
  REQ_AUTHORISATION: ['#ff9800', 0.24, 'Authorisation required'],
  CONDITIONAL: ['#ffe000', 0.2, 'Conditional'],
  USPACE: ['#4fc3ff', 0.14, 'U-space'],
  NO_RESTRICTION: ['#c8c8c8', 0.03, 'No restriction'],
};

function escapeHTML(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function tooltip(p) {
  const authorised = p.restriction === 'REQ_AUTHORISATION' && p.effect !== 'exclusion';
  // A zone of several layers is drawn one feature per layer, each with its own limits.
  const layer = p.volumes > 1 ? ` (layer ${Number(p.volume) + 1} of ${Number(p.volumes)})` : '';
  return `<strong>${escapeHTML(p.id)}</strong> ${escapeHTML(p.name)}<br>`
    + `${escapeHTML(p.restriction)}${authorised ? ' (authorisation held)' : ''}, ${escapeHTML(p.lower)} – ${escapeHTML(p.upper)}${layer}`
    + `${p.message ? `<br>${escapeHTML(p.message)}` : ''}`
    + `${p.conditions?.length ? `<br>${p.conditions.map(escapeHTML).join('; ')}` : ''}`;
}

/** createZoneLayer adds the zones' pane and layer to map; load() (re)fetches them. */
export function createZoneLayer(L, map) {
  const pane = map.createPane('skerry-zones');
  pane.style.zIndex = 410; // above the basemap, under the plan
  const layer = L.layerGroup().addTo(map);
  let zones = [];

  function style(p) {
    const [color, fill] = ZONE_STYLES[p.restriction] || ZONE_STYLES.PROHIBITED;
    const faint = p.restriction === 'NO_RESTRICTION';
    const held = p.effect === 'info' && p.restriction === 'REQ_AUTHORISATION';
    return {
      pane: 'skerry-zones', color, weight: faint ? 1 : 2, opacity: faint ? 0.6 : 1,
      dashArray: faint || held ? '4 6' : null, fillColor: color, fillOpacity: held ? fill / 3 : fill,
      className: `zone zone-${String(p.restriction).toLowerCase()}`,
    };
  }

  function draw(data) {
    layer.clearLayers();
    zones = data?.zone_features?.features || [];
    for (const f of zones) {
      const p = f.properties || {};
      const g = f.geometry;
      let shape = null;
      if (g?.type === 'Point' && p.radius > 0) {
        shape = L.circle([g.coordinates[1], g.coordinates[0]], { ...style(p), radius: p.radius });
      } else if (g?.type === 'Polygon' || g?.type === 'MultiPolygon') {
        shape = L.geoJSON(f, { pane: 'skerry-zones', style: () => style(p) });
      }
      if (!shape) continue;
      shape.bindTooltip(tooltip(p), { sticky: true, className: 'zone-tip' });
      shape.addTo(layer);
    }
    if (data?.area) {
      L.geoJSON(data.area, { pane: 'skerry-zones', interactive: false, style: { pane: 'skerry-zones', color: '#ffffff', weight: 3, dashArray: '10 6', fill: false, interactive: false, className: 'op-area' } }).addTo(layer);
    }
  }

  return {
    /** Fetches the operation's zones and redraws them; resolves to the zone count. */
    async load() {
      try {
        const res = await fetch('/api/operation?geometry=1');
        if (!res.ok) { draw(null); return 0; }
        draw(await res.json());
      } catch (err) {
        console.warn('zones:', err);
      }
      return zones.length;
    },
    get zones() { return zones; },
  };
}
