// Mission planning panel (plan-panel): choose a planner and its
// parameters, draw or pick its geometry on the map, make the plan (POST
// /api/plan/{kind}), see the route, coverage, fence, zones and every
// violation where it happens, drag waypoints (each move is re-checked with
// POST /api/check), upload to vehicles, start, follow progress, save,
// import and export. The pieces live in planform.js, planresult.js,
// planfleet.js, plansaved.js (panel) and draw.js, planpick.js,
// planlayer.js, zonelayer.js (map); this module holds the state and wires
// them. Its state object is window.skerry.plan for browser tests.
import { el } from './plandom.js';
import { createDrawer } from './draw.js';
import { pickFeature, seaSide } from './planpick.js';
import { createPlanLayer } from './planlayer.js';
import { createZoneLayer, ZONE_STYLES } from './zonelayer.js';
import { createPlanForm } from './planform.js';
import { createPlanResult } from './planresult.js';
import { createPlanFleet } from './planfleet.js';
import { createPlanSaved } from './plansaved.js';
import { KINDS, buildRequest, cameraCoverage } from './plankinds.js';
import { makePlan, checkPlan } from './planclient.js';
import { moveItem } from './planmodel.js';
import { toLatLon } from './plangeo.js';

const NO_MAP = { dragging: () => false, show: () => ({}), violations() {}, input() {}, progress() {}, focusViolation: () => false, located: () => null, fit() {}, clear() {} };

/**
 * createPlanPanel builds the panel into root over the console's map (the
 * object map.js returns: leaflet and basemap getters). It returns
 * {state, select(id), vehicle(v), fleet(list), operation()}.
 */
