// The override dialog: when the station refuses an order because its route
// breaks the operation's rules (a result with "overridable": true), the
// pilot may send it anyway, saying who gives it and why. Both are recorded
// with the order and shown on every console. "Cancel" has the focus, so
// Enter or Escape without a look never overrides anything.

const KEY = 'skerry.pilot'; // the name last given, offered again

let dialog = null;
let parts = null;
let pending = null; // resolves the open question

function finish(value) {
  const resolve = pending;
  pending = null;
  if (dialog.open) dialog.close();
  if (resolve) resolve(value);
}

function field(label, input) {
  const l = document.createElement('label');
  l.append(label, input);
  return l;
}

function build() {
  dialog = document.createElement('dialog');
  dialog.className = 'confirm override';
  dialog.dataset.testid = 'override-dialog';
  dialog.setAttribute('aria-labelledby', 'override-title');
  const title = Object.assign(document.createElement('h2'), { id: 'override-title' });
  const intro = Object.assign(document.createElement('p'), { textContent: 'The station refused it: its route breaks these rules.' });
  const rules = Object.assign(document.createElement('ul'), { className: 'confirm-subject' });
  rules.dataset.testid = 'override-rules';
  const by = Object.assign(document.createElement('input'), { type: 'text', maxLength: 500, autocomplete: 'name' });
  by.dataset.testid = 'override-by';
  const reason = Object.assign(document.createElement('textarea'), { rows: 3, maxLength: 500 });
  reason.dataset.testid = 'override-reason';
  const error = Object.assign(document.createElement('p'), { className: 'override-error', hidden: true });
  const send = Object.assign(document.createElement('button'), { type: 'button', className: 'danger' });
  send.dataset.testid = 'override-send';
  const cancel = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Cancel, send nothing' });
  cancel.dataset.testid = 'override-cancel';
  const buttons = Object.assign(document.createElement('div'), { className: 'buttons' });
  buttons.append(cancel, send);
  dialog.append(title, intro, rules,
    field('Who gives this order', by),
    field('Why it is safe and allowed (a clearance, an emergency…)', reason),
    error, buttons);
  send.addEventListener('click', () => {
    const o = { by: by.value.trim(), reason: reason.value.trim() };
    if (!o.by || !o.reason) {
      error.textContent = 'Say who gives the order and why: both are recorded with it.';
      error.hidden = false;
      (o.by ? reason : by).focus();
      return;
    }
    try {
      localStorage.setItem(KEY, o.by);
    } catch {
      // not remembered
    }
    finish(o);
  });
  cancel.addEventListener('click', () => finish(null));
  dialog.addEventListener('close', () => { if (!dialog.open) finish(null); });
  document.body.append(dialog);
  parts = { title, rules, by, reason, error, send, cancel };
}

/**
 * askOverride shows the rules an order breaks and resolves {by, reason}
 * when the pilot sends it anyway, null when not. opts: title, rules
 * (lines), yes (the send button's label).
 */
export function askOverride({ title, rules, yes = 'Send anyway' }) {
  if (!dialog) build();
  if (pending) finish(null);
  parts.title.textContent = title;
  parts.rules.replaceChildren(...rules.map((r) => Object.assign(document.createElement('li'), { textContent: r })));
  try {
    parts.by.value = localStorage.getItem(KEY) || '';
  } catch {
    parts.by.value = '';
  }
  parts.reason.value = '';
  parts.error.hidden = true;
  parts.send.textContent = yes;
  return new Promise((resolve) => {
    pending = resolve;
    dialog.showModal();
    parts.cancel.focus();
  });
}
