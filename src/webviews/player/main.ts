import Hls from 'hls.js/light';
import type { PlayerHostMessage, PlayerStrings, PlayerVideo, PlayerWebviewMessage, TranscriptLine } from '../shared/playerProtocol';
import { clock, el, marked } from '../shared/dom';
import { hostChannel } from '../shared/host';

/**
 * The player panel's script: plays the stream the API gave (hls.js, or the browser's own HLS where it
 * has one), marks the clip on a timeline, and follows along in the transcript. It holds no key: the
 * stream URL carries its own signature, and the host sends everything else.
 */

const post = hostChannel<PlayerWebviewMessage>();

interface Page {
  video: HTMLVideoElement;
  title: HTMLElement;
  notes: HTMLElement;
  timeline: HTMLElement;
  clip: HTMLElement;
  playhead: HTMLElement;
  transcriptSearch: HTMLInputElement;
  transcript: HTMLElement;
  details: HTMLElement;
  metadata: HTMLElement;
  actions: HTMLElement;
}

let page: Page | undefined;
let hls: Hls | undefined;
let current: { video: PlayerVideo; start: number | undefined; end: number | undefined; strings: PlayerStrings } | undefined;
let lines: HTMLElement[] = [];
let activeLine = -1;

window.addEventListener('message', (event: MessageEvent<PlayerHostMessage>) => {
  const message = event.data;
  if (message.type === 'load') {
    current = { video: message.video, start: message.start, end: message.end, strings: message.strings };
    load(current);
  } else if (message.type === 'seek' && current) {
    current = { ...current, start: message.start, end: message.end };
    drawClip();
    seek(message.start);
  } else if (message.type === 'metadata' && current && page) {
    current.video.metadata = message.metadata;
    page.metadata.replaceChildren(table(message.metadata, current.strings.noMetadata));
  }
});
post({ type: 'ready' });

function build(): Page {
  const video = el('video', { controls: '', preload: 'metadata', id: 'video' });
  const made: Page = {
    video,
    title: el('h1', { id: 'title' }),
    notes: el('div', { id: 'notes' }),
    timeline: el('div', { class: 'timeline', id: 'timeline', role: 'presentation' }),
    clip: el('div', { class: 'clip', id: 'clip' }),
    playhead: el('div', { class: 'playhead' }),
    transcriptSearch: el('input', { type: 'search', id: 'transcript-search' }),
    transcript: el('div', { class: 'transcript', id: 'transcript', role: 'list' }),
    details: el('div', { id: 'details' }),
    metadata: el('div', { id: 'metadata' }),
    actions: el('div', { class: 'actions' }),
  };
  made.timeline.append(made.clip, made.playhead);
  made.timeline.addEventListener('click', (event) => {
    const duration = made.video.duration;
    if (Number.isFinite(duration) && duration > 0) {
      const box = made.timeline.getBoundingClientRect();
      seek(((event.clientX - box.left) / box.width) * duration);
    }
  });
  video.addEventListener('timeupdate', () => follow());
  video.addEventListener('loadedmetadata', () => drawClip());
  video.addEventListener('error', () => {
    note(current?.strings.playbackFailed ?? '', 'error');
    post({ type: 'playbackError', detail: video.error?.message ?? `code ${video.error?.code ?? 0}` });
  });
  made.transcriptSearch.addEventListener('input', () => drawTranscript());
  made.transcriptSearch.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      // Enter jumps to the first line that matches after the current one.
      const needle = made.transcriptSearch.value.trim().toLowerCase();
      const transcript = current?.video.transcript ?? [];
      const from = Math.max(0, activeLine + 1);
      const order = [...transcript.keys()].slice(from).concat([...transcript.keys()].slice(0, from));
      const found = order.find((i) => transcript[i].text.toLowerCase().includes(needle));
      if (needle !== '' && found !== undefined) {
        seek(transcript[found].start);
      }
    }
  });
  const main = el('div', { class: 'main' }, made.title, made.video, made.timeline, made.actions, made.notes);
  const side = el('div', { class: 'side' });
  document.body.append(el('div', { class: 'layout' }, main, side));
  side.append(el('h2', { id: 'transcript-heading' }), made.transcriptSearch, made.transcript, el('h2', { id: 'details-heading' }), made.details, el('h2', { id: 'metadata-heading' }), made.metadata);
  return made;
}

