// Camera footprints on the map: each vehicle's `footprint` (the four
// corners of what its camera sees on the sea) as a polygon, dashed when
// `clipped` (the view reaches the horizon: the polygon is cut short), the
// selected vehicle's drawn stronger; and the point its gimbal looks at
// (`gimbal.roi`) as a ringed dot. Updates are drawn once per animation
// frame, and a polygon is touched only when its corners change.

const STYLE = { color: '#00e5ff', weight: 2, opacity: 0.9, fillColor: '#00e5ff', fillOpacity: 0.08, interactive: false };

const cornersOf = (v) => {
  const c = v?.footprint?.corners;
  if (!Array.isArray(c) || c.length < 3) return null;
  const ll = c.filter((p) => Number.isFinite(p?.lat) && Number.isFinite(p?.lon)).map((p) => [p.lat, p.lon]);
  return ll.length >= 3 ? ll : null;
};

/** createFootprints draws on the Leaflet map (null: does nothing). Returns {update(v), remove(id), select(id)}. */
export function createFootprints(map) {
  const L = window.L;
  if (!map || !L) return { update() {}, remove() {}, select() {} };
  const shown = new Map(); // id -> {poly, roi, key, roiKey, clipped}
  const pending = new Map();
  let selected = null;
  let frame = 0;

  const style = (id, clipped) => ({
    ...STYLE,
    weight: id === selected ? 3 : 2,
    fillOpacity: id === selected ? 0.15 : 0.08,
    dashArray: clipped ? '8 6' : null,
  });

  function draw(v) {
    let s = shown.get(v.id);
    if (!s) {
      s = { poly: null, roi: null, key: '', roiKey: '', clipped: false };
      shown.set(v.id, s);
    }
    const ll = cornersOf(v);
    const key = ll ? JSON.stringify(ll) : '';
    const clipped = !!v.footprint?.clipped;
    if (!ll && s.poly) {
      s.poly.remove();
      s.poly = null;
    } else if (ll && !s.poly) {
      s.poly = L.polygon(ll, { ...style(v.id, clipped), className: 'footprint' }).addTo(map);
      const e = s.poly.getElement();
      if (e) e.dataset.testid = `footprint-${v.id}`;
    } else if (ll && key !== s.key) {
      s.poly.setLatLngs(ll);
    }
    if (s.poly && (clipped !== s.clipped || key !== s.key)) s.poly.setStyle(style(v.id, clipped));
    if (s.poly) s.poly.getElement()?.setAttribute('data-clipped', String(clipped));
    s.key = key;
    s.clipped = clipped;

    const roi = v.gimbal?.roi;
    const roiKey = roi && Number.isFinite(roi.lat) && Number.isFinite(roi.lon) ? `${roi.lat},${roi.lon}` : '';
    if (!roiKey && s.roi) {
      s.roi.remove();
      s.roi = null;
    } else if (roiKey && !s.roi) {
      s.roi = L.circleMarker([roi.lat, roi.lon], { radius: 6, color: '#ff00d4', weight: 3, fillColor: '#fff', fillOpacity: 1, className: 'roi', interactive: false }).addTo(map);
      const e = s.roi.getElement();
      if (e) e.dataset.testid = `roi-${v.id}`;
    } else if (roiKey && roiKey !== s.roiKey) {
      s.roi.setLatLng([roi.lat, roi.lon]);
    }
    s.roiKey = roiKey;
  }

  function flush() {
    frame = 0;
    for (const v of pending.values()) {
      try {
        draw(v);
      } catch (err) {
        console.error('skerry: footprint', err);
      }
    }
    pending.clear();
  }

  return {
    update(v) {
      if (!v?.id) return;
      if (!shown.has(v.id) && !cornersOf(v) && !v.gimbal?.roi) return;
      pending.set(v.id, v);
      if (!frame) frame = requestAnimationFrame(flush);
    },
    remove(id) {
      pending.delete(id);
      const s = shown.get(id);
      s?.poly?.remove();
      s?.roi?.remove();
      shown.delete(id);
    },
    select(id) {
      const was = selected;
      selected = id;
      for (const vid of [was, id]) {
        const s = shown.get(vid);
        if (s?.poly) s.poly.setStyle(style(vid, s.clipped));
      }
    },
  };
}
