// The confirmation dialog for dangerous orders: a modal <dialog> that names
// what the order acts on. "No" has the focus, so Enter or Escape without a
// look never sends a fleet-wide order; the pilot must choose "Yes".

let dialog = null;
let parts = null;
let pending = null; // resolves the open question

function answer(yes) {
  const resolve = pending;
  pending = null;
  if (dialog.open) dialog.close();
  if (resolve) resolve(yes);
}

function build() {
  dialog = document.createElement('dialog');
  dialog.className = 'confirm';
  dialog.dataset.testid = 'confirm-dialog';
  dialog.setAttribute('aria-labelledby', 'confirm-title');
  dialog.setAttribute('aria-describedby', 'confirm-text');
  const title = Object.assign(document.createElement('h2'), { id: 'confirm-title' });
  const text = Object.assign(document.createElement('p'), { id: 'confirm-text' });
  const subject = Object.assign(document.createElement('p'), { className: 'confirm-subject' });
  subject.dataset.testid = 'confirm-subject';
  const yes = Object.assign(document.createElement('button'), { type: 'button', className: 'danger' });
  yes.dataset.testid = 'confirm-yes';
  const no = Object.assign(document.createElement('button'), { type: 'button', textContent: 'No, cancel' });
  no.dataset.testid = 'confirm-no';
  const buttons = Object.assign(document.createElement('div'), { className: 'buttons' });
  buttons.append(no, yes);
  dialog.append(title, text, subject, buttons);
  yes.addEventListener('click', () => answer(true));
  no.addEventListener('click', () => answer(false));
  // Escape closes the dialog; a stale close event of an earlier question
  // arrives while the next one is open and is ignored.
  dialog.addEventListener('close', () => { if (!dialog.open) answer(false); });
  document.body.append(dialog);
  parts = { title, text, subject, yes, no };
}

/**
 * confirmOrder asks the pilot and resolves true for yes, false for no,
 * Escape or a newer question. opts: title, text (why it is asked), subject
 * (exactly what the order acts on), yes (the label of the yes button).
 */
export function confirmOrder({ title, text = '', subject, yes = 'Yes, send' }) {
  if (!dialog) build();
  if (pending) answer(false); // a newer question replaces the old one
  parts.title.textContent = title;
  parts.text.textContent = text;
  parts.text.hidden = !text;
  parts.subject.textContent = subject;
  parts.yes.textContent = yes;
  return new Promise((resolve) => {
    pending = resolve;
    dialog.showModal();
    parts.no.focus();
  });
}