function load(state: NonNullable<typeof current>): void {
  page ??= build();
  const { video, strings } = state;
  page.title.textContent = video.filename;
  document.title = video.filename;
  setHeading('transcript-heading', strings.transcript);
  setHeading('details-heading', strings.details);
  setHeading('metadata-heading', strings.metadata);
  page.transcriptSearch.placeholder = strings.searchTranscript;
  page.transcriptSearch.setAttribute('aria-label', strings.searchTranscript);
  page.notes.replaceChildren();
  page.actions.replaceChildren(
    button(strings.copyLink, () => post({ type: 'copyLink', time: page?.video.currentTime ?? 0 }), 'copy-link'),
    button(strings.editMetadata, () => post({ type: 'editMetadata' }), 'edit-metadata'),
    button(strings.analyze, () => post({ type: 'analyze' }), 'analyze'),
  );
  page.details.replaceChildren(table(video.details, ''));
  page.metadata.replaceChildren(table(video.metadata, strings.noMetadata));
  drawTranscript();
  drawClip();
  play(video, state.start);
}

function play(video: PlayerVideo, start: number | undefined): void {
  if (!page) {
    return;
  }
  hls?.destroy();
  hls = undefined;
  const element = page.video;
  element.removeAttribute('src');
  if (video.posterUrl !== undefined) {
    element.poster = video.posterUrl;
  }
  if (video.streamUrl === undefined) {
    note(video.noStream ?? '', 'info');
    element.hidden = true;
    page.timeline.hidden = true;
    return;
  }
  element.hidden = false;
  page.timeline.hidden = false;
  const begin = (): void => {
    if (start !== undefined) {
      element.currentTime = start;
    }
    void element.play().catch(() => {
      // A panel that opened without a click may not start with sound: it starts muted instead.
      element.muted = true;
      void element.play().catch(() => undefined);
    });
  };
  if (Hls.isSupported()) {
    // No worker (the policy allows none) and no credentials: the URL is the only authority it needs.
    const player = new Hls({ enableWorker: false, startPosition: start ?? -1, capLevelToPlayerSize: true });
    hls = player;
    player.on(Hls.Events.MANIFEST_PARSED, (_event, data) => {
      const codecs = data.levels.map((level) => level.audioCodec).filter((codec): codec is string => typeof codec === 'string' && codec !== '');
      if (codecs.some((codec) => codec.startsWith('mp4a') && !MediaSource.isTypeSupported(`audio/mp4; codecs="${codec}"`))) {
        note(current?.strings.aacNote ?? '', 'warning');
      }
      begin();
    });
    player.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) {
        return;
      }
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
        player.recoverMediaError();
        return;
      }
      note(current?.strings.playbackFailed ?? '', 'error');
      post({ type: 'playbackError', detail: `${data.type}: ${data.details}` });
    });
    player.loadSource(video.streamUrl);
    player.attachMedia(element);
  } else if (element.canPlayType('application/vnd.apple.mpegurl') !== '') {
    element.src = video.streamUrl;
    element.addEventListener('loadedmetadata', begin, { once: true });
  } else {
    note(current?.strings.playbackFailed ?? '', 'error');
  }
}

function seek(time: number): void {
  if (!page) {
    return;
  }
  page.video.currentTime = Math.max(0, time);
  if (page.video.paused) {
    void page.video.play().catch(() => undefined);
  }
}

