'use strict';
// SecAI chat page. Everything that came from a model, a web page or a data source is untrusted: it reaches the
// DOM as text (textContent), except result Markdown, which the server has already rendered and sanitized, and which
// is parsed here into an inert <template> before it is attached.

(() => {
  const state = { csrf: '', sessionId: null, run: null, source: null, promptbooks: [] };

  const $ = (id) => document.getElementById(id);

  // Artifacts that are files of their own (a rule's ARM template, Bicep, YAML; a query) can be saved as such.
  const DOWNLOAD_NAMES = Object.freeze({
    'ARM template': 'analytics-rule.json', 'Bicep': 'analytics-rule.bicep',
    'Detection YAML': 'analytics-rule.yaml', 'KQL': 'query.kql',
  });

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      window.location.assign('/login');
      throw new Error('logged out');
    }
    if (response.status === 204) return null;
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || ('HTTP ' + response.status));
    return data;
  }

  // ---- sessions side panel ----

  async function loadSessions() {
    const sessions = await api('GET', '/api/sessions');
    const list = $('session-list');
    list.replaceChildren();
    for (const session of sessions) {
      const item = el('li', session.id === state.sessionId ? 'current' : '');
      item.dataset.sessionId = session.id;
      const open = el('button', 'session-title', session.title || 'New session');
      open.type = 'button';
      open.title = (session.title || 'New session') + ' · ' + session.turns + ' prompts';
      open.addEventListener('click', () => selectSession(session.id));
      const remove = el('button', 'session-delete', '✕');
      remove.type = 'button';
      remove.title = 'Delete this session';
      remove.addEventListener('click', () => deleteSession(session.id));
      item.append(open, remove);
      list.append(item);
    }
    return sessions;
  }

  async function newSession() {
    const session = await api('POST', '/api/sessions');
    await selectSession(session.id);
  }

  async function deleteSession(id) {
    await api('DELETE', '/api/sessions/' + encodeURIComponent(id));
    if (id === state.sessionId) {
      state.sessionId = null;
      $('messages').replaceChildren();
    }
    const sessions = await loadSessions();
    if (!state.sessionId) {
      if (sessions.length > 0) await selectSession(sessions[0].id); else await newSession();
    }
  }

  async function selectSession(id) {
    stopStream();
    state.sessionId = id;
    const transcript = await api('GET', '/api/sessions/' + encodeURIComponent(id));
    const messages = $('messages');
    messages.replaceChildren();
    for (const turn of transcript.turns) {
      const view = newTurn(turn.prompt);
      renderOutcome(view, turn.outcome, true);
    }
    await loadSessions();
    await showPrivacy();
    scrollDown();
  }

  // Anonymization is the session's, kept by the server: the box shows the selected session's and switches it.
  async function showPrivacy() {
    if (!state.sessionId) return;
    const privacy = await api('GET', '/api/sessions/' + encodeURIComponent(state.sessionId) + '/privacy');
    $('toggle-privacy').checked = privacy.anonymize === true;
  }

  async function switchPrivacy() {
    const box = $('toggle-privacy');
    try {
      if (!state.sessionId) await newSession();
      const privacy = await api('POST', '/api/sessions/' + encodeURIComponent(state.sessionId) + '/privacy',
        { anonymize: box.checked });
      box.checked = privacy.anonymize === true;
    } catch (error) {
      showNotice('Anonymization could not be switched: ' + error.message);
      box.checked = !box.checked;
    }
  }

  // ---- one prompt and its answer ----

  function newTurn(prompt) {
    const root = el('section', 'turn');
    root.append(el('div', 'user-prompt', prompt));
    const plan = el('div', 'plan');
    const tasks = el('div', 'tasks');
    const footer = el('div', 'turn-footer');
    root.append(plan, tasks, footer);
    $('messages').append(root);
    return { root, plan, tasks, footer, cards: new Map() };
  }

  function taskCard(view, index, task) {
    let card = view.cards.get(index);
    if (card) return card;
    const root = el('div', 'task-card');
    root.dataset.index = String(index);
    const head = el('div', 'task-head',
        (index + 1) + '. ' + (task ? task.plugin + ' / ' + task.capability : 'task'));
    const instruction = el('div', 'msg-debug task-instruction', task ? task.instruction : '');
    const status = el('div', 'task-status', 'waiting');
    const log = el('div', 'task-log');
    const artifacts = el('div', 'artifacts');
    const text = el('div', 'task-text');
    const table = el('div', 'task-table');
    const details = el('div', 'task-details');
    root.append(head, instruction, status, log, artifacts, text, table, details);
    view.tasks.append(root);
    card = { root, head, instruction, status, log, artifacts, text, table, details, streaming: null,
             artifactValues: new Set(), finished: false };
    view.cards.set(index, card);
    return card;
  }

  function renderPlan(view, plan) {
    view.plan.replaceChildren();
    const lines = el('div', 'msg-system plan-summary',
        'Plan: ' + plan.tasks.map((t) => t.plugin + '/' + t.capability).join(' → '));
    view.plan.append(lines);
    if (plan.note) view.plan.append(el('div', 'msg-system', plan.note));
    plan.tasks.forEach((task, index) => taskCard(view, index, task));
  }

  function renderArtifact(card, artifact) {
    const key = artifact.kind + '\u0000' + artifact.value;
    if (card.artifactValues.has(key)) return;
    card.artifactValues.add(key);
    const box = el('div', 'artifact');
    box.dataset.kind = artifact.kind;
    const head = el('div', 'artifact-head');
    head.append(el('span', 'artifact-label', artifact.label));
    head.append(copyButton('Copy', () => artifact.value));
    const fileName = DOWNLOAD_NAMES[artifact.label];
    if (fileName) head.append(downloadButton(fileName, () => artifact.value));
    box.append(head, el('pre', 'artifact-value', artifact.value));
    card.artifacts.append(box);
  }

  function renderResult(card, result) {
    card.finished = true;
    card.status.textContent = result.status === 'SUCCEEDED' ? 'done' : 'failed';
    card.status.className = 'task-status ' + (result.status === 'SUCCEEDED' ? 'succeeded' : 'failed');
    for (const artifact of result.artifacts) renderArtifact(card, artifact);
    card.text.replaceChildren(sanitizedFragment(result.html));
    card.streaming = null;
    card.table.replaceChildren();
    if (result.table) card.table.append(renderTable(result.table));
    for (const warning of result.warnings) card.details.append(el('div', 'warning', warning));
    card.details.append(el('div', 'msg-debug task-usage', usageText(result.usage)));
  }

  // The server rendered and sanitized this HTML; a template keeps it inert (no script runs, nothing loads) while
  // it is parsed, and the page's Content-Security-Policy forbids inline script and remote content anyway.
  function sanitizedFragment(html) {
    const template = document.createElement('template');
    template.innerHTML = html || '';
    return template.content;
  }

  function renderOutcome(view, outcome, fromTranscript) {
    if (fromTranscript) {
      renderPlan(view, { tasks: outcome.plan, note: '' });
    }
    outcome.tasks.forEach((record, index) => {
      const card = taskCard(view, index, record.task);
      if (!card.finished) renderResult(card, record.result);
    });
    view.cards.forEach((card) => {
      if (!card.finished) {
        card.status.textContent = outcome.status === 'CANCELLED' ? 'cancelled' : 'not run';
        card.status.className = 'task-status failed';
      }
    });
    const line = el('div', 'outcome ' + outcome.status.toLowerCase());
    line.dataset.status = outcome.status;
    const parts = [];
    if (outcome.status !== 'SUCCEEDED') parts.push(outcome.status.toLowerCase() + (outcome.message ? ': ' + outcome.message : ''));
    parts.push(usageText(outcome.usage));
    parts.push((outcome.elapsedMillis / 1000).toFixed(1) + ' s');
    line.textContent = parts.join(' · ');
    line.classList.add('usage');
    view.footer.replaceChildren(line);
  }

  function usageText(usage) {
    return 'tokens ' + usage.totalTokens + ' (prompt ' + usage.promptTokens + ', completion '
        + usage.completionTokens + ') in ' + usage.calls + ' model call' + (usage.calls === 1 ? '' : 's');
  }

  function systemLine(container, text) {
    container.append(el('div', 'msg-system', text));
  }

  async function sendPrompt(event) {
    event.preventDefault();
    const prompt = $('prompt').value;
    if (state.run) return;
    if (!state.sessionId) await newSession();
    let run;
    try {
      run = await api('POST', '/api/sessions/' + encodeURIComponent(state.sessionId) + '/prompts', { prompt });
    } catch (error) {
      showNotice(error.message);
      return;
    }
    $('prompt').value = '';
    const view = newTurn(prompt);
    follow(run, view);
  }

  // A prompt's events go to its one turn. A promptbook's come as steps: each step-started opens the step's turn,
  // which the step's own events then fill, and step-finished ends it; the last outcome is the promptbook's.
  function follow(run, firstView, promptbook) {
    state.run = run;
    setRunning(true);
    const source = new EventSource(run.eventsUrl);
    state.source = source;
    let view = firstView;
    const on = (name, handler) => source.addEventListener(name, (message) => {
      handler(JSON.parse(message.data));
      scrollDown();
    });
    on('step-started', (e) => {
      view = newTurn(e.prompt);
      view.root.classList.add('promptbook-step');
      view.root.prepend(el('div', 'step-head', promptbook + ': step ' + e.number + ' of ' + e.total));
    });
    on('step-finished', (e) => renderOutcome(view, e.outcome, false));
    on('plan', (plan) => renderPlan(view, plan));
    on('task-started', (e) => {
      const card = taskCard(view, e.index, e.task);
      card.status.textContent = 'running';
    });
    on('task-progress', (e) => {
      const card = taskCard(view, e.index);
      card.status.textContent = e.text;
      systemLine(card.log, e.text);
    });
    on('task-artifact', (e) => renderArtifact(taskCard(view, e.index), e.artifact));
    on('task-delta', (e) => {
      const card = taskCard(view, e.index);
      if (!card.streaming) {
        card.streaming = el('div', 'streaming');
        card.text.replaceChildren(card.streaming);
      }
      card.streaming.append(document.createTextNode(e.text));
    });
    on('task-finished', (e) => renderResult(taskCard(view, e.index, e.task), e.result));
    on('waiting', (e) => systemLine(view.plan, 'Waiting ' + (e.delayMillis / 1000).toFixed(1) + ' s for '
        + e.service + ': ' + e.reason));
    on('notice', (e) => systemLine(view.plan, e.message));
    on('prompt-finished', (e) => systemLine(view.footer, 'finished in ' + (e.elapsedMillis / 1000).toFixed(1) + ' s'));
    on('outcome', (outcome) => {
      if (promptbook) renderPromptbookOutcome(promptbook, outcome); else renderOutcome(view, outcome, false);
      stopStream();
      loadSessions();
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        showNotice('Lost the connection to the server while the prompt ran.');
        stopStream();
      }
    };
  }

  function renderPromptbookOutcome(name, outcome) {
    const line = el('div', 'promptbook-outcome outcome ' + outcome.status.toLowerCase());
    line.dataset.status = outcome.status;
    line.textContent = 'Promptbook ' + name + ': '
        + (outcome.status === 'SUCCEEDED' ? 'every step done' : outcome.status.toLowerCase() + ': ' + outcome.message)
        + ' · ' + usageText(outcome.usage) + ' · ' + (outcome.elapsedMillis / 1000).toFixed(1) + ' s';
    $('messages').append(line);
  }

  // ---- promptbooks: a picker, one field per input (labels and hints as text), and Run ----

  async function loadPromptbooks() {
    state.promptbooks = await api('GET', '/api/promptbooks');
    const picker = $('promptbook-picker');
    for (const book of state.promptbooks) {
      const option = el('option', '', book.name);
      option.value = book.name;
      option.title = book.description;
      picker.append(option);
    }
    picker.addEventListener('change', () => showPromptbook(picker.value));
    $('promptbook-form').addEventListener('submit', runPromptbook);
  }

  function showPromptbook(name) {
    const book = state.promptbooks.find((b) => b.name === name);
    const inputs = $('promptbook-inputs');
    inputs.replaceChildren();
    $('promptbook-form').hidden = !book;
    $('promptbook-description').textContent = book ? book.description + ' (' + book.steps + ' steps)' : '';
    if (!book) return;
    for (const input of book.inputs) {
      const label = el('label', 'promptbook-input');
      label.append(el('span', 'promptbook-input-name', input.name + (input.required ? ' *' : '')));
      const field = el('input');
      field.type = 'text';
      field.name = input.name;
      field.dataset.input = input.name;
      field.required = input.required;
      field.maxLength = 2000;
      if (input.defaultValue !== null) field.placeholder = input.defaultValue;
      field.title = input.description;
      label.append(field, el('span', 'promptbook-input-hint', input.description));
      inputs.append(label);
    }
  }

  async function runPromptbook(event) {
    event.preventDefault();
    const name = $('promptbook-picker').value;
    if (state.run || !name) return;
    if (!state.sessionId) await newSession();
    const inputs = {};
    for (const field of $('promptbook-inputs').querySelectorAll('input[data-input]')) {
      inputs[field.dataset.input] = field.value;
    }
    let run;
    try {
      run = await api('POST', '/api/sessions/' + encodeURIComponent(state.sessionId) + '/promptbooks',
          { name, inputs });
    } catch (error) {
      showNotice(error.message);
      return;
    }
    follow(run, null, name);
  }

  function stopStream() {
    if (state.source) state.source.close();
    state.source = null;
    state.run = null;
    setRunning(false);
  }

  function setRunning(running) {
    $('send').disabled = running;
    $('promptbook-run').disabled = running;
    $('cancel').disabled = !running;
  }

  async function cancelRun() {
    if (!state.run) return;
    await api('POST', '/api/runs/' + encodeURIComponent(state.run.runId) + '/cancel');
  }

  async function clearSession() {
    if (!state.sessionId) return;
    await api('POST', '/api/sessions/' + encodeURIComponent(state.sessionId) + '/clear');
    await selectSession(state.sessionId);
  }

  // ---- tables: built from typed cells with textContent, sortable, copyable as CSV ----

  const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

  function renderTable(table) {
    const wrap = el('div', 'result');
    const tools = el('div', 'table-tools');
    const count = table.truncated
        ? table.rows.length + ' of ' + table.totalRows + ' rows (truncated)'
        : table.rows.length + ' rows';
    tools.append(el('span', 'row-count', count));
    tools.append(copyButton('Copy as CSV', () => toCsv(table.columns, currentRows)));
    const scroller = el('div', 'table-wrap');
    const grid = el('table', 'result-table');
    const head = el('thead');
    const headRow = el('tr');
    const body = el('tbody');
    let currentRows = table.rows.slice();
    let sortColumn = -1;
    let ascending = true;
    table.columns.forEach((column, index) => {
      const th = el('th');
      th.title = column.type;
      const sort = el('button', 'sort', column.name);
      sort.type = 'button';
      sort.addEventListener('click', () => {
        ascending = sortColumn === index ? !ascending : true;
        sortColumn = index;
        const numeric = NUMERIC.has(column.type);
        currentRows = table.rows.slice().sort((a, b) => compareCells(a[index], b[index], numeric) * (ascending ? 1 : -1));
        headRow.querySelectorAll('th').forEach((cell, i) => {
          cell.setAttribute('aria-sort', i === index ? (ascending ? 'ascending' : 'descending') : 'none');
        });
        fillBody(body, currentRows);
      });
      th.append(sort);
      headRow.append(th);
    });
    head.append(headRow);
    fillBody(body, currentRows);
    grid.append(head, body);
    scroller.append(grid);
    wrap.append(tools, scroller);
    return wrap;
  }

  function fillBody(body, rows) {
    const fragment = document.createDocumentFragment();
    for (const row of rows) {
      const tr = el('tr');
      for (const cell of row) tr.append(el('td', null, cellText(cell)));
      fragment.append(tr);
    }
    body.replaceChildren(fragment);
  }

  function cellText(cell) {
    if (cell === null || cell === undefined) return '';
    return typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
  }

  function compareCells(a, b, numeric) {
    if (a === b) return 0;
    if (a === null || a === undefined) return 1;
    if (b === null || b === undefined) return -1;
    if (numeric || (typeof a === 'number' && typeof b === 'number')) return Number(a) - Number(b);
    return cellText(a).localeCompare(cellText(b), undefined, { numeric: true });
  }

  // Spreadsheet programs run cells that start with = + - @ as formulas; a leading quote keeps them text.
  function csvCell(cell) {
    let text = cellText(cell);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function toCsv(columns, rows) {
    const lines = [columns.map((c) => csvCell(c.name)).join(',')];
    for (const row of rows) lines.push(row.map(csvCell).join(','));
    return lines.join('\r\n') + '\r\n';
  }

  function downloadButton(fileName, text) {
    const button = el('button', 'copy download', 'Download');
    button.type = 'button';
    button.title = 'Save as ' + fileName;
    button.addEventListener('click', () => {
      const url = URL.createObjectURL(new Blob([text()], { type: 'text/plain;charset=utf-8' }));
      const link = el('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    return button;
  }

  function copyButton(label, text) {
    const button = el('button', 'copy', label);
    button.type = 'button';
    button.addEventListener('click', async () => {
      const value = text();
      try {
        await navigator.clipboard.writeText(value);
      } catch (error) {
        const area = el('textarea');
        area.value = value;
        document.body.append(area);
        area.select();
        document.execCommand('copy');
        area.remove();
      }
      button.textContent = 'Copied';
      setTimeout(() => { button.textContent = label; }, 1200);
    });
    return button;
  }

  // ---- page chrome ----

  function showNotice(text) {
    const notice = el('div', 'notice', text);
    $('notices').append(notice);
    setTimeout(() => notice.remove(), 8000);
  }

  function scrollDown() {
    const messages = $('messages');
    messages.scrollTop = messages.scrollHeight;
  }

  function toggle(id, bodyClass) {
    const box = $(id);
    box.checked = window.localStorage.getItem(bodyClass) === 'on';
    document.body.classList.toggle(bodyClass, box.checked);
    box.addEventListener('change', () => {
      document.body.classList.toggle(bodyClass, box.checked);
      window.localStorage.setItem(bodyClass, box.checked ? 'on' : 'off');
    });
  }

  async function logout() {
    await api('POST', '/logout');
    window.location.assign('/login');
  }

  async function start() {
    const me = await api('GET', '/api/me');
    state.csrf = me.csrfToken;
    toggle('toggle-system', 'show-system');
    toggle('toggle-debug', 'show-debug');
    $('prompt-form').addEventListener('submit', sendPrompt);
    $('prompt').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) $('prompt-form').requestSubmit();
    });
    $('new-session').addEventListener('click', newSession);
    $('cancel').addEventListener('click', cancelRun);
    $('clear').addEventListener('click', clearSession);
    $('logout').addEventListener('click', logout);
    $('toggle-privacy').addEventListener('change', switchPrivacy);
    await loadPromptbooks();
    const notices = await api('GET', '/api/notices');
    notices.forEach(showNotice);
    const sessions = await loadSessions();
    if (sessions.length > 0) await selectSession(sessions[0].id); else await newSession();
    document.body.dataset.ready = 'true';
  }

  document.addEventListener('DOMContentLoaded', () => {
    start().catch((error) => showNotice('The page could not start: ' + error.message));
  });
})();
