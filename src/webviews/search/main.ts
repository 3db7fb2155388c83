import type { Modality, ResultCard, SearchForm, SearchHostMessage, SearchViewState, SearchWebviewMessage, TranscriptionModeName } from '../shared/searchProtocol';
import { clock, el, marked } from '../shared/dom';
import { hostChannel } from '../shared/host';

/**
 * The Search view's script. It draws what the host sends (`state`) and sends back what the user does;
 * it holds no key and calls no API. Results are drawn as a window over the list (only the rows in
 * view and a few around them exist in the DOM), so a thousand results cost what a screenful does.
 */

const post = hostChannel<SearchWebviewMessage>();

/** Fixed row heights (the CSS agrees), so that the window over the results is a division. */
const CARD_HEIGHT = 76;
const HEADER_HEIGHT = 28;
const OVERSCAN_ROWS = 6;

type Row = { kind: 'header'; label: string; count: number } | { kind: 'card'; card: ResultCard; position: number };

interface Ui {
  index: HTMLSelectElement;
  query: HTMLInputElement;
  imageUrl: HTMLInputElement;
  imageFile: HTMLElement;
  modalities: Record<Modality, HTMLInputElement>;
  operator: HTMLSelectElement;
  groupBy: HTMLSelectElement;
  modes: Record<TranscriptionModeName, HTMLInputElement>;
  minDuration: HTMLInputElement;
  maxDuration: HTMLInputElement;
  filename: HTMLInputElement;
  metadataKey: HTMLInputElement;
  metadataValue: HTMLInputElement;
  message: HTMLElement;
  recent: HTMLElement;
  summary: HTMLElement;
  results: HTMLElement;
  loadMore: HTMLButtonElement;
  /** The results scroll on their own, under the form, which stays in view. */
  scroller: HTMLElement;
}

let state: SearchViewState | undefined;
let ui: Ui | undefined;
let rows: Row[] = [];
let offsets: number[] = [];
let activeRow = -1;
/** What the window last drew (first row, last row, active row): a scroll within it changes nothing. */
let drawnWindow = '';
let formVersion = -1;
/** The thumbnail URL that failed, per result: a fresh URL from the host is tried; the same one is not. */
const failedThumbnails = new Map<string, string>();

window.addEventListener('message', (event: MessageEvent<SearchHostMessage>) => {
  const message = event.data;
  if (message.type === 'state') {
    state = message.state;
    render(message.state);
  } else if (message.type === 'focusQuery') {
    ui?.query.focus();
  }
});
window.addEventListener('resize', () => drawWindow());
post({ type: 'ready' });

function render(next: SearchViewState): void {
  ui ??= build(next);
  const s = next.strings;
  ui.index.replaceChildren(
    ...(next.indexes.length === 0 ? [el('option', { value: '' }, s.index)] : next.indexes.map((index) => el('option', { value: index.id }, index.name))),
  );
  ui.index.value = next.indexId ?? '';
  if (next.formVersion !== formVersion) {
    formVersion = next.formVersion;
    applyForm(ui, next.form);
  }
  ui.imageFile.replaceChildren(...(next.imageFile === undefined ? [] : [el('span', {}, next.imageFile), button(s.clearImage, () => post({ type: 'clearImage' }), 'link')]));
  ui.imageFile.hidden = next.imageFile === undefined;
  renderMessage(ui, next);
  ui.recent.replaceChildren(...next.recent.map((text) => button(text, () => search({ ...readForm(ui as Ui), text }), 'chip')));
  ui.recent.hidden = next.recent.length === 0 || next.status === 'results';
  ui.summary.textContent = next.status === 'searching' ? s.searching : next.totalResults === undefined ? '' : format(s.results, next.totalResults);
  document.body.setAttribute('aria-busy', String(next.status === 'searching' || next.loadingMore));
  ui.loadMore.hidden = !next.canLoadMore;
  ui.loadMore.disabled = next.loadingMore;
  layoutRows(next);
  drawnWindow = '';
  drawWindow();
}

