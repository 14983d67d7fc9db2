// Saved plans and files: the plan's name and Save (POST /api/plans, or PUT
// /api/plans/{id} with its version: 409 means someone saved it first), the
// saved plans list to open or delete, Import of a .plan, .waypoints,
// GeoJSON or KML plan file, Export in each format, and Import zones (PUT
// /api/operation/zones). The list loads when the pilot opens it (and
// after a save or an import). A station without the saved-plans API
// answers 404 or 501: the list and the save say so, GeoJSON files still
// open locally and GeoJSON still exports from the browser.
import { el, field } from './plandom.js';
import { plans, missingAPI, formatOf, importZones } from './planclient.js';

export const FORMATS = [['plan', 'QGC .plan'], ['waypoints', '.waypoints'], ['geojson', 'GeoJSON'], ['kml', 'KML']];
const EXT = { plan: 'plan', waypoints: 'waypoints', geojson: 'geojson', kml: 'kml' };

/**
 * createPlanSaved builds the section into root. host: {current() ->
 * {plan, kind, request, check} or null, saved() -> {id, version} or null,
 * open(record, issues) loads a record, local(plan, name) loads an unsaved
 * plan, savedAs(record), zones(reply) after a zone import}.
 */
export function createPlanSaved(root, host) {
  const name = el('input', { type: 'text', id: 'plan-name', testid: 'plan-name', placeholder: 'e.g. Algeciras east breakwater', maxLength: 120, autocomplete: 'off' });
  const save = el('button', { type: 'button', textContent: 'Save', testid: 'plan-save' });
  const saveNew = el('button', { type: 'button', textContent: 'Save as new', testid: 'plan-save-new', hidden: true });
  const status = el('p', { className: 'plan-status', testid: 'plan-saved-status', role: 'status' });
  const list = el('ul', { className: 'plan-list', testid: 'plan-list', ariaLabel: 'Saved plans' });
  const box = el('details', { className: 'plan-saved-box' }, el('summary', { textContent: 'Saved plans', testid: 'plan-list-toggle' }), list);
  box.addEventListener('toggle', () => { if (box.open) refresh(); });
  const fileIn = el('input', { type: 'file', id: 'plan-import', testid: 'plan-import', accept: '.plan,.waypoints,.txt,.geojson,.json,.kml' });
  const zonesIn = el('input', { type: 'file', id: 'zones-import', testid: 'zones-import', accept: '.json,.geojson,.kml,.kmz,.xml' });
  const exports = el('div', { className: 'buttons plan-exports', role: 'group', ariaLabel: 'Export' });
  const links = {};
  for (const [f, label] of FORMATS) {
    links[f] = el('a', { className: 'button-link', textContent: label, testid: `plan-export-${f}` });
    exports.append(links[f]);
  }
  root.append(
    el('div', { className: 'plan-save-row' }, field('Name', name), save, saveNew), status,
    box,
    el('h3', { textContent: 'Files' }),
    field('Import plan', fileIn), el('div', { className: 'field' }, el('span', { className: 'field-label', textContent: 'Export' }), exports),
    field('Import zones', zonesIn, '', 'ED-269, ED-318, openAIP, GeoJSON, KML or KMZ: replaces the operation\'s zones'));

  let blobURL = null;
  let apiMissing = false;

  /** Points the export links at the saved plan, or at a local GeoJSON copy. */
  function refreshExports() {
    const cur = host.current();
    const saved = host.saved();
    if (blobURL) URL.revokeObjectURL(blobURL);
    blobURL = null;
    const base = (name.value.trim() || 'plan').replace(/[^\w.-]+/g, '_');
    saveNew.hidden = !saved?.id;
    for (const [f] of FORMATS) {
      const a = links[f];
      let href = null;
      if (saved?.id && !host.dirty()) href = plans.fileURL(saved.id, f);
      else if (f === 'geojson' && cur?.plan) {
        blobURL = URL.createObjectURL(new Blob([JSON.stringify(cur.plan, null, 1)], { type: 'application/geo+json' }));
        href = blobURL;
      }
      if (href) {
        a.href = href;
        a.download = `${base}.${EXT[f]}`;
        a.removeAttribute('aria-disabled');
        a.title = '';
      } else {
        a.removeAttribute('href');
        a.setAttribute('aria-disabled', 'true');
        a.title = cur?.plan ? 'Save the plan first' : 'No plan yet';
      }
    }
  }

  async function refresh() {
    const r = await plans.list();
    if (!r.ok) {
      apiMissing = missingAPI(r);
      list.replaceChildren(el('li', { className: 'none', textContent: apiMissing ? `No saved plans here: ${r.error}. Plans can still be made, uploaded and exported as GeoJSON.` : `Saved plans unavailable: ${r.error}` }));
      return;
    }
    render(Array.isArray(r.data) ? r.data : (r.data?.plans || []));
  }

  /** render lists saved plans' summaries (GET /api/plans, or the live feed's plans message). */
  function render(recs) {
    apiMissing = false;
    if (!recs.length) { list.replaceChildren(el('li', { className: 'none', textContent: 'No saved plans yet.' })); return; }
    list.replaceChildren(...recs.map((rec) => {
      const open = el('button', { type: 'button', className: 'linkish', textContent: rec.name || rec.id, title: 'Open on the map' });
      open.addEventListener('click', () => openID(rec.id));
      const del = el('button', { type: 'button', className: 'small', textContent: 'Delete', title: `Delete ${rec.name}` });
      del.addEventListener('click', async () => {
        if (!window.confirm(`Delete the saved plan "${rec.name}"?`)) return;
        const d = await plans.remove(rec.id);
        status.textContent = d.ok ? `Deleted ${rec.name}.` : `Delete failed: ${d.error}`;
        refresh();
      });
      const lawful = rec.lawful === true ? 'lawful' : rec.lawful === false ? `unlawful (${rec.violations ?? '?'})` : '';
      const li = el('li', { testid: `plan-item-${rec.id}` }, open,
        el('span', { className: 'plan-item-meta', textContent: ` ${rec.kind || ''} · ${rec.mission ?? '?'} items${lawful ? ` · ${lawful}` : ''} · v${rec.version ?? '?'}` }), del);
      if (rec.lawful === false) li.classList.add('unlawful');
      return li;
    }));
  }

  async function openID(id) {
    const r = await plans.get(id);
    if (!r.ok) { status.textContent = `Could not open: ${r.error}`; return; }
    name.value = r.data.name || '';
    host.open(r.data, []);
    status.textContent = `Opened ${r.data.name} (version ${r.data.version}).`;
    refreshExports();
  }

  async function doSave(asNew) {
    const cur = host.current();
    if (!cur?.plan) { status.textContent = 'Nothing to save: make, open or import a plan first.'; return; }
    const nm = name.value.trim();
    if (!nm) { status.textContent = 'Give the plan a name first.'; name.focus(); return; }
    const saved = host.saved();
    const body = { name: nm, kind: cur.kind || '', plan: cur.plan, request: cur.request || null };
    const r = saved?.id && !asNew ? await plans.update(saved.id, { ...body, version: saved.version }) : await plans.create(body);
    if (r.status === 409) {
      status.textContent = 'Someone saved this plan since you opened it: open it again, or Save as new.';
      saveNew.hidden = false;
      return;
    }
    if (!r.ok) {
      status.textContent = missingAPI(r) ? `This station cannot save plans (${r.error}); export the GeoJSON instead.` : `Save failed: ${r.error}`;
      return;
    }
    host.savedAs(r.data);
    status.textContent = `Saved "${r.data.name}" (version ${r.data.version})${r.data.lawful === false ? `, unlawful: ${r.data.violations} error${r.data.violations === 1 ? '' : 's'}` : ''}.`;
    refreshExports();
    show();
  }

  save.addEventListener('click', () => doSave(false));
  saveNew.addEventListener('click', () => doSave(true));

  fileIn.addEventListener('change', async () => {
    const file = fileIn.files?.[0];
    if (!file) return;
    const format = formatOf(file.name);
    const base = file.name.replace(/\.[^.]+$/, '');
    status.textContent = `Importing ${file.name}…`;
    const r = await plans.importFile(file, base, format);
    fileIn.value = '';
    if (r.ok) {
      const rec = r.data?.record || r.data?.plan_record || r.data;
      const issues = r.data?.issues || [];
      let full = rec;
      if (!rec?.plan || rec.plan.type !== 'FeatureCollection') {
        const g = await plans.get(rec.id);
        if (g.ok) full = g.data;
      }
      name.value = full.name || base;
      host.open(full, issues);
      status.textContent = `Imported ${file.name} as "${full.name || base}"${issues.length ? ` with ${issues.length} note${issues.length === 1 ? '' : 's'}` : ''}.`;
      show();
      refreshExports();
      return;
    }
    if (missingAPI(r) && format === 'geojson') {
      try {
        const plan = JSON.parse(await file.text());
        name.value = base;
        host.local(plan, base);
        status.textContent = `Opened ${file.name} in the browser (this station cannot store plans: ${r.error}).`;
      } catch (err) {
        status.textContent = `${file.name}: not JSON (${err.message}).`;
      }
      refreshExports();
      return;
    }
    status.textContent = missingAPI(r) ? `This station cannot import ${format || 'plan'} files (${r.error}); GeoJSON opens in the browser.` : `Import failed: ${r.error}`;
  });

  zonesIn.addEventListener('change', async () => {
    const file = zonesIn.files?.[0];
    if (!file) return;
    status.textContent = `Loading zones from ${file.name}…`;
    const r = await importZones(file);
    zonesIn.value = '';
    const n = r.data?.zones?.length ?? 0;
    const issues = r.data?.issues?.length ?? 0;
    status.textContent = r.ok
      ? `${n} zone${n === 1 ? '' : 's'} from ${file.name} now apply${issues ? ` (${issues} note${issues === 1 ? '' : 's'})` : ''}.`
      : `Zones refused: ${r.error}${issues ? ` (${issues} issue${issues === 1 ? '' : 's'})` : ''}`;
    status.dataset.zones = String(n);
    if (r.ok) host.zones(r.data);
  });

  /** Opens the list (which loads it), or reloads it when open. */
  function show() {
    if (box.open) refresh();
    else box.open = true;
  }

  name.addEventListener('input', () => refreshExports());
  refreshExports();
  return {
    refresh,
    render,
    exports: refreshExports,
    get name() { return name.value.trim(); },
    set name(v) { name.value = v || ''; },
    get apiMissing() { return apiMissing; },
  };
}