/** The clip's range and the playhead, as parts of the whole video. */
function drawClip(): void {
  if (!page || !current) {
    return;
  }
  const duration = Number.isFinite(page.video.duration) && page.video.duration > 0 ? page.video.duration : current.video.duration;
  const { start, end } = current;
  if (duration === undefined || duration <= 0 || start === undefined) {
    page.clip.hidden = true;
    return;
  }
  const to = end ?? start;
  page.clip.hidden = false;
  page.clip.style.left = `${(start / duration) * 100}%`;
  page.clip.style.width = `${Math.max(0.5, ((to - start) / duration) * 100)}%`;
  page.clip.title = `${current.strings.clip} ${clock(start)}–${clock(to)}`;
  page.timeline.setAttribute('aria-label', page.clip.title);
}

/** Moves the playhead and the transcript's current line along with the video. */
function follow(): void {
  if (!page || !current) {
    return;
  }
  const time = page.video.currentTime;
  const duration = page.video.duration;
  if (Number.isFinite(duration) && duration > 0) {
    page.playhead.style.left = `${(time / duration) * 100}%`;
  }
  const transcript = current.video.transcript;
  let found = -1;
  for (let i = 0; i < transcript.length; i++) {
    if (transcript[i].start <= time && time < transcript[i].end) {
      found = i;
      break;
    }
  }
  if (found !== activeLine) {
    lines[activeLine]?.classList.remove('current');
    lines[activeLine]?.removeAttribute('aria-current');
    activeLine = found;
    const line = lines[found];
    if (line) {
      line.classList.add('current');
      line.setAttribute('aria-current', 'true');
      line.scrollIntoView({ block: 'nearest' });
    }
  }
}

function drawTranscript(): void {
  if (!page || !current) {
    return;
  }
  const { transcript, noTranscript } = current.video;
  const needle = page.transcriptSearch.value.trim();
  const words = needle === '' ? [] : [needle];
  lines = transcript.map((line, i) => transcriptLine(line, i, words));
  const shown = needle === '' ? lines : lines.filter((_line, i) => transcript[i].text.toLowerCase().includes(needle.toLowerCase()));
  if (transcript.length === 0) {
    page.transcript.replaceChildren(el('p', { class: 'hint' }, noTranscript ?? ''));
  } else if (shown.length === 0) {
    page.transcript.replaceChildren(el('p', { class: 'hint' }, current.strings.noMatches));
  } else {
    page.transcript.replaceChildren(...shown);
  }
  const kept = activeLine;
  activeLine = -1;
  if (kept >= 0) {
    follow();
  }
}

function transcriptLine(line: TranscriptLine, i: number, words: string[]): HTMLElement {
  const made = el(
    'button',
    { type: 'button', class: 'line', role: 'listitem', 'data-line': String(i), 'aria-label': `${current?.strings.seekTo ?? ''} ${clock(line.start)}: ${line.text}` },
    el('span', { class: 'time' }, clock(line.start)),
    el('span', { class: 'text' }, ...marked(line.text, words)),
  );
  made.addEventListener('click', () => seek(line.start));
  return made;
}

function table(rows: [string, string][], empty: string): HTMLElement {
  if (rows.length === 0) {
    return el('p', { class: 'hint' }, empty);
  }
  return el('dl', {}, ...rows.flatMap(([key, value]) => [el('dt', {}, key), el('dd', {}, value)]));
}

function note(text: string, severity: 'info' | 'warning' | 'error'): void {
  if (page && text !== '') {
    page.notes.append(el('div', { class: `message ${severity}`, role: severity === 'error' ? 'alert' : 'status' }, text));
  }
}

function setHeading(id: string, text: string): void {
  const heading = document.getElementById(id);
  if (heading) {
    heading.textContent = text;
  }
}

function button(label: string, onClick: () => void, id: string): HTMLButtonElement {
  const made = el('button', { type: 'button', class: 'secondary', id }, label);
  made.addEventListener('click', onClick);
  return made;
}