function build(initial: SearchViewState): Ui {
  const s = initial.strings;
  const check = (label: string, value: string) => {
    const input = el('input', { type: 'checkbox', value });
    return { input, label: el('label', {}, input, ` ${label}`) };
  };
  const visual = check(s.visual, 'visual');
  const audio = check(s.audio, 'audio');
  const transcription = check(s.transcription, 'transcription');
  const lexical = check(s.lexical, 'lexical');
  const semantic = check(s.semantic, 'semantic');
  const text = (label: string, attributes: Record<string, string> = {}) => {
    const input = el('input', { type: 'text', 'aria-label': label, placeholder: label, ...attributes });
    return input;
  };
  const made: Ui = {
    index: el('select', { 'aria-label': s.index, id: 'index' }),
    query: el('input', { type: 'search', id: 'query', 'aria-label': s.query, placeholder: s.queryPlaceholder }),
    imageUrl: text(s.imageUrlPlaceholder, { id: 'image-url', type: 'url' }),
    imageFile: el('div', { class: 'image-file', id: 'image-file' }),
    modalities: { visual: visual.input, audio: audio.input, transcription: transcription.input },
    operator: el('select', { 'aria-label': s.operator, id: 'operator' }, el('option', { value: 'or' }, s.operatorOr), el('option', { value: 'and' }, s.operatorAnd)),
    groupBy: el('select', { 'aria-label': s.groupBy, id: 'group-by' }, el('option', { value: 'clip' }, s.groupByClip), el('option', { value: 'video' }, s.groupByVideo)),
    modes: { lexical: lexical.input, semantic: semantic.input },
    minDuration: text(s.minDuration, { id: 'min-duration', inputmode: 'numeric' }),
    maxDuration: text(s.maxDuration, { id: 'max-duration', inputmode: 'numeric' }),
    filename: text(s.filename, { id: 'filter-filename' }),
    metadataKey: text(s.metadataKey, { id: 'metadata-key' }),
    metadataValue: text(s.metadataValue, { id: 'metadata-value' }),
    message: el('div', { class: 'message', id: 'message', role: 'status' }),
    recent: el('div', { class: 'recent', id: 'recent', 'aria-label': s.recent }),
    summary: el('div', { class: 'summary', id: 'summary', 'aria-live': 'polite' }),
    results: el('div', { class: 'results', id: 'results', role: 'list', 'aria-label': s.resultLabel }),
    loadMore: el('button', { type: 'button', id: 'load-more', class: 'secondary' }, s.loadMore),
    scroller: el('div', { class: 'scroller', id: 'scroller' }),
  };
  made.scroller.append(made.results, made.loadMore);
  made.scroller.addEventListener('scroll', () => drawWindow(), { passive: true });
  const form = el(
    'form',
    { id: 'search-form', role: 'search' },
    el('div', { class: 'row' }, made.index),
    el('div', { class: 'row' }, made.query, el('button', { type: 'submit', id: 'search' }, s.search)),
    el('div', { class: 'row' }, button(s.image, () => post({ type: 'pickImage' }), 'secondary', 'pick-image'), made.imageUrl),
    made.imageFile,
    el('div', { class: 'hint' }, s.dropHint),
    el(
      'details',
      { id: 'options' },
      el('summary', {}, s.options),
      el('fieldset', {}, el('legend', {}, s.modalities), visual.label, audio.label, transcription.label),
      el('div', { class: 'row' }, el('label', {}, `${s.operator} `, made.operator), el('label', {}, `${s.groupBy} `, made.groupBy)),
      el('fieldset', {}, el('legend', {}, s.transcriptionMode), lexical.label, semantic.label),
      el('fieldset', {}, el('legend', {}, s.filter), el('div', { class: 'row' }, made.minDuration, made.maxDuration), made.filename, el('div', { class: 'row' }, made.metadataKey, made.metadataValue)),
    ),
    el('div', { class: 'row' }, button(s.copyAsCode, () => post({ type: 'copyAsCode', form: readForm(made) }), 'secondary', 'copy-as-code')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    search(readForm(made));
  });
  made.index.addEventListener('change', () => post({ type: 'selectIndex', indexId: made.index.value }));
  made.loadMore.addEventListener('click', () => post({ type: 'loadMore' }));
  made.results.addEventListener('keydown', (event) => onResultsKey(event));
  made.results.addEventListener('click', (event) => {
    const analyze = (event.target as Element).closest<HTMLElement>('[data-analyze]');
    if (analyze?.dataset.analyze) {
      post({ type: 'analyze', key: analyze.dataset.analyze });
      return;
    }
    const row = (event.target as Element).closest<HTMLElement>('[data-row]');
    if (row) {
      open(Number(row.dataset.row));
    }
  });
  // A file dragged from the Explorer (a URI); files from outside VS Code arrive the same way with Shift held.
  document.body.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dropping');
  });
  document.body.addEventListener('dragleave', () => document.body.classList.remove('dropping'));
  document.body.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dropping');
    const uri = (event.dataTransfer?.getData('text/uri-list') ?? '').split(/\r?\n/).find((line) => line.trim() !== '' && !line.startsWith('#'));
    if (uri) {
      post({ type: 'dropImage', uri: uri.trim() });
    }
  });
  document.body.append(el('div', { class: 'top' }, form, made.message, made.recent, made.summary), made.scroller);
  return made;
}

