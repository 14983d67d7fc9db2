// Orders to the station: POST /api/commands with the confirmation handshake.
// When an order needs the pilot's confirmation the station answers HTTP 428
// {"error": why, "confirm_required": "fleet" or the vehicle ids}; the console
// shows the confirmation dialog naming exactly that and, on yes, sends the
// same order again with "confirm" set to the value the station asked for.
import { confirmOrder } from './confirm.js';
import { askOverride } from './override.js';

const byName = new Intl.Collator('en', { numeric: true }).compare; // sim1-2 before sim1-10

/** describeTargets names what an order acts on, for the pilot. */
export function describeTargets(required, fleetIDs = []) {
  if (required === 'fleet') {
    const ids = [...fleetIDs].sort(byName);
    const n = ids.length;
    const list = n ? `: ${ids.slice(0, 12).join(', ')}${n > 12 ? `, and ${n - 12} more` : ''}` : '';
    return `The whole fleet, ${n} vehicle${n === 1 ? '' : 's'}${list}`;
  }
  const ids = Array.isArray(required) ? required : String(required).split(/[\s,]+/).filter(Boolean);
  return `${ids.length === 1 ? 'Vehicle' : `${ids.length} vehicles`}: ${ids.join(', ')}`;
}

const same = (a, b) => String(a) === String(b); // arrays compare joined

async function post(body) {
  const res = await fetch('/api/commands', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => ({}));
  return { status: res.status, ok: res.ok, body: data };
}

/**
 * sendOrder gives command to targets (none: the whole fleet). opts:
 *   label     the order in words ("Return all"), for the dialog;
 *   fleet     () => the fleet's vehicle ids, to name them;
 *   ask       {text, subject, expect}: confirm before sending, even if the
 *             station would not ask; a 428 asking for `expect` is then
 *             answered without asking again.
 * Resolves {cancelled} when the pilot said no, else {status, ok, body}
 * (body: {request_id, results} or {error}). Network errors reject.
 */
export async function sendOrder(targets, command, opts = {}) {
  const label = opts.label || command.kind;
  const fleetIDs = () => (opts.fleet ? opts.fleet() : []);
  const request = { command };
  if (targets && targets.length) request.targets = targets;

  let confirmed = null; // what the pilot has confirmed
  if (opts.ask) {
    const ok = await confirmOrder({
      title: `${label}?`,
      text: opts.ask.text,
      subject: opts.ask.subject || describeTargets(opts.ask.expect, fleetIDs()),
      yes: `Yes, ${label.toLowerCase()}`,
    });
    if (!ok) return { cancelled: true };
    confirmed = opts.ask.expect;
  }

  let answer = await post(request);
  if (answer.status !== 428) return overrideIfAsked(request, null, answer, label);
  const required = answer.body.confirm_required;
  if (required === undefined || required === null || required === '') return answer;
  if (confirmed === null || !same(confirmed, required)) {
    const ok = await confirmOrder({
      title: `${label}?`,
      text: answer.body.error ? `The station asks for confirmation: ${answer.body.error}` : 'The station asks for confirmation.',
      subject: describeTargets(required, fleetIDs()),
      yes: `Yes, ${label.toLowerCase()}`,
    });
    if (!ok) return { cancelled: true };
  }
  answer = await post({ ...request, confirm: required });
  return overrideIfAsked(request, required, answer, label);
}

/**
 * overrideIfAsked offers the pilot to send again, under an override, the
 * order to the vehicles that refused it for the law; their results then
 * replace the refusals.
 */
async function overrideIfAsked(request, confirm, answer, label) {
  const refused = (answer.body?.results || []).filter((r) => r.overridable);
  if (!refused.length) return answer;
  const override = await askOverride({
    title: `${label}: refused by the rules. Send anyway?`,
    rules: refused.map((r) => `${r.vehicle}: ${r.error}`),
    yes: `Send ${label.toLowerCase()} anyway`,
  });
  if (!override) return answer;
  const again = { ...request, targets: refused.map((r) => r.vehicle), override };
  if (confirm !== null) again.confirm = confirm;
  const second = await post(again);
  if (!second.body?.results) return second;
  const byID = new Map(second.body.results.map((r) => [r.vehicle, r]));
  const results = answer.body.results.map((r) => byID.get(r.vehicle) || r);
  return { ...second, body: { ...second.body, results } };
}

/** summarize turns an answer into one line for the pilot: [ok, text], ok null when cancelled. */
export function summarize(label, answer) {
  if (answer.cancelled) return [null, `${label}: cancelled, nothing sent`];
  const results = answer.body?.results;
  if (!results) return [false, `${label} refused: ${answer.body?.error || `HTTP ${answer.status}`}`];
  const under = (r) => (r.override ? ` under an override by ${r.override.by} (${r.override.reason})` : '');
  if (results.length === 1) {
    const r = results[0];
    return [r.ok, r.ok ? `${r.vehicle}: ${label} accepted${under(r)}` : `${r.vehicle}: ${label} failed: ${r.error || 'refused'}`];
  }
  const failed = results.filter((r) => !r.ok);
  if (!failed.length) return [true, `${label}: accepted by all ${results.length}`];
  const why = failed.slice(0, 3).map((r) => `${r.vehicle} (${r.error || 'refused'})`).join(', ');
  return [false, `${label}: ${results.length - failed.length} of ${results.length} accepted; failed: ${why}${failed.length > 3 ? ', …' : ''}`];
}
