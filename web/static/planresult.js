// The check of the plan: a lawful/unlawful badge (plan-lawful,
// data-lawful "true" | "false" | ""), length, time and height, the
// planner's notes, and the violations list (plan-violations) with rule,
// place and source; choosing a violation (click or Enter) calls
// onViolation(i), which pans the map to it.
import { el } from './plandom.js';
import { fmtDistance, fmtAlt } from './units.js';

function fmtDuration(s) {
  if (!Number.isFinite(s) || s <= 0) return '—';
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Where a violation is: "item 3", "leg 2→3", "leg home→0" or "whole plan" (mission indexes, as the waypoints are numbered). */
export function where(v) {
  const n = (i) => (i < 0 ? 'home' : String(i));
  const leg = v.leg || [-1, -1];
  if (leg[0] !== -1 || leg[1] !== -1) return `leg ${n(leg[0])}→${n(leg[1])}`;
  if (v.item >= 0) return `item ${v.item}`;
  return 'whole plan';
}

/** createPlanResult builds the check display into root. */
export function createPlanResult(root, onViolation) {
  const badge = el('span', { className: 'plan-badge', testid: 'plan-lawful', textContent: 'no plan', role: 'status' });
  badge.dataset.lawful = '';
  const summary = el('span', { className: 'plan-summary', testid: 'plan-summary' });
  const message = el('p', { className: 'plan-message', testid: 'plan-message', role: 'alert' });
  const notes = el('ul', { className: 'plan-notes', testid: 'plan-issues' });
  const notesBox = el('details', { className: 'plan-notes-box' }, el('summary', { textContent: 'Planner notes' }), notes);
  const list = el('ol', { className: 'plan-violations', testid: 'plan-violations', ariaLabel: 'Violations' });
  root.append(el('div', { className: 'plan-check' }, badge, summary), message, list, notesBox);
  notesBox.hidden = true;

  function item(v, i, located) {
    const sev = ['error', 'warning', 'info'].includes(v.severity) ? v.severity : 'error';
    const li = el('li', { className: `sev-${sev}`, testid: `plan-violation-${i}`, tabIndex: located ? 0 : -1 },
      el('span', { className: 'v-sev', textContent: sev }),
      el('span', { className: 'v-where', textContent: where(v) }),
      el('strong', { className: 'v-rule', textContent: v.rule }),
      el('span', { className: 'v-msg', textContent: v.message }),
      v.source ? el('small', { className: 'v-source', textContent: v.source }) : null);
    li.dataset.rule = v.rule;
    li.dataset.severity = sev;
    if (located) {
      li.classList.add('located');
      li.title = 'Show on the map';
      li.addEventListener('click', () => onViolation(i));
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onViolation(i); } });
    }
    return li;
  }

  return {
    /** Shows a check ({lawful, violations, length_m, ...}); located(i) says whether violation i has a place. */
    show(check, issues, located = () => false, extra = '') {
      message.textContent = '';
      if (!check) {
        badge.textContent = 'no plan';
        badge.dataset.lawful = '';
        badge.className = 'plan-badge';
        summary.textContent = '';
        list.replaceChildren();
      } else {
        const errors = check.violations.filter((v) => v.severity === 'error').length;
        badge.textContent = check.lawful ? 'Lawful' : `Unlawful: ${errors} error${errors === 1 ? '' : 's'}`;
        badge.dataset.lawful = String(Boolean(check.lawful));
        badge.className = `plan-badge ${check.lawful ? 'lawful' : 'unlawful'}`;
        const forWhom = check.vehicle ? `for ${check.vehicle}` : 'no vehicle chosen';
        summary.textContent = `${forWhom}: ${fmtDistance(check.length_m)}, ${check.unbounded ? 'at least ' : ''}${fmtDuration(check.duration_s)}, max ${fmtAlt(check.max_height_m)}${check.profile ? ` (${check.profile})` : ''}${extra ? `; ${extra}` : ''}`;
        summary.title = check.vehicle ? `Checked as its upload to ${check.vehicle} will be: from its home, in its wind` : 'Checked alone: home at the first position, no wind. Choose a vehicle to check it as its upload will be.';
        // Errors first, then warnings, then notes; the list keeps each violation's own number.
        const order = { error: 0, warning: 1, info: 2 };
        const idx = check.violations.map((v, i) => i).sort((a, b) => (order[check.violations[a].severity] ?? 0) - (order[check.violations[b].severity] ?? 0) || a - b);
        list.replaceChildren(...idx.map((i) => item(check.violations[i], i, located(i))));
      }
      notes.replaceChildren(...(issues || []).map((is) => el('li', { className: `sev-${is.severity}`, textContent: `${is.severity}: ${is.message}` })));
      notesBox.hidden = !(issues || []).length;
    },
    /** Shows an error (planning failed) with the issues that explain it. */
    error(text, issues) {
      this.show(null, issues);
      message.textContent = text;
      notesBox.open = Boolean(issues?.length);
    },
    /** A transient note ("checking…"). */
    note(text) { message.textContent = text; },
  };
}
