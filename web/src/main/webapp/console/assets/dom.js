// The only way the console builds markup: elements and text nodes, never HTML strings. Whatever a tenant
// or an end user wrote goes in as a text node, so it can never become markup (the CSP's Trusted Types
// would refuse an innerHTML assignment anyway).

/**
 * h('button', {class: 'primary', onclick: fn, disabled: true}, 'Save', child…): attributes are set with
 * setAttribute (on* keys become listeners, never attribute strings); children are nodes or text.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of the element. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A labelled form field; the input's id ties the label to it for screen readers and clicks. */
let fieldCount = 0;
export function field(label, input, hint) {
  const id = input.id || `f${++fieldCount}`;
  input.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  return h('div', {class: 'field'}, h('label', {for: id}, label), input, hint && h('p', {class: 'hint', id: hintId}, hint));
}

/** Times in the viewer's own zone, named, so nobody has to convert from UTC. */
const timeFormat = new Intl.DateTimeFormat(undefined, {year: 'numeric', month: 'short', day: 'numeric',
  hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short'});
export function time(iso) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  const date = new Date(iso);
  return h('time', {datetime: iso, title: iso}, timeFormat.format(date));
}
