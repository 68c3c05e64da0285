// Shared pieces of every page: states (loading, empty, error), forms, dialogs and cursor pages.
import {h, fill} from './dom.js';
import {Problem} from './api.js';

export function loading(what = 'Loading…') {
  return h('p', {class: 'state', role: 'status', 'aria-busy': 'true'}, what);
}

export function empty(text, action) {
  return h('div', {class: 'state empty'}, h('p', {}, text), action);
}

/** The problem's detail, and each field error, as text. */
export function problemBox(error) {
  const problem = error instanceof Problem ? error : new Problem(0, {detail: String(error && error.message || error)});
  return h('div', {class: 'problem', role: 'alert'},
    h('strong', {}, problem.body.title || 'Something went wrong'), ' ', problem.message,
    problem.errors.length > 0 && h('ul', {}, problem.errors.map((e) => h('li', {}, `${e.field}: ${e.message}`))));
}

/** Runs a load into a region, with a loading state first and the problem shown when it fails. */
export async function into(region, load) {
  fill(region, loading());
  region.setAttribute('aria-busy', 'true');
  try {
    fill(region, await load());
  } catch (error) {
    fill(region, problemBox(error));
  } finally {
    region.removeAttribute('aria-busy');
  }
}

/**
 * A form whose submit runs `action(values)`; the button is busy while it runs, a problem shows above the
 * button. `onDone(result)` runs after success.
 */
export function form(label, fields, submitLabel, action, onDone, {secondary} = {}) {
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const button = h('button', {type: 'submit', class: 'primary'}, submitLabel);
  const element = h('form', {class: 'form', 'aria-label': label, novalidate: true}, fields, status,
    h('div', {class: 'actions'}, button, secondary));
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    fill(status);
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      const result = await action(new FormData(element), element);
      if (onDone) await onDone(result, element);
    } catch (error) {
      fill(status, problemBox(error));
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return element;
}

function dialog(title, body, buttons) {
  const element = h('dialog', {class: 'dialog', 'aria-label': title}, h('h2', {}, title), body, h('div', {class: 'actions'}, buttons));
  document.body.append(element);
  element.addEventListener('close', () => element.remove());
  element.showModal();
  return element;
}

/**
 * Asks before a destructive action; resolves true only when the named action is chosen. `extra` (a field,
 * say) is shown under the text.
 */
export function confirm(title, text, actionLabel, extra) {
  return new Promise((resolve) => {
    let chosen = false;
    const yes = h('button', {class: 'danger', onclick: () => { chosen = true; box.close(); }}, actionLabel);
    const no = h('button', {class: 'quiet', onclick: () => box.close()}, 'Cancel');
    const box = dialog(title, [h('p', {}, text), extra], [no, yes]);
    box.addEventListener('close', () => resolve(chosen));
    no.focus();
  });
}

/**
 * A secret shown once, with a copy button. Closing the dialog removes it from the page (and the value from
 * memory: nothing else holds it).
 */
export function showSecretOnce(title, explanation, secret) {
  // Several lines (recovery codes) need a text area; one line stays an input.
  const input = secret.includes('\n')
    ? h('textarea', {readonly: true, class: 'secret', 'aria-label': title, rows: secret.split('\n').length, spellcheck: 'false', value: secret})
    : h('input', {type: 'text', readonly: true, class: 'secret', 'aria-label': title, value: secret, spellcheck: 'false'});
  const copied = h('span', {class: 'hint', 'aria-live': 'polite'});
  const copy = h('button', {type: 'button', onclick: async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      fill(copied, 'Copied.');
    } catch (denied) {
      input.select();
      fill(copied, 'Select and copy it with your keyboard.');
    }
  }}, 'Copy');
  const box = dialog(title, [h('p', {}, explanation), h('div', {class: 'secret-row'}, input, copy), copied],
    [h('button', {class: 'primary', onclick: () => box.close()}, 'I have stored it — close')]);
  box.addEventListener('close', () => { input.value = ''; });
  input.select();
  return box;
}

/**
 * A table over cursor pages: `load(cursor)` answers {data, has_more, next_cursor}; `columns` are
 * [header, row => node or text]. Earlier cursors are kept so the viewer can go back.
 */
export function pagedTable(caption, columns, load, emptyText) {
  const region = h('div', {class: 'paged'});
  const cursors = [null];
  async function show(index) {
    await into(region, async () => {
      const page = await load(cursors[index]);
      if (page.data.length === 0 && index === 0) return empty(emptyText);
      if (page.next_cursor) cursors[index + 1] = page.next_cursor;
      return [table(caption, columns, page.data), h('nav', {class: 'pager', 'aria-label': `${caption} pages`},
        h('button', {class: 'quiet', disabled: index === 0, onclick: () => show(index - 1)}, '← Newer'),
        h('span', {class: 'muted'}, `Page ${index + 1}`),
        h('button', {class: 'quiet', disabled: !page.has_more, onclick: () => show(index + 1)}, 'Older →'))];
    });
  }
  region.reload = () => show(0);
  show(0);
  return region;
}

export function table(caption, columns, rows) {
  return h('div', {class: 'table-wrap'}, h('table', {},
    h('caption', {class: 'visually-hidden'}, caption),
    h('thead', {}, h('tr', {}, columns.map(([header]) => h('th', {scope: 'col'}, header)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([, cell]) => h('td', {}, cell(row))))))));
}

export function badge(text, tone = '') {
  return h('span', {class: `badge ${tone}`}, text);
}

export function pageHeader(title, description, ...actions) {
  return h('header', {class: 'page-header'}, h('div', {}, h('h1', {}, title), description && h('p', {class: 'muted'}, description)),
    h('div', {class: 'actions'}, actions));
}

/** A short-lived note at the top of the page ("Secret rotated"). */
export function toast(text) {
  const note = h('div', {class: 'toast', role: 'status'}, text);
  document.body.append(note);
  setTimeout(() => note.remove(), 4000);
}

/**
 * A row's destructive button: asks first (`confirm`), then runs `run()` and `done()`; a refusal shows its problem
 * beside the button.
 */
export function dangerButton(label, title, text, actionLabel, run, done) {
  const out = h('div', {class: 'row-actions'});
  out.append(h('button', {class: 'danger quiet', onclick: async () => {
    if (!await confirm(title, text, actionLabel)) return;
    try {
      await run();
      await done();
    } catch (error) {
      out.append(problemBox(error));
    }
  }}, label));
  return out;
}

/** A row's plain button that runs `run()`, busy meanwhile; a refusal shows its problem beside it. */
export function actionButton(label, run) {
  const out = h('div', {class: 'row-actions'});
  const button = h('button', {class: 'quiet', onclick: async () => {
    button.disabled = true;
    out.querySelectorAll('.problem').forEach((p) => p.remove());
    try {
      await run();
    } catch (error) {
      out.append(problemBox(error));
    } finally {
      button.disabled = false;
    }
  }}, label);
  out.append(button);
  return out;
}