function applyForm(target: Ui, form: SearchForm): void {
  target.query.value = form.text;
  target.imageUrl.value = form.imageUrl;
  for (const [name, input] of Object.entries(target.modalities)) {
    input.checked = form.modalities.includes(name as Modality);
  }
  target.operator.value = form.operator;
  target.groupBy.value = form.groupBy;
  for (const [name, input] of Object.entries(target.modes)) {
    input.checked = form.transcriptionModes.includes(name as TranscriptionModeName);
  }
  target.minDuration.value = form.filter.minDuration;
  target.maxDuration.value = form.filter.maxDuration;
  target.filename.value = form.filter.filename;
  target.metadataKey.value = form.filter.metadataKey;
  target.metadataValue.value = form.filter.metadataValue;
}

function readForm(source: Ui): SearchForm {
  return {
    text: source.query.value,
    imageUrl: source.imageUrl.value.trim(),
    modalities: (Object.keys(source.modalities) as Modality[]).filter((name) => source.modalities[name].checked),
    operator: source.operator.value === 'and' ? 'and' : 'or',
    groupBy: source.groupBy.value === 'video' ? 'video' : 'clip',
    transcriptionModes: (Object.keys(source.modes) as TranscriptionModeName[]).filter((name) => source.modes[name].checked),
    filter: {
      minDuration: source.minDuration.value.trim(),
      maxDuration: source.maxDuration.value.trim(),
      filename: source.filename.value.trim(),
      metadataKey: source.metadataKey.value.trim(),
      metadataValue: source.metadataValue.value.trim(),
    },
  };
}

function search(form: SearchForm): void {
  post({ type: 'search', form });
}

function renderMessage(target: Ui, current: SearchViewState): void {
  const message = current.message;
  target.message.hidden = message === undefined;
  if (!message) {
    target.message.replaceChildren();
    return;
  }
  target.message.className = `message ${message.severity}`;
  target.message.setAttribute('role', message.severity === 'error' ? 'alert' : 'status');
  const shownBefore = target.message.textContent;
  target.message.replaceChildren(el('p', {}, message.text), ...message.actions.map((action) => button(action.label, () => post({ type: 'action', id: action.id }), 'secondary')));
  if (target.message.textContent !== shownBefore) {
    // In a short side bar the open Options push the message out of sight: a new one is brought into view.
    target.message.scrollIntoView({ block: 'nearest' });
  }
}

function layoutRows(current: SearchViewState): void {
  const keyBefore = rows[activeRow]?.kind === 'card' ? (rows[activeRow] as Extract<Row, { kind: 'card' }>).card.key : undefined;
  rows = [];
  let position = 0;
  for (const group of current.groups) {
    if (group.videoId !== undefined) {
      rows.push({ kind: 'header', label: group.filename ?? group.videoId, count: group.cards.length });
    }
    for (const card of group.cards) {
      rows.push({ kind: 'card', card, position: ++position });
    }
  }
  offsets = [];
  let top = 0;
  for (const row of rows) {
    offsets.push(top);
    top += row.kind === 'card' ? CARD_HEIGHT : HEADER_HEIGHT;
  }
  if (ui) {
    ui.results.style.height = `${top}px`;
  }
  const kept = rows.findIndex((row) => row.kind === 'card' && row.card.key === keyBefore);
  activeRow = kept >= 0 ? kept : rows.findIndex((row) => row.kind === 'card');
}

/** Draws the rows that are in view (and a few around them); the rest of the list is empty space. */
function drawWindow(): void {
  if (!ui || !state) {
    return;
  }
  const list = ui.results;
  const viewTop = ui.scroller.scrollTop - list.offsetTop;
  const viewBottom = viewTop + ui.scroller.clientHeight;
  let first = 0;
  while (first < rows.length - 1 && offsets[first + 1] <= viewTop) {
    first++;
  }
  let last = first;
  while (last < rows.length - 1 && offsets[last + 1] < viewBottom) {
    last++;
  }
  first = Math.max(0, first - OVERSCAN_ROWS);
  last = Math.min(rows.length - 1, last + OVERSCAN_ROWS);
  const key = `${first}:${last}:${activeRow}`;
  if (key === drawnWindow) {
    return;
  }
  drawnWindow = key;
  const drawn: HTMLElement[] = [];
  // The row that has focus stays drawn wherever the view scrolled, on its own: the rows between are not.
  if (activeRow >= 0 && activeRow < first) {
    drawn.push(drawRow(activeRow, state));
  }
  for (let i = first; i <= last && rows.length > 0; i++) {
    drawn.push(drawRow(i, state));
  }
  if (activeRow > last && activeRow < rows.length) {
    drawn.push(drawRow(activeRow, state));
  }
  const focused = document.activeElement instanceof HTMLElement && list.contains(document.activeElement) ? document.activeElement.dataset.row : undefined;
  list.replaceChildren(...drawn);
  if (focused !== undefined) {
    list.querySelector<HTMLElement>(`[data-row="${activeRow}"]`)?.focus({ preventScroll: true });
  }
}

