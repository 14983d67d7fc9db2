// Parameter files in the parameters panel: save the vehicle's whole table
// as a Mission Planner .param or QGroundControl .params file (the station
// writes it), and load or compare a file: the station's dry run lists
// every difference (with what it would write, refuse, or not find) before
// anything is applied; applying asks for the confirmation the station
// requires, then shows what the vehicle keeps.
import { el } from './plandom.js';
import { confirmOrder } from './confirm.js';
import * as api from './paramsclient.js';

const STATUS = {
  would_set: 'will be set', set: 'set', kept_other: 'vehicle kept another value', refused: 'refused',
  failed: 'failed', not_on_vehicle: 'not on this vehicle',
};

const num = (v) => (typeof v === 'number' ? String(Number(Math.fround(v).toPrecision(7))) : '—');

/**
 * createParamsFile builds the files section into root. host: {vehicle()
 * -> the shown vehicle's id, loaded() after a load wrote to it}. It
 * returns {ready(read) enables saving once the table is whole, reset()}.
 */
export function createParamsFile(root, host) {
  const saveMP = el('a', { className: 'button-link', textContent: 'Save .param', testid: 'params-save-mp', title: 'Mission Planner format' });
  const saveQGC = el('a', { className: 'button-link', textContent: 'Save .params', testid: 'params-save-qgc', title: 'QGroundControl format' });
  const fileIn = el('input', { type: 'file', id: 'params-file', testid: 'params-file', accept: '.param,.params,.parm,.txt' });
  const summary = el('p', { className: 'params-diff-summary', testid: 'params-diff-summary', role: 'status' });
  const list = el('ul', { className: 'params-diff', testid: 'params-diff', ariaLabel: 'Differences with the file' });
  const applyBtn = el('button', { type: 'button', className: 'primary', textContent: 'Apply', testid: 'params-apply', hidden: true });
  const outcome = el('p', { className: 'params-load-result', testid: 'params-load-result', role: 'status' });
  root.append(el('h3', { textContent: 'Files' }),
    el('div', { className: 'buttons' }, saveMP, saveQGC),
    el('label', { className: 'params-file' }, el('span', { textContent: 'Compare or load a file' }), fileIn),
    summary, list, el('div', { className: 'buttons' }, applyBtn), outcome);

  let text = null; // the chosen file's content
  let fileName = '';

  fileIn.addEventListener('change', async () => {
    const f = fileIn.files[0];
    if (!f) return;
    fileName = f.name;
    text = await f.text();
    await dryRun();
  });
  applyBtn.addEventListener('click', () => apply());

  function setLinks(id, read) {
    for (const [a, format, ext] of [[saveMP, 'mp', 'param'], [saveQGC, 'qgc', 'params']]) {
      if (id && read) {
        a.href = api.fileURL(id, format);
        a.download = `${id}.${ext}`;
        a.removeAttribute('aria-disabled');
        a.title = format === 'mp' ? 'Mission Planner format' : 'QGroundControl format';
      } else {
        a.removeAttribute('href');
        a.setAttribute('aria-disabled', 'true');
        a.title = 'Read all the parameters first';
      }
    }
  }

  /** show lists a load report's changes. */
  function show(rep) {
    list.replaceChildren(...rep.changes.map((c) => el('li', {
      className: `diff-${c.status}`, testid: `param-diff-${c.name}`, dataset: { status: c.status },
    }, el('span', { className: 'diff-name', textContent: c.name }),
    el('span', { className: 'diff-values', textContent: `${num(c.vehicle)} → ${num(c.file)}${c.kept !== undefined && c.status !== 'set' ? ` (kept ${num(c.kept)})` : ''}` }),
    el('span', { className: 'diff-status', textContent: STATUS[c.status] || c.status }),
    c.error && c.status !== 'kept_other' ? el('small', { className: 'diff-error', textContent: c.error }) : null,
    c.confirm && !rep.applied ? el('small', { className: 'diff-confirm', textContent: 'needs confirmation' }) : null)));
  }

  async function dryRun() {
    const id = host.vehicle();
    outcome.textContent = '';
    applyBtn.hidden = true;
    summary.textContent = `Comparing ${fileName} with ${id}…`;
    const r = await api.loadFile(id, text);
    if (id !== host.vehicle()) return;
    if (!r.ok) {
      summary.textContent = `${fileName}: ${r.error}`;
      list.replaceChildren(...(r.data?.file?.issues || []).slice(0, 10).map((i) => el('li', { textContent: `line ${i.line}: ${i.message}` })));
      return;
    }
    const { file, report } = r.data;
    const toSet = report.changes.filter((c) => c.status === 'would_set').length;
    summary.textContent = `${fileName} (${file.format === 'qgc' ? 'QGroundControl' : 'Mission Planner'}, ${file.params} parameters): `
      + `${report.changes.length} differ, ${report.same} the same, ${report.only_vehicle} only on ${id}`
      + `${file.issues.length ? `; ${file.issues.length} line(s) not used` : ''}. Nothing written yet.`;
    summary.dataset.differ = String(report.changes.length);
    show(report);
    applyBtn.textContent = `Apply ${toSet} change${toSet === 1 ? '' : 's'} to ${id}`;
    applyBtn.hidden = toSet === 0;
  }

  async function apply() {
    const id = host.vehicle();
    applyBtn.disabled = true;
    let r = await api.loadFile(id, text, true);
    if (r.status === 428) {
      const n = r.data.report.changes.filter((c) => c.status === 'would_set').length;
      const yes = await confirmOrder({
        title: `Load ${n} parameter${n === 1 ? '' : 's'} into ${id}?`,
        text: `The station asks for confirmation: ${r.data.why}`,
        subject: `${fileName} → ${id}: ${n} change${n === 1 ? '' : 's'}`,
        yes: 'Yes, write them',
      });
      if (!yes) {
        applyBtn.disabled = false;
        outcome.textContent = 'Cancelled: nothing written';
        return;
      }
      r = await api.loadFile(id, text, true, r.data.confirm_required);
    }
    applyBtn.disabled = false;
    if (id !== host.vehicle()) return;
    if (!r.ok) {
      outcome.textContent = `Load failed: ${r.error}`;
      outcome.className = 'params-load-result fail';
      return;
    }
    const rep = r.data.report;
    show(rep);
    applyBtn.hidden = true;
    outcome.textContent = `${rep.set} written and read back, ${rep.refused} refused, ${rep.failed} not as the file says`;
    outcome.className = `params-load-result ${rep.failed ? 'fail' : 'ok'}`;
    host.loaded();
  }

  return {
    ready(read) { setLinks(host.vehicle(), read); },
    reset() {
      text = null;
      fileIn.value = '';
      summary.textContent = '';
      list.replaceChildren();
      outcome.textContent = '';
      applyBtn.hidden = true;
      setLinks(null, false);
    },
  };
}
