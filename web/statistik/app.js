// The Statistik tab. It draws what GET /api/statistik sends and nothing else: the server has
// already counted the figures and put "färre än 5" in place of small ones, so this page never sees
// a number it must hide. A plain browser script, not compiled: the page has no build step of its
// own and the bot serves this file as it is.
(function () {
  'use strict';

  /** Outside Teams initialize() fails at once; inside a frame that is not Teams it never answers. */
  const TEAMS_INIT_TIMEOUT_MS = 4000;
  // The shares, seven lines in one chart, get the whole width below the other two.
  const KIND_ORDER = ['count', 'median', 'share'];
  const CHART_TITLES = {
    count: 'Antal ärenden per månad',
    share: 'Andelar per månad, i procent',
    median: 'Median i arbetsdagar per månad',
  };
  /** Okabe–Ito colours, told apart with colour blindness too; the last one follows the theme. */
  const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9'];
  const POINT_STYLES = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded'];
  const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];
  const NETWORK_PROBLEM = 'Ingen kontakt med servern. Kontrollera anslutningen och försök igen.';
  const SSO_PROBLEM =
    'Inloggningen i Teams kunde inte användas för statistiken. Stäng fliken och öppna den igen; hjälper inte det, be din administratör se över appens inloggning (SSO).';

  const state = { inTeams: false, view: undefined, groupIndex: 0, charts: [] };
  const $ = (id) => document.getElementById(id);

  /**
   * A problem to show the user as it is: its text is already plain Swedish. `retry`: trying again
   * may help (the network, the server); a refusal stays one until the administrator acts.
   */
  class PageProblem extends Error {
    constructor(message, retry) {
      super(message);
      this.retry = retry;
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('retry').addEventListener('click', () => void load());
    $('group').addEventListener('change', () => {
      state.groupIndex = Number($('group').value);
      renderGroup();
    });
    $('csv').addEventListener('click', () => void downloadStatistics());
    $('principal').addEventListener('change', fillUnits);
    $('access-log-form').addEventListener('submit', (event) => {
      event.preventDefault();
      void exportAccessLog();
    });
    void start();
  });

  async function start() {
    state.inTeams = await connectToTeams();
    await load();
  }

  async function connectToTeams() {
    const sdk = window.microsoftTeams;
    if (!sdk) return false;
    try {
      await withTimeout(sdk.app.initialize(), TEAMS_INIT_TIMEOUT_MS);
    } catch {
      return false;
    }
    try {
      const context = await sdk.app.getContext();
      applyTheme(context.app && context.app.theme);
      sdk.app.registerOnThemeChangeHandler(applyTheme);
    } catch {
      // The light theme stays; the page works the same.
    }
    return true;
  }

  function withTimeout(promise, ms) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  function applyTheme(theme) {
    document.documentElement.dataset.theme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
    if (state.view) renderCharts(currentGroup());
  }

  /**
   * The user's Teams token, asked for before every request: Teams keeps it fresh, so a tab left
   * open for hours still gets answers. Outside Teams there is none and the server decides.
   */
  async function authHeaders() {
    if (!state.inTeams) return {};
    try {
      return { Authorization: 'Bearer ' + (await window.microsoftTeams.authentication.getAuthToken()) };
    } catch {
      throw new PageProblem(SSO_PROBLEM, false);
    }
  }

  /** Fetches with the user's token; a refusal becomes the server's own Swedish message. */
  async function request(url, what) {
    const headers = await authHeaders();
    let response;
    try {
      response = await fetch(url, { headers, cache: 'no-store', credentials: 'same-origin' });
    } catch {
      throw new PageProblem(NETWORK_PROBLEM, true);
    }
    if (!response.ok) throw new PageProblem(await refusalText(response, what), response.status !== 401 && response.status !== 403);
    return response;
  }

  async function refusalText(response, what) {
    try {
      // Our API's refusals are { error, message } with the message in Swedish; restify's own
      // (an unknown route) are { code, message } in English, and are not shown.
      const body = await response.json();
      if (body && typeof body.error === 'string' && typeof body.message === 'string' && body.message.trim() !== '') return body.message;
    } catch {
      // Not JSON (a proxy's error page, say): the status says enough.
    }
    if (response.status === 401) return 'Du är inte inloggad. Öppna Statistik i Teams.';
    if (response.status === 403) return 'Du saknar behörighet till ' + what + '. Be din administratör om behörigheten.';
    return capitalise(what) + ' kunde inte hämtas just nu (fel ' + response.status + '). Försök igen om en stund.';
  }

  async function load() {
    $('error').hidden = true;
    $('loading').hidden = false;
    try {
      const response = await request('/api/statistik', 'statistiken');
      let view;
      try {
        view = await response.json();
      } catch {
        view = undefined;
      }
      if (!isView(view)) throw new PageProblem('Svaret från servern gick inte att läsa. Försök igen om en stund.', true);
      state.view = view;
      state.groupIndex = 0;
      showView();
    } catch (error) {
      showProblem(error);
    } finally {
      $('loading').hidden = true;
    }
  }

  function isView(view) {
    return (
      view !== null &&
      typeof view === 'object' &&
      Array.isArray(view.months) &&
      Array.isArray(view.monthLabels) &&
      Array.isArray(view.figures) &&
      Array.isArray(view.groups) &&
      view.groups.length > 0
    );
  }

  function showProblem(error) {
    $('content').hidden = true;
    $('access-log').hidden = true;
    $('error-text').textContent = error instanceof PageProblem ? error.message : 'Något gick fel när statistiken skulle visas. Försök igen om en stund.';
    $('retry').hidden = error instanceof PageProblem && !error.retry;
    $('error').hidden = false;
    if (!(error instanceof PageProblem)) console.error(error);
  }

  function showView() {
    const view = state.view;
    $('built').textContent = view.builtAtText + (view.viewer ? ' · Visas för ' + view.viewer : '');
    $('local-note').hidden = !view.local;
    $('about').textContent =
      'Siffrorna gäller öppna och nyligen avslutade ärenden. En cell med färre än ' +
      view.threshold +
      ' ärenden visas som ”färre än ' +
      view.threshold +
      '”, så att ingen enskild person kan pekas ut. En andel där färre än ' +
      view.threshold +
      ' ärenden uppfyllde kravet, eller färre än ' +
      view.threshold +
      ' inte gjorde det, visas bara ungefär (”färre än … av …”, ”fler än … av …”). ”Dold” betyder att siffran döljs så att en liten grupp inte kan räknas fram ur de andra cellerna. Diagrammen visar sådana månader som luckor, inte som noll.';
    const select = $('group');
    select.replaceChildren(
      ...view.groups.map((group, index) => {
        const option = document.createElement('option');
        option.value = String(index);
        option.textContent = group.label;
        return option;
      }),
    );
    select.value = '0';
    $('content').hidden = false;
    renderGroup();
    setUpAccessLog(view);
  }

  function currentGroup() {
    return state.view.groups[state.groupIndex] || state.view.groups[0];
  }

  function renderGroup() {
    const group = currentGroup();
    renderCharts(group);
    renderTable(group);
  }

  // ---- Charts -------------------------------------------------------------------------------

  function renderCharts(group) {
    for (const chart of state.charts) chart.destroy();
    state.charts = [];
    const container = $('charts');
    container.replaceChildren();
    const Chart = window.Chart;
    if (!Chart) {
      container.append(paragraph('Diagrammen kunde inte visas. Samma siffror finns i tabellen nedan.', 'muted'));
      return;
    }
    const colours = themeColours();
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = colours.text;
    const view = state.view;
    for (const kind of KIND_ORDER) {
      const figures = view.figures.filter((figure) => figure.kind === kind);
      if (figures.length === 0) continue;
      const figureElement = document.createElement('figure');
      figureElement.className = 'chart chart-' + kind;
      const caption = document.createElement('figcaption');
      caption.textContent = CHART_TITLES[kind];
      figureElement.append(caption);
      const datasets = figures.map((figure, index) => dataset(kind, figure, group.cells[figure.id] || [], index, colours));
      const anyShown = datasets.some((set) => set.data.some((value) => value !== null));
      if (!anyShown) {
        figureElement.append(paragraph('Inget att visa för ' + group.label + ': för få ärenden eller inget att räkna. Se tabellen nedan.', 'muted'));
        container.append(figureElement);
        continue;
      }
      const box = document.createElement('div');
      box.className = 'chart-box';
      const canvas = document.createElement('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', CHART_TITLES[kind] + ' för ' + group.label + '. Samma siffror finns i tabellen nedan.');
      canvas.textContent = 'Samma siffror finns i tabellen nedan.';
      box.append(canvas);
      figureElement.append(box);
      if (kind === 'share') figureElement.append(paragraph('Klicka på ett namn under diagrammet för att dölja eller visa den linjen.', 'muted hint'));
      container.append(figureElement);
      state.charts.push(new Chart(canvas, chartConfig(kind, view.monthLabels, datasets, colours)));
    }
  }

  function dataset(kind, figure, cells, index, colours) {
    const colour = index < PALETTE.length ? PALETTE[index] : colours.text;
    return {
      label: figure.label,
      // A hidden or missing number is a gap, never a zero.
      data: cells.map((cell) => (cell && cell.kind === 'shown' && typeof cell.value === 'number' ? cell.value : null)),
      cellTexts: cells.map((cell) => (cell ? cell.text : '')),
      backgroundColor: colour,
      borderColor: colour,
      borderWidth: kind === 'share' ? 2 : 0,
      borderDash: kind === 'share' ? DASHES[index % DASHES.length] : [],
      pointStyle: POINT_STYLES[index % POINT_STYLES.length],
      pointRadius: 4,
      spanGaps: false,
    };
  }

  function chartConfig(kind, labels, datasets, colours) {
    const y = {
      beginAtZero: true,
      grid: { color: colours.grid },
      ticks: { precision: 0 },
      title: { display: true, text: kind === 'count' ? 'ärenden' : kind === 'share' ? 'procent' : 'arbetsdagar' },
    };
    if (kind === 'share') {
      y.max = 100;
      y.ticks = { callback: (value) => value + ' %' };
    }
    return {
      type: kind === 'share' ? 'line' : 'bar',
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { x: { grid: { color: colours.grid } }, y: y },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: kind === 'share', boxWidth: 14 } },
          tooltip: {
            callbacks: {
              // The server's own text ("62 % (8 av 13)"), the same as the table's.
              label: (item) => item.dataset.label + ': ' + (item.dataset.cellTexts[item.dataIndex] || ''),
            },
          },
        },
      },
    };
  }

  function themeColours() {
    const style = getComputedStyle(document.documentElement);
    return { text: style.getPropertyValue('--text').trim() || '#242424', grid: style.getPropertyValue('--grid').trim() || '#e0e0e0' };
  }

  // ---- Table --------------------------------------------------------------------------------

  function renderTable(group) {
    const view = state.view;
    const table = $('table');
    const caption = document.createElement('caption');
    caption.textContent = group.label + ', per månad';
    const head = document.createElement('thead');
    const headRow = document.createElement('tr');
    headRow.append(cell('th', 'Mått', 'col'));
    for (const label of view.monthLabels) headRow.append(cell('th', label, 'col'));
    head.append(headRow);
    const body = document.createElement('tbody');
    for (const figure of view.figures) {
      const row = document.createElement('tr');
      const header = cell('th', '', 'row');
      const name = document.createElement('span');
      name.className = 'figure-label';
      name.textContent = figure.label;
      const explanation = document.createElement('span');
      explanation.className = 'figure-explanation';
      explanation.textContent = figure.explanation;
      header.append(name, explanation);
      row.append(header);
      const cells = group.cells[figure.id] || [];
      view.months.forEach((_month, index) => {
        const value = cells[index];
        const td = cell('td', value ? value.text : '');
        td.className = 'cell-' + (value ? value.kind : 'none');
        row.append(td);
      });
      body.append(row);
    }
    table.replaceChildren(caption, head, body);
  }

  function cell(tag, text, scope) {
    const element = document.createElement(tag);
    element.textContent = text;
    if (scope) element.scope = scope;
    return element;
  }

  function paragraph(text, className) {
    const element = document.createElement('p');
    element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  // ---- Downloads ----------------------------------------------------------------------------

  async function downloadStatistics() {
    const button = $('csv');
    const message = $('csv-message');
    message.hidden = true;
    button.disabled = true;
    try {
      const response = await request('/api/statistik.csv', 'statistiken');
      save(await response.blob(), fileName(response, 'statistik-' + isoDate(new Date()) + '.csv'));
    } catch (error) {
      message.textContent = error instanceof PageProblem ? error.message : 'Filen kunde inte sparas. Försök igen om en stund.';
      message.hidden = false;
    } finally {
      button.disabled = false;
    }
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // Revoked later, not at once: the browser reads the file after the click has returned.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  /** The server's file name when it gives one, kept to a plain name. */
  function fileName(response, fallback) {
    const disposition = response.headers.get('Content-Disposition') || '';
    const match = /filename="?([\w.\-]+)"?/i.exec(disposition);
    return match ? match[1] : fallback;
  }

  // ---- Access log ---------------------------------------------------------------------------

  function setUpAccessLog(view) {
    const section = $('access-log');
    section.hidden = !view.accessLogExport;
    if (!view.accessLogExport) return;
    const today = new Date();
    if (!$('from').value) $('from').value = isoDate(new Date(today.getFullYear(), today.getMonth() - 1, 1));
    if (!$('to').value) $('to').value = isoDate(today);
    // Where two tenants share the deployment, each organisation follows up its own units only.
    const allowed = view.accessLogPrincipals;
    for (const option of $('principal').options) {
      option.hidden = !allowed.includes(option.value);
      option.disabled = option.hidden;
    }
    if (!allowed.includes($('principal').value) && allowed.length > 0) $('principal').value = allowed[0];
    fillUnits();
  }

  function fillUnits() {
    const units = (state.view && state.view.units && state.view.units[$('principal').value]) || [];
    const select = $('unit');
    if (units.length === 0) {
      const option = document.createElement('option');
      option.value = '';
      option.textContent = 'Inga enheter i listan';
      select.replaceChildren(option);
      return;
    }
    select.replaceChildren(
      ...units.map((unit) => {
        const option = document.createElement('option');
        option.value = unit;
        option.textContent = unit;
        return option;
      }),
    );
  }

  async function exportAccessLog() {
    const from = $('from').value;
    const to = $('to').value;
    const principal = $('principal').value;
    const unit = $('unit').value;
    const problem =
      !from || !to ? 'Fyll i både från och med och till och med.' : from > to ? 'Från och med måste vara samma dag som till och med eller tidigare.' : !unit ? 'Välj en enhet.' : undefined;
    if (problem) return accessLogMessage(problem, true);
    const submit = $('access-log-form').querySelector('button[type="submit"]');
    submit.disabled = true;
    accessLogMessage('Exporterar …', false);
    try {
      const query = new URLSearchParams({ fran: from, till: to, huvudman: principal, enhet: unit });
      const response = await request('/api/logguppfoljning.csv?' + query.toString(), 'logguppföljningen');
      save(await response.blob(), fileName(response, 'logguppfoljning-' + from + '-' + to + '.csv'));
      accessLogMessage('Filen är hämtad.', false);
    } catch (error) {
      accessLogMessage(error instanceof PageProblem ? error.message : 'Exporten misslyckades. Försök igen om en stund.', true);
    } finally {
      submit.disabled = false;
    }
  }

  function accessLogMessage(text, isProblem) {
    const message = $('access-log-message');
    message.textContent = text;
    message.className = isProblem ? 'problem-inline' : 'muted';
  }

  // ---- Small helpers ------------------------------------------------------------------------

  /** YYYY-MM-DD of the user's own calendar day (toISOString would give UTC's). */
  function isoDate(date) {
    const pad = (n) => String(n).padStart(2, '0');
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
  }

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }
})();
