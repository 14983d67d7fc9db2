// Tiny DOM helpers for the panels: el() builds an element, and sets a
// data-testid when props carry testid.

/** el('button', {textContent: 'Go', testid: 'go'}, ...children). */
export function el(tag, props = {}, ...kids) {
  const { testid, dataset, ...rest } = props;
  const e = Object.assign(document.createElement(tag), rest);
  if (testid) e.dataset.testid = testid;
  if (dataset) Object.assign(e.dataset, dataset);
  e.append(...kids.filter((k) => k !== null && k !== undefined && k !== false));
  return e;
}

/** A labelled field: <label>text <input> unit</label> in one row. */
export function field(text, input, unit = '', hint = '') {
  return el('label', { className: 'field' },
    el('span', { className: 'field-label', textContent: text }),
    input,
    unit ? el('span', { className: 'field-unit', textContent: unit }) : null,
    hint ? el('small', { className: 'field-hint', textContent: hint }) : null);
}
