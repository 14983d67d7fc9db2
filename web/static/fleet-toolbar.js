// The fleet toolbar: orders to the whole fleet (Return all, Hold all, Land
// all). Each is confirmed in the dialog, naming every vehicle, before it is
// sent, and the station's own confirmation request (HTTP 428, "fleet") is
// answered with that same confirmation; the per-vehicle results are
// summed up beside the buttons.
import { sendOrder, summarize } from './commands.js';

const ORDERS = [
  ['return', 'Return all', 'Every vehicle flies back to its launch point and lands there.'],
  ['hold', 'Hold all', 'Every vehicle stops and holds its position; missions pause.'],
  ['land', 'Land all', 'Every vehicle lands where it is, over water too.'],
];

/** createFleetToolbar builds the buttons into root; fleetIDs() lists the fleet. */
export function createFleetToolbar(root, fleetIDs) {
  const result = Object.assign(document.createElement('span'), { className: 'result fleet-result' });
  result.dataset.testid = 'fleet-result';
  result.setAttribute('role', 'status');
  const bar = document.createElement('div');
  bar.className = 'fleet-orders';
  bar.setAttribute('role', 'group');
  bar.setAttribute('aria-label', 'Orders to the whole fleet');
  for (const [kind, label, text] of ORDERS) {
    const b = Object.assign(document.createElement('button'), { type: 'button', className: `fleet-cmd fleet-${kind}`, textContent: label });
    b.dataset.testid = `fleet-${kind}`;
    b.addEventListener('click', async () => {
      const show = (ok, t, pending = false) => {
        result.textContent = t;
        result.className = `result fleet-result ${pending || ok === null ? 'pending' : ok ? 'ok' : 'fail'}`;
      };
      show(true, `${label}…`, true);
      try {
        const answer = await sendOrder([], { kind }, { label, fleet: fleetIDs, ask: { text, expect: 'fleet' } });
        show(...summarize(label, answer));
      } catch (err) {
        show(false, `${label} not sent: ${err.message}`);
      }
    });
    bar.append(b);
  }
  root.append(bar, result);
}