export function createPlanPanel(root, map) {
  const L = window.L;
  const lmap = map?.leaflet || null;
  const state = {
    kind: 'coast', points: [], source: '', request: null,
    plan: null, check: null, issues: [], coverage: null,
    saved: null, dirty: false, progress: { vehicle: null, current: -1, reached: -1 },
  };

  root.append(el('h2', { id: 'plan-h', textContent: 'Mission planning' }));
  const formBox = el('div', { className: 'plan-form' });
  const makeBtn = el('button', { type: 'button', className: 'primary', textContent: 'Make plan', testid: 'plan-make' });
  const fitBtn = el('button', { type: 'button', textContent: 'Show plan', testid: 'plan-fit', title: 'Fit the map to the plan' });
  const resultBox = el('div', { className: 'plan-result' });
  const flyBox = el('section', { className: 'plan-sub', ariaLabel: 'Fly the plan' }, el('h3', { textContent: 'Fly' }));
  const savedBox = el('section', { className: 'plan-sub', ariaLabel: 'Save and files' }, el('h3', { textContent: 'Save' }));
  const legend = el('ul', { className: 'zone-legend', ariaLabel: 'Zone colours' },
    ...Object.entries(ZONE_STYLES).map(([k, [color, , label]]) => el('li', { dataset: { restriction: k } },
      el('span', { className: 'swatch', style: `background:${color}` }), label)));
  root.append(formBox, el('div', { className: 'buttons' }, makeBtn, fitBtn), resultBox, flyBox, savedBox,
    el('h3', { textContent: 'Zones' }), legend);

  const layer = lmap ? createPlanLayer(L, lmap, { onMove: move, onRelease: () => { if (deferred) render(false); } }) : NO_MAP;
  const zones = lmap ? createZoneLayer(L, lmap) : { load: async () => 0 };
  const form = createPlanForm(formBox, {
    kind(k) {
      drawer?.cancel();
      if (KINDS[k].shape !== KINDS[state.kind]?.shape) { state.points = []; state.source = ''; }
      state.kind = k;
      showInput();
    },
    change: showInput,
    draw() {
      if (!drawer) return form.geometry({ message: 'No map: drawing needs the map library.' });
      drawer.start(KINDS[form.kind].shape, (pts) => setPoints(pts, 'drawn'));
    },
    pick() {
      if (!drawer) return form.geometry({ message: 'No map: picking needs the map library.' });
      const shape = KINDS[form.kind].shape;
      if (shape !== 'point' && !map.basemap) return form.geometry({ message: 'The basemap has not loaded: nothing to pick. Draw instead.' });
      drawer.pick(shape, (ll) => pickFeature(lmap, map.basemap, ll, shape), (hit) => setPoints(hit.points, hit.label));
    },
    centre: () => drawer?.addCentre(),
    finish: () => drawer?.finish(),
    cancel: () => drawer?.cancel(),
  });
  const drawer = lmap ? createDrawer(L, lmap, (s) => form.geometry(s)) : null;
  form.geometry({ drawing: false, picking: false, message: lmap ? 'Draw or pick the geometry on the map.' : 'No map: open a saved plan or import one.' });
  const result = createPlanResult(resultBox, (i) => layer.focusViolation(i));
  const fleet = createPlanFleet(flyBox, () => state.plan, (current, reached, vehicle) => {
    state.progress = { vehicle, current, reached };
    layer.progress(current, reached);
  }, () => { if (state.plan) recheck(); });
  const saved = createPlanSaved(savedBox, {
    current: () => (state.plan ? { plan: state.plan, kind: state.kind, request: state.request, check: state.check } : null),
    saved: () => state.saved,
    dirty: () => state.dirty,
    open(rec, issues) {
      if (KINDS[rec.kind]) restoreInput(rec.kind, rec.request);
      else { state.points = []; showInput(); form.geometry({ message: `${rec.kind === 'imported' ? 'Imported' : 'Saved'} plan: drag its waypoints, or draw a geometry to plan anew.` }); }
      load(rec.plan, { kind: rec.kind, request: rec.request, saved: { id: rec.id, version: rec.version, name: rec.name }, issues });
    },
    local(plan) { load(plan, { saved: null, issues: [] }); },
    savedAs(rec) { state.saved = { id: rec.id, version: rec.version, name: rec.name }; state.dirty = false; },
    async zones() { await zones.load(); if (state.plan) recheck(); },
  });

  function setPoints(pts, source) {
    state.points = pts;
    state.source = source;
    const n = pts.length;
    const side = form.kind === 'coast' ? ` The dashed line shows the sea side (${sea().side} of the line${sea().auto ? ', from the basemap' : ''}).` : '';
    form.geometry({ message: `${source === 'drawn' ? 'Drawn' : `Picked ${source}:`} ${n} point${n === 1 ? '' : 's'}.${side} Adjust the parameters, then Make plan.` });
    showInput();
    makeBtn.focus();
  }

  /** The coast's sea side: the form's, or with auto the basemap's (else left, the planner's default). */
  function sea() {
    const v = form.values();
    if (v.sea_side !== 'auto') return { side: v.sea_side, auto: false, offset: Number(v.offset) || 300 };
    return { side: seaSide(map.basemap, state.points) || 'left', auto: true, offset: Number(v.offset) || 300 };
  }

  function showInput() {
    layer.input(state.points, KINDS[form.kind].shape, form.kind === 'coast' ? sea() : null);
  }

  /** Restores the planner, its parameters and its input from a saved request. */
  function restoreInput(kind, req) {
    if (!KINDS[kind]) return;
    form.restore(kind, req);
    state.kind = kind;
    const g = req?.geometry;
    if (req?.at) state.points = [req.at];
    else if (g?.type === 'LineString') state.points = g.coordinates.map(toLatLon);
    else if (g?.type === 'Polygon') state.points = g.coordinates[0].slice(0, -1).map(toLatLon);
    showInput();
  }

  // A redraw while the pilot holds a waypoint waits for its release (or the
  // drag's end, which moves the waypoint and draws everything).
  let deferred = null;
  function render(fit) {
    if (layer.dragging()) {
      deferred = { fit: Boolean(fit || deferred?.fit) };
      return;
    }
    fit = fit || deferred?.fit;
    deferred = null;
    const drawn = layer.show(state.plan, state.check, state.coverage, fleet.home(state.check?.vehicle)) || {};
    const cov = drawn.coverage;
    const extra = cov ? `camera swath ${Math.round(cov.width)} m${cov.estimated ? ' (estimated)' : ''}${state.coverage?.gsd_cm_px ? `, GSD ${state.coverage.gsd_cm_px.toFixed(1)} cm/px` : ''}` : '';
    result.show(state.check, state.issues, (i) => Boolean(layer.located(i)?.at), extra);
    layer.progress(state.progress.current, state.progress.reached);
    if (fit) layer.fit();
    saved.exports();
  }

  async function make() {
    let req;
    try {
      const values = form.values();
      if (form.kind === 'coast') values.sea_side = sea().side;
      req = buildRequest(form.kind, values, state.points, form.camera(), saved.name);
      if (fleet.target) req.vehicle = fleet.target;
      checkedWind = latestWind.get(fleet.target) || null;
    } catch (err) {
      result.error(err.message, []);
      return;
    }
    makeBtn.disabled = true;
    result.note('Planning…');
    const r = await makePlan(form.kind, req);
    makeBtn.disabled = false;
    if (!r.ok) {
      result.error(`The planner could not make this plan: ${r.error}`, r.data?.issues || []);
      return;
    }
    load(r.data.plan, { kind: form.kind, request: req, saved: state.saved, check: r.data.check, issues: r.data.issues || [], dirty: Boolean(state.saved), coverage: r.data.coverage });
  }

  /** Shows a plan; without a check it is checked first. */
  async function load(plan, { kind, request, saved: sv, check, issues, dirty = false, coverage }) {
    if (!plan || plan.type !== 'FeatureCollection') { result.error('Not a Skerry GeoJSON plan.', []); return; }
    state.plan = plan;
    state.kind = kind || state.kind;
    state.request = request || null;
    state.saved = sv;
    state.dirty = dirty;
    state.issues = issues || [];
    state.check = check || null;
    state.coverage = coverage || cameraCoverage(request);
    checkSeq++; // a check of the plan before still on its way is for nothing
    fleet.reset();
    state.progress = { vehicle: null, current: -1, reached: -1 };
    if (!check) {
      render(true);
      await recheck();
      return;
    }
    render(true);
  }

  let checkSeq = 0;
  async function recheck() {
    const seq = ++checkSeq;
    checkedWind = latestWind.get(fleet.target) || null;
    result.note('Checking…');
    const r = await checkPlan(state.plan, fleet.target);
    if (seq !== checkSeq) return;
    if (!r.ok) { result.note(`Check failed: ${r.error}`); return; }
    state.check = r.data;
    render(false);
  }

  function move(index, latlng) {
    if (!state.plan) return;
    state.plan = moveItem(state.plan, index, latlng);
    state.dirty = true;
    render(false);
    recheck();
  }

  makeBtn.addEventListener('click', make);
  fitBtn.addEventListener('click', () => layer.fit());
  zones.load();

  // The check of a plan for a vehicle uses its wind: when the wind the
  // vehicle reports has changed much since, the plan is checked again, so
  // the lawful badge does not go stale while the pilot looks at it (an
  // upload is checked again anyway, and refused with its reasons).
  let checkedWind = null; // {speed, direction} the last check went out with
  const latestWind = new Map(); // id -> its latest wind
  const WIND_SPEED = 1.5; // m/s
  const WIND_TURN = 30; // degrees, when the wind is over 3 m/s
  function windChanged(w) {
    if (!w || !checkedWind) return false;
    const turn = Math.abs(((w.direction - checkedWind.direction + 540) % 360) - 180);
    return Math.abs(w.speed - checkedWind.speed) >= WIND_SPEED || (Math.max(w.speed, checkedWind.speed) > 3 && turn >= WIND_TURN);
  }
  let windCheckAt = 0;
  function conditions(v) {
    if (v.wind) latestWind.set(v.id, v.wind);
    if (!state.plan || v.id !== fleet.target || !windChanged(v.wind) || Date.now() - windCheckAt < 5000) return;
    windCheckAt = Date.now();
    recheck();
  }

  return {
    state,
    select: (id) => fleet.select(id),
    vehicle: (v) => { fleet.vehicle(v); conditions(v); },
    fleet: (list) => fleet.fleet(list),
    /** The operation changed (live feed): redraw its zones and check the plan again. */
    operation() {
      zones.load();
      if (state.plan) recheck();
    },
    /** Saved plans changed (live feed, another pilot or this one): show the list it carries. */
    plans: (list) => saved.render(list),
  };
}
