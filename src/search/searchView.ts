import path = require('node:path');
import vscode = require('vscode');
import type { TwelveLabsClient } from '../api/client';
import { isTwelveLabsError } from '../api/errors';
import type { ApiClientProvider } from '../api/provider';
import { SEARCH_TOKEN_EXPIRED_CODES, type SearchPage, type SearchRequest } from '../api/searchTypes';
import { forEachLimited } from '../common/collections';
import { pickCodeLanguage } from '../common/codeLanguage';
import { CommandIds, SEARCH_VIEW_ID } from '../common/commandIds';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import { presentError } from '../common/presentError';
import { StorageKeys } from '../common/storageKeys';
import { labelText } from '../common/untrustedText';
import { originsOf, webviewHtml, webviewRoots, type WebviewTap } from '../common/webviewHtml';
import type { IndexTreeHooks } from '../indexes';
import type { ResultCard, ResultGroup, SearchForm, SearchHostMessage, SearchViewState, SearchWebviewMessage, ViewAction } from '../webviews/shared/searchProtocol';
import { parseSearchMessage } from './messages';
import { searchCode } from './searchCode';
import { cardsFromPage, mergeGroups, queryWords, requestFromForm, videoIdsOf, type FormProblems, type ImageQuery } from './searchRequest';
import { searchStrings } from './strings';

const RECENT_PER_INDEX = 8;
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.bmp']);
/** File names looked up at once for one page of results. */
const NAME_LOOKUPS_AT_ONCE = 4;

export interface SearchViewDeps {
  extensionUri: vscode.Uri;
  api: ApiClientProvider;
  apiUrl: () => string;
  /** `twelveLabs.search.resultsPerPage`, read at each search. */
  resultsPerPage: () => number;
  hasKey: () => Promise<boolean>;
  tree: IndexTreeHooks;
  notifier: Notifier;
  logger: Logger;
  workspaceState: vscode.Memento;
  tap?: WebviewTap;
}

/** What opening a result does: the player at the clip (the player feature, through its command). */
export interface OpenClip {
  indexId: string;
  videoId: string;
  start: number;
  end: number;
}

const DEFAULT_FORM: SearchForm = {
  text: '',
  imageUrl: '',
  modalities: ['visual', 'audio', 'transcription'],
  operator: 'or',
  groupBy: 'clip',
  transcriptionModes: ['lexical', 'semantic'],
  filter: { minDuration: '', maxDuration: '', filename: '', metadataKey: '', metadataValue: '' },
};

/**
 * The Search view: a webview view in the Twelve Labs container. The host owns the state (the query, the
 * results, the page token) and the webview only draws it, so a hidden view that VS Code discards comes
 * back as it was, and nothing the webview says is trusted beyond the checked message.
 */
