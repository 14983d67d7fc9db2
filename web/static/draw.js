// Geometry input on the map. Drawing: click points to make a line, a
// polygon or one point; Enter (or finish()) ends, Escape cancels,
// Backspace removes the last point; addCentre() adds the map's centre, so
// the keyboard alone can draw (pan with the arrow keys, then add). A point
// ends at its first click. Picking: the next click that hits something
// (the finder decides, see planpick.js) gives its geometry; Escape cancels.

const MIN = { point: 1, line: 2, polygon: 3 };

/**
 * createDrawer draws on map. onState({drawing, shape, count, message}) is
 * called on every change, so the panel can show what to do next.
 */
export function createDrawer(L, map, onState) {
  const layer = L.layerGroup().addTo(map);
  let shape = null; // null when idle
  let points = [];
  let done = null;
  let finder = null; // set while picking

  const state = (message) => onState({ drawing: Boolean(shape) && !finder, picking: Boolean(finder), shape, count: points.length, message });

  function render() {
    layer.clearLayers();
    if (!shape) return;
    const style = { className: 'draw-line', color: '#00e5ff', weight: 3, dashArray: '6 4', interactive: false };
    if (shape === 'polygon' && points.length >= 3) L.polygon(points, { ...style, fillOpacity: 0.1 }).addTo(layer);
    else if (points.length >= 2) L.polyline(points, style).addTo(layer);
    points.forEach((p, i) => L.circleMarker(p, {
      className: 'draw-vertex', radius: i === points.length - 1 ? 6 : 4, color: '#000', weight: 2,
      fillColor: '#00e5ff', fillOpacity: 1, interactive: false,
    }).addTo(layer));
  }

  function add(latlng) {
    points.push([latlng.lat, latlng.lng]);
    render();
    if (shape === 'point') return finish();
    state(hint());
    return true;
  }

  function hint() {
    const need = MIN[shape] - points.length;
    const what = shape === 'line' ? 'line' : 'area';
    return need > 0
      ? `Click ${need} more point${need === 1 ? '' : 's'} for the ${what}. Backspace removes the last, Escape cancels.`
      : `${points.length} points. Click to add, Enter or Finish to end, Backspace removes the last, Escape cancels.`;
  }

  const onClick = (e) => {
    if (!finder) { add(e.latlng); return; }
    const hit = finder(e.latlng);
    if (!hit) { state(`Nothing to pick there: click on or near a ${shape === 'line' ? 'coastline' : 'port area'}, or Escape.`); return; }
    const cb = done;
    stop();
    state(`Picked ${hit.label}.`);
    cb(hit);
  };
  function onKey(e) {
    if (!shape) return;
    const t = e.target;
    const typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable);
    if (e.key === 'Escape') { e.preventDefault(); cancel(); return; }
    if (typing || finder || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter' && t?.tagName !== 'BUTTON') { e.preventDefault(); finish(); }
    if (e.key === 'Backspace') { e.preventDefault(); undo(); }
  }

  function stop() {
    shape = null;
    finder = null;
    map.off('click', onClick);
    document.removeEventListener('keydown', onKey, true);
    map.getContainer().classList.remove('drawing', 'picking');
    map.doubleClickZoom.enable();
    layer.clearLayers();
  }

  /** Ends the drawing; false (and a message) when too few points. */
  function finish() {
    if (!shape || finder) return false;
    if (points.length < MIN[shape]) {
      state(`Not enough points yet. ${hint()}`);
      return false;
    }
    const pts = points;
    const cb = done;
    stop();
    state('');
    cb(pts);
    return true;
  }

  function cancel() {
    if (!shape) return;
    stop();
    state('Drawing cancelled.');
  }

  function undo() {
    if (!shape || !points.length) return;
    points.pop();
    render();
    state(hint());
  }

  return {
    /** Starts drawing shape ('line', 'polygon' or 'point'); onDone(points [lat, lon]) at the end. */
    start(s, onDone) {
      if (shape) stop();
      shape = s;
      points = [];
      done = onDone;
      map.on('click', onClick);
      document.addEventListener('keydown', onKey, true);
      map.getContainer().classList.add('drawing');
      map.doubleClickZoom.disable();
      render();
      state(shape === 'point'
        ? 'Click the point on the map (or Add map centre). Escape cancels.'
        : `Click the ${shape === 'line' ? 'line' : 'area'}'s points on the map. ${hint()}`);
    },
    /** Starts picking for shape: find(latlng) -> hit or null; onDone(hit) with the first hit. */
    pick(s, find, onDone) {
      if (shape) stop();
      shape = s;
      points = [];
      finder = find;
      done = onDone;
      map.on('click', onClick);
      document.addEventListener('keydown', onKey, true);
      map.getContainer().classList.add('picking');
      state(s === 'line' ? 'Click a coastline on the map (the part in view is taken). Escape cancels.'
        : s === 'polygon' ? 'Click a port area on the map. Escape cancels.'
          : 'Click a base or port (or any point) on the map. Escape cancels.');
    },
    finish,
    cancel,
    undo,
    /** Adds the map's centre as the next point. */
    addCentre() { if (shape && !finder) add(map.getCenter()); },
    get drawing() { return Boolean(shape) && !finder; },
    get picking() { return Boolean(finder); },
  };
}