function drawRow(i: number, current: SearchViewState): HTMLElement {
  const row = rows[i];
  const style = `top:${offsets[i]}px`;
  if (row.kind === 'header') {
    return el('div', { class: 'group-header', style, role: 'presentation' }, el('span', { class: 'filename' }, row.label), el('span', { class: 'count' }, String(row.count)));
  }
  const { card } = row;
  const s = current.strings;
  const range = `${clock(card.start)}–${clock(card.end)}`;
  const thumbnail =
    card.thumbnailUrl !== undefined && failedThumbnails.get(card.key) !== card.thumbnailUrl
      ? // Not `loading="lazy"`: only rows in sight are drawn at all, and Chromium left lazy images in a scrolled webview unloaded.
        el('img', { class: 'thumbnail', src: card.thumbnailUrl, alt: '', decoding: 'async' })
      : el('div', { class: 'thumbnail placeholder', 'aria-hidden': 'true' });
  if (thumbnail instanceof HTMLImageElement) {
    thumbnail.addEventListener('error', () => {
      // Once per URL: the host fetches fresh ones (they expire after an hour) and draws again.
      if (card.thumbnailUrl !== undefined && failedThumbnails.get(card.key) !== card.thumbnailUrl) {
        failedThumbnails.set(card.key, card.thumbnailUrl);
        post({ type: 'thumbnailFailed', key: card.key });
        drawnWindow = '';
        drawWindow();
      }
    });
  }
  const rank = card.rank === undefined ? undefined : el('span', { class: 'rank' }, format(s.rank, card.rank));
  const snippet = card.transcription === undefined ? undefined : el('div', { class: 'snippet' }, ...marked(card.transcription, current.markWords));
  const label = [card.filename, range, card.rank === undefined ? '' : format(s.rank, card.rank), card.transcription ?? ''].filter(Boolean).join(', ');
  return el(
    'div',
    {
      class: `card${i === activeRow ? ' active' : ''}`,
      style,
      role: 'listitem',
      tabindex: i === activeRow ? '0' : '-1',
      'data-row': String(i),
      'data-key': card.key,
      'aria-label': label,
      'aria-posinset': String(row.position),
      'aria-setsize': String(current.totalResults ?? rows.length),
      title: s.openHint,
    },
    thumbnail,
    el('div', { class: 'body' }, el('div', { class: 'title' }, el('span', { class: 'filename' }, card.filename), el('span', { class: 'range' }, range), rank), snippet),
    // Out of the Tab order like the other rows' parts: the list is one stop, and A on a card does the same.
    el('button', { type: 'button', class: 'analyze secondary', 'data-analyze': card.key, tabindex: '-1', title: s.analyze, 'aria-label': `${s.analyze} ${card.filename}` }, s.analyze),
  );
}

function onResultsKey(event: KeyboardEvent): void {
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5 };
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open(activeRow);
    return;
  }
  const focused = rows[activeRow];
  if ((event.key === 'a' || event.key === 'A') && !event.ctrlKey && !event.metaKey && !event.altKey && focused?.kind === 'card') {
    event.preventDefault();
    post({ type: 'analyze', key: focused.card.key });
    return;
  }
  const target = event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : moves[event.key] !== undefined ? activeRow + moves[event.key] : undefined;
  if (target === undefined) {
    return;
  }
  event.preventDefault();
  let next = Math.max(0, Math.min(rows.length - 1, target));
  const step = next >= activeRow ? 1 : -1;
  while (rows[next]?.kind === 'header' && next + step >= 0 && next + step < rows.length) {
    next += step;
  }
  if (rows[next]?.kind !== 'card') {
    return;
  }
  activeRow = next;
  const scroller = ui?.scroller;
  if (scroller && ui) {
    const top = ui.results.offsetTop + offsets[next];
    if (top < scroller.scrollTop || top + CARD_HEIGHT > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = top - scroller.clientHeight / 3;
    }
  }
  drawWindow();
  ui?.results.querySelector<HTMLElement>(`[data-row="${next}"]`)?.focus({ preventScroll: true });
}

function open(i: number): void {
  const row = rows[i];
  if (row?.kind === 'card') {
    activeRow = i;
    post({ type: 'open', key: row.card.key });
  }
}

function button(label: string, onClick: () => void, kind: 'secondary' | 'link' | 'chip', id?: string): HTMLButtonElement {
  const made = el('button', { type: 'button', class: kind, id }, label);
  made.addEventListener('click', onClick);
  return made;
}

/** `{0}` in a localised string. */
function format(template: string, value: number | string): string {
  return template.replace('{0}', String(value));
}