export class SearchView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: SearchViewState;
  private image: ImageQuery;
  private request: SearchRequest | undefined;
  private nextPageToken: string | undefined;
  private nextKey = 0;
  private readonly names = new Map<string, string>();
  private allowedImageOrigins = new Set<string>();
  private running: AbortController | undefined;
  private thumbnailRefresh: ReturnType<typeof setTimeout> | undefined;
  private indexesLoaded = false;
  private followingTree = false;

  constructor(private readonly deps: SearchViewDeps) {
    this.state = {
      status: 'idle',
      indexes: [],
      indexId: undefined,
      form: structuredClone(DEFAULT_FORM),
      formVersion: 0,
      imageFile: undefined,
      recent: [],
      groups: [],
      totalResults: undefined,
      canLoadMore: false,
      loadingMore: false,
      message: undefined,
      markWords: [],
      strings: searchStrings(),
    };
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.deps.extensionUri) };
    this.render();
    this.subscriptions.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        this.deps.tap?.('search', 'fromWebview', raw);
        const message = parseSearchMessage(raw);
        if (message) {
          void this.handle(message);
        } else {
          this.deps.logger.warn('The Search view sent a message of an unknown shape; ignored');
        }
      }),
      view.onDidDispose(() => {
        // VS Code may resolve the view's next webview before it disposes of this one.
        if (this.view === view) {
          this.view = undefined;
        }
      }),
    );
  }

  /** "Search This Index": the view shown, with this index and the cursor in the query box. */
  async showFor(indexId: string | undefined): Promise<void> {
    await vscode.commands.executeCommand(`${SEARCH_VIEW_ID}.focus`);
    if (indexId !== undefined) {
      this.selectIndex(indexId);
    }
    this.send({ type: 'focusQuery' });
  }

  /** The key went, or a new one (maybe another account's) came: what was shown no longer holds. */
  reset(): void {
    this.running?.abort();
    this.request = undefined;
    this.nextPageToken = undefined;
    this.names.clear();
    this.indexesLoaded = false;
    this.update({ groups: [], totalResults: undefined, canLoadMore: false, message: undefined, status: 'idle', indexes: [] });
    if (this.view) {
      void this.prepare();
    }
  }

  dispose(): void {
    this.running?.abort();
    clearTimeout(this.thumbnailRefresh);
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private render(): void {
    if (!this.view) {
      return;
    }
    this.view.webview.html = webviewHtml({
      webview: this.view.webview,
      extensionUri: this.deps.extensionUri,
      view: 'search',
      title: this.state.strings.results,
      styles: ['common.css', 'search.css'],
      imageOrigins: this.allowedImageOrigins,
    });
  }

  private post(): void {
    this.send({ type: 'state', state: this.state });
  }

  private send(message: SearchHostMessage): void {
    if (this.view) {
      this.deps.tap?.('search', 'toWebview', message);
      void this.view.webview.postMessage(message);
    }
  }

  private update(patch: Partial<SearchViewState>): void {
    this.set(patch);
    this.post();
  }

  /** After the page was drawn anew only sets the state (the new page asks for it); otherwise draws it too. */
  private apply(redrawn: boolean, patch: Partial<SearchViewState>): void {
    if (redrawn) {
      this.set(patch);
    } else {
      this.update(patch);
    }
  }

  /** Changes the state without drawing it: the page asks for it once it is ready. */
  private set(patch: Partial<SearchViewState>): void {
    this.state = { ...this.state, ...patch };
  }

  private async handle(message: SearchWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post();
        await this.prepare();
        return;
      case 'search':
        await this.search(message.form);
        return;
      case 'selectIndex':
        this.selectIndex(message.indexId);
        return;
      case 'loadMore':
        await this.loadMore();
        return;
      case 'open':
        this.open(message.key);
        return;
      case 'analyze':
        this.analyze(message.key);
        return;
      case 'pickImage':
        await this.pickImage();
        return;
      case 'dropImage':
        this.dropImage(message.uri);
        return;
      case 'clearImage':
        this.image = undefined;
        this.update({ imageFile: undefined });
        return;
      case 'copyAsCode':
        await this.copyAsCode(message.form);
        return;
      case 'thumbnailFailed':
        this.refreshThumbnailsSoon();
        return;
      case 'action':
        await this.act(message.id);
        return;
    }
  }

  /**
   * On showing: the key, and the indexes as the Indexes view has loaded them (no request of its own:
   * the view loads them anyway, and follows them as they change), with the one the tree has selected.
   */
  private async prepare(): Promise<void> {
    if (!(await this.deps.hasKey())) {
      this.update({ status: 'noKey', message: { text: vscode.l10n.t('Set your Twelve Labs API key to search your indexes.'), severity: 'info', actions: [this.action('setKey')] } });
      return;
    }
    if (this.state.status === 'noKey') {
      this.update({ status: 'idle', message: undefined });
    }
    if (!this.followingTree) {
      this.followingTree = true;
      this.subscriptions.push(this.deps.tree.onDidChangeTreeData(() => this.takeIndexes()));
    }
    this.takeIndexes();
  }

  private takeIndexes(): void {
    const loaded = this.deps.tree.loadedIndexes();
    if (loaded === undefined) {
      if (this.state.indexes.length === 0) {
        this.update({ message: { text: vscode.l10n.t('Open the Indexes view (or load it) to choose an index to search.'), severity: 'info', actions: [this.action('refreshIndexes')] } });
      }
      return;
    }
    this.indexesLoaded = true;
    const choices = loaded.map((index) => ({ id: index.id, name: labelText(index.name) }));
    const preferred = this.state.indexId ?? this.deps.tree.selectedIndexId();
    const indexId = choices.some((index) => index.id === preferred) ? preferred : this.state.indexId ?? choices[0]?.id;
    if (indexId !== undefined && !choices.some((index) => index.id === indexId)) {
      // An index chosen by "Search This Index" beyond the pages loaded stays on offer.
      choices.unshift({ id: indexId, name: indexId });
    }
    const noIndex = choices.length === 0;
    this.update({
      indexes: choices,
      indexId,
      recent: this.recentFor(indexId),
      status: noIndex ? 'noIndex' : this.state.status === 'noIndex' ? 'idle' : this.state.status,
      message: noIndex
        ? { text: vscode.l10n.t('There is no index to search yet. Create one and upload a video first.'), severity: 'info', actions: [this.action('refreshIndexes')] }
        : this.state.message?.actions.some((action) => action.id === 'refreshIndexes') === true
          ? undefined
          : this.state.message,
    });
  }

  private selectIndex(indexId: string): void {
    if (indexId === this.state.indexId) {
      return;
    }
    this.running?.abort();
    this.request = undefined;
    this.nextPageToken = undefined;
    this.update({ indexId, recent: this.recentFor(indexId), groups: [], totalResults: undefined, canLoadMore: false, message: undefined, status: 'idle' });
    this.takeIndexes();
  }

  private async search(form: SearchForm, options: { notice?: string } = {}): Promise<void> {
    const indexId = this.state.indexId;
    if (indexId === undefined) {
      this.update({ form, message: { text: vscode.l10n.t('Pick an index to search.'), severity: 'warning', actions: [this.action('pickIndex')] } });
      return;
    }
    const built = requestFromForm(form, indexId, this.image, formProblems(), this.deps.resultsPerPage());
    if ('problem' in built) {
      this.update({ form, message: { text: built.problem, severity: 'warning', actions: [] } });
      return;
    }
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    this.request = built.request;
    this.nextKey = 0;
    this.update({ form, status: 'searching', message: undefined, groups: [], totalResults: undefined, canLoadMore: false, markWords: queryWords(form) });
    this.remember(indexId, form.text.trim());
    try {
      const client = await this.deps.api.get();
      const page = await client.search(built.request, { signal: controller.signal });
      await this.learnNames(client, indexId, page, controller.signal);
      if (controller.signal.aborted) {
        return;
      }
      this.showPage(page, [], options.notice);
    } catch (error) {
      if (!controller.signal.aborted) {
        this.showFailure(vscode.l10n.t('Could not search'), error);
      }
    }
  }

  private async loadMore(): Promise<void> {
    const token = this.nextPageToken;
    const indexId = this.state.indexId;
    if (token === undefined || indexId === undefined || this.state.loadingMore) {
      return;
    }
    const controller = new AbortController();
    this.running = controller;
    this.update({ loadingMore: true });
    try {
      const client = await this.deps.api.get();
      const page = await client.searchPage(token, { signal: controller.signal });
      await this.learnNames(client, indexId, page, controller.signal);
      if (!controller.signal.aborted) {
        this.showPage(page, this.state.groups);
      }
    } catch (error) {
      if (controller.signal.aborted) {
        return;
      }
      this.update({ loadingMore: false });
      if (isTwelveLabsError(error) && SEARCH_TOKEN_EXPIRED_CODES.includes(error.code)) {
        // A results page lives for a limited time: the same query again, from its first page.
        await this.search(this.state.form, { notice: vscode.l10n.t('The next page had expired, so the search ran again from the first page.') });
        return;
      }
      this.showFailure(vscode.l10n.t('Could not load more results'), error);
    }
  }

  private showPage(page: SearchPage, before: ResultGroup[], notice?: string): void {
    const groups = mergeGroups(before, cardsFromPage(page, (videoId) => this.names.get(videoId), this.nextKey));
    this.nextKey = groups.reduce((count, group) => count + group.cards.length, 0);
    this.nextPageToken = page.page_info.next_page_token;
    const redrawn = this.allowImages(groups);
    const empty = groups.length === 0;
    this.apply(redrawn, {
      groups,
      status: empty ? 'empty' : 'results',
      totalResults: page.page_info.total_results ?? this.nextKey,
      canLoadMore: this.nextPageToken !== undefined,
      loadingMore: false,
      message: empty
        ? { text: vscode.l10n.t('Nothing matched. Try other words, more modalities under Options, or "or" instead of "and".'), severity: 'info', actions: [] }
        : notice !== undefined
          ? { text: notice, severity: 'info', actions: [] }
          : undefined,
    });
  }

  /** Results name only the video's id: its file name comes from the index, once per video. */
  private async learnNames(client: TwelveLabsClient, indexId: string, page: SearchPage, signal: AbortSignal): Promise<void> {
    const unknown = videoIdsOf(page).filter((id) => !this.names.has(id));
    await forEachLimited(unknown, NAME_LOOKUPS_AT_ONCE, async (videoId) => {
      try {
        const asset = await client.getIndexedAsset(indexId, videoId, {}, { signal });
        const filename = asset.system_metadata?.filename;
        if (filename !== undefined) {
          this.names.set(videoId, filename);
        }
      } catch (error) {
        // The card shows the id instead: a name is not worth failing the search for.
        this.deps.logger.debug(`No file name for video ${videoId}`, isTwelveLabsError(error) ? error.code : error);
      }
    });
  }

  /**
   * The thumbnails' origins join the policy; a new one means the page is drawn again, and it asks for
   * the state when ready. Returns whether it was: then nothing is posted to the page being replaced.
   */
  private allowImages(groups: ResultGroup[]): boolean {
    const origins = originsOf(groups.flatMap((group) => group.cards.map((card) => card.thumbnailUrl)));
    const added = [...origins].filter((origin) => !this.allowedImageOrigins.has(origin));
    if (added.length === 0) {
      return false;
    }
    this.allowedImageOrigins = new Set([...this.allowedImageOrigins, ...added]);
    this.render();
    return true;
  }

  /** Thumbnail URLs expire after an hour: the query runs again and the cards get fresh ones. */
  private refreshThumbnailsSoon(): void {
    clearTimeout(this.thumbnailRefresh);
    this.thumbnailRefresh = setTimeout(() => void this.refreshThumbnails(), 250);
  }

  private async refreshThumbnails(): Promise<void> {
    const request = this.request;
    if (!request) {
      return;
    }
    try {
      const client = await this.deps.api.get();
      const fresh = await client.search({ ...request, pageLimit: Math.min(50, Math.max(request.pageLimit ?? 10, this.nextKey)) });
      const urls = new Map<string, string>();
      for (const group of cardsFromPage(fresh, () => undefined, 0)) {
        for (const card of group.cards) {
          if (card.thumbnailUrl !== undefined) {
            urls.set(clipKey(card), card.thumbnailUrl);
          }
        }
      }
      const groups = this.state.groups.map((group) => ({
        ...group,
        cards: group.cards.map((card) => ({ ...card, thumbnailUrl: urls.get(clipKey(card)) ?? card.thumbnailUrl })),
      }));
      this.apply(this.allowImages(groups), { groups });
    } catch (error) {
      this.deps.logger.debug('Refreshing thumbnails failed', isTwelveLabsError(error) ? error.code : error);
    }
  }

  private open(key: string): void {
    const clip = this.clipOf(key);
    if (clip) {
      void vscode.commands.executeCommand(CommandIds.playVideo, clip);
    }
  }

  /** The clip preselects what Analyze Video… asks about; every question is still asked. */
  private analyze(key: string): void {
    const clip = this.clipOf(key);
    if (clip) {
      void vscode.commands.executeCommand(CommandIds.analyzeVideo, clip);
    }
  }

  private clipOf(key: string): OpenClip | undefined {
    const card = this.state.groups.flatMap((group) => group.cards).find((candidate) => candidate.key === key);
    const indexId = this.state.indexId;
    return card && indexId !== undefined ? { indexId, videoId: card.videoId, start: card.start, end: card.end } : undefined;
  }

  private async pickImage(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Search with This Image'),
      title: vscode.l10n.t('Search by Image'),
      filters: { [vscode.l10n.t('Images')]: [...IMAGE_EXTENSIONS].map((extension) => extension.slice(1)) },
    });
    if (picked?.[0]) {
      this.useImage(picked[0]);
    }
  }

  private dropImage(text: string): void {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(text, true);
    } catch {
      return;
    }
    this.useImage(uri);
  }

  private useImage(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !IMAGE_EXTENSIONS.has(path.extname(uri.fsPath).toLowerCase())) {
      this.update({ message: { text: vscode.l10n.t('Only image files on this machine (PNG, JPEG, WebP, GIF, BMP) can be a query.'), severity: 'warning', actions: [] } });
      return;
    }
    const name = path.basename(uri.fsPath);
    this.image = { kind: 'file', path: uri.fsPath, name };
    this.update({ imageFile: name, message: undefined, form: { ...this.state.form, imageUrl: '' }, formVersion: this.state.formVersion + 1 });
  }

  private async copyAsCode(form: SearchForm): Promise<void> {
    const indexId = this.state.indexId ?? 'YOUR_INDEX_ID';
    const built = requestFromForm({ ...form, text: form.text.trim() === '' && form.imageUrl === '' && !this.image ? 'people talking' : form.text }, indexId, this.image, formProblems());
    if ('problem' in built) {
      this.update({ message: { text: built.problem, severity: 'warning', actions: [] } });
      return;
    }
    const language = await pickCodeLanguage(vscode.l10n.t('Copy Search as Code'), {
      python: vscode.l10n.t('requests'),
      javascript: vscode.l10n.t('fetch (Node 20)'),
      curl: vscode.l10n.t('shell'),
    });
    if (!language) {
      return;
    }
    await vscode.env.clipboard.writeText(searchCode(language, built.request, this.deps.apiUrl(), this.image?.name));
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the search as code; set TWELVE_LABS_API_KEY before running it'), 5000);
  }

  private async act(id: ViewAction['id']): Promise<void> {
    switch (id) {
      case 'setKey':
        await vscode.commands.executeCommand(CommandIds.setApiKey);
        await this.prepare();
        return;
      case 'rotateKey':
        await vscode.commands.executeCommand(CommandIds.rotateApiKey);
        return;
      case 'retry':
        if (!this.indexesLoaded) {
          await this.prepare();
        } else {
          await this.search(this.state.form);
        }
        return;
      case 'refreshIndexes':
        await this.deps.tree.refresh();
        this.takeIndexes();
        return;
      case 'pickIndex':
        await vscode.commands.executeCommand('twelvelabs.indexes.focus');
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'twelveLabs.apiUrl');
        return;
      case 'showLog':
        await vscode.commands.executeCommand(CommandIds.showLog);
        return;
    }
  }

  private showFailure(what: string, error: unknown): void {
    const presentation = presentError(what, error);
    const { info } = presentation;
    const actions: ViewAction[] =
      info.kind === 'noKey'
        ? [this.action('setKey')]
        : info.status === 401 || info.status === 403
          ? [this.action('rotateKey')]
          : info.kind === 'config'
            ? [this.action('openSettings')]
            : [this.action('retry'), ...(info.kind === 'network' ? [this.action('showLog')] : [])];
    this.update({
      status: info.status === 429 ? 'rateLimited' : info.kind === 'noKey' ? 'noKey' : 'error',
      loadingMore: false,
      message: { text: presentation.message, severity: info.status === 429 ? 'warning' : 'error', actions },
    });
  }

  private action(id: ViewAction['id']): ViewAction {
    const labels: Record<ViewAction['id'], string> = {
      setKey: vscode.l10n.t('Set API Key'),
      retry: vscode.l10n.t('Retry'),
      rotateKey: vscode.l10n.t('Rotate API Key'),
      pickIndex: vscode.l10n.t('Load Indexes'),
      openSettings: vscode.l10n.t('Open Settings'),
      showLog: vscode.l10n.t('Show Log'),
      refreshIndexes: vscode.l10n.t('Refresh'),
    };
    return { id, label: labels[id] };
  }

  private recentFor(indexId: string | undefined): string[] {
    if (indexId === undefined) {
      return [];
    }
    const all = this.deps.workspaceState.get<Record<string, unknown>>(StorageKeys.recentSearches) ?? {};
    const list = all[indexId];
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string').slice(0, RECENT_PER_INDEX) : [];
  }

  private remember(indexId: string, text: string): void {
    if (text === '') {
      return;
    }
    const recent = [text, ...this.recentFor(indexId).filter((item) => item !== text)].slice(0, RECENT_PER_INDEX);
    const all = { ...(this.deps.workspaceState.get<Record<string, unknown>>(StorageKeys.recentSearches) ?? {}), [indexId]: recent };
    void this.deps.workspaceState.update(StorageKeys.recentSearches, all);
    this.state = { ...this.state, recent };
  }
}

/** What the view says of a form the API would refuse. */
function formProblems(): FormProblems {
  return {
    noModality: vscode.l10n.t('Choose at least one of visual, audio or transcription under Options.'),
    noQuery: vscode.l10n.t('Type what to look for, or add an image.'),
    badDuration: vscode.l10n.t('Durations are seconds or m:ss, and the minimum may not exceed the maximum.'),
    metadataHalf: vscode.l10n.t('A metadata filter needs both a key and a value.'),
  };
}

function clipKey(card: Pick<ResultCard, 'videoId' | 'start' | 'end'>): string {
  return `${card.videoId}@${card.start}-${card.end}`;
}
