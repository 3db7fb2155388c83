import vscode = require('vscode');
import type { IndexedAsset } from '../api/assetTypes';
import { isTwelveLabsError } from '../api/errors';
import type { ApiClientProvider } from '../api/provider';
import { CommandIds } from '../common/commandIds';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import { presentError } from '../common/presentError';
import { timecode } from '../common/timecode';
import { originsOf, webviewHtml, webviewRoots, type WebviewTap } from '../common/webviewHtml';
import type { PlayerHostMessage, PlayerStrings, PlayerVideo } from '../webviews/shared/playerProtocol';
import { parsePlayerMessage } from './messages';
import { timestampQuery, type PlayTarget } from './timestampLink';

export const PLAYER_VIEW_TYPE = 'twelvelabs.player';

export interface PlayerDeps {
  extensionUri: vscode.Uri;
  /** `publisher.name`, for the timestamp links' authority. */
  extensionId: string;
  api: ApiClientProvider;
  notifier: Notifier;
  logger: Logger;
  tap?: WebviewTap;
}

export type PlayResult = { outcome: 'opened'; indexId: string; videoId: string; playable: boolean } | { outcome: 'failed'; message: string };

/**
 * One player panel, retargeted to each video it is asked to play (a second Play does not pile up
 * panels). The host reads the indexed asset (with its transcript) and hands the webview what to show;
 * the webview plays the stream URL the API gave, and asks the host for everything else.
 */
export class PlayerPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private target: PlayTarget | undefined;
  private video: PlayerVideo | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: PlayerDeps) {}

  /** What is playing now, for the test build and the status of a second Play. */
  current(): PlayTarget | undefined {
    return this.target && { ...this.target };
  }

  async open(target: PlayTarget): Promise<PlayResult> {
    if (this.panel && this.target?.indexId === target.indexId && this.target.videoId === target.videoId && this.video) {
      // The same video: only the moment changes.
      this.target = target;
      this.panel.reveal();
      this.send({ type: 'seek', start: target.start ?? 0, end: target.end });
      return { outcome: 'opened', indexId: target.indexId, videoId: target.videoId, playable: this.video.streamUrl !== undefined };
    }
    let asset: IndexedAsset;
    try {
      asset = await (await this.deps.api.get()).getIndexedAsset(target.indexId, target.videoId, { transcription: true });
    } catch (error) {
      const presentation = presentError(vscode.l10n.t('Could not open the video'), error);
      this.deps.notifier.showError(presentation);
      return { outcome: 'failed', message: presentation.message };
    }
    const video = playerVideo(target, asset);
    this.target = target;
    this.video = video;
    const panel = this.panel ?? this.createPanel();
    panel.title = video.filename;
    panel.webview.html = webviewHtml({
      webview: panel.webview,
      extensionUri: this.deps.extensionUri,
      view: 'player',
      title: video.filename,
      styles: ['common.css', 'player.css'],
      imageOrigins: originsOf([video.posterUrl]),
      mediaOrigins: originsOf([video.streamUrl]),
      connectOrigins: originsOf([video.streamUrl]),
      blobMedia: true,
    });
    panel.reveal();
    return { outcome: 'opened', indexId: target.indexId, videoId: target.videoId, playable: video.streamUrl !== undefined };
  }

  dispose(): void {
    this.panel?.dispose();
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(PLAYER_VIEW_TYPE, vscode.l10n.t('Twelve Labs Player'), vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: webviewRoots(this.deps.extensionUri),
      // Switching tabs keeps the place in the video.
      retainContextWhenHidden: true,
    });
    this.panel = panel;
    const messages = panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw));
    panel.onDidDispose(() => {
      messages.dispose();
      this.panel = undefined;
      this.target = undefined;
      this.video = undefined;
    });
    return panel;
  }

  private send(message: PlayerHostMessage): void {
    if (this.panel) {
      this.deps.tap?.('player', 'toWebview', message);
      void this.panel.webview.postMessage(message);
    }
  }

  private async handle(raw: unknown): Promise<void> {
    this.deps.tap?.('player', 'fromWebview', raw);
    const message = parsePlayerMessage(raw);
    const { panel, target, video } = this;
    if (!message || !panel || !target || !video) {
      if (!message) {
        this.deps.logger.warn('The player sent a message of an unknown shape; ignored');
      }
      return;
    }
    switch (message.type) {
      case 'ready':
        this.send({ type: 'load', video, start: target.start, end: target.end, strings: playerStrings() });
        return;
      case 'copyLink': {
        const link = vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: this.deps.extensionId, path: '/play', query: timestampQuery({ ...target, start: message.time, end: undefined }) });
        await vscode.env.clipboard.writeText(link.toString(true));
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied a link to {0} at {1}', video.filename, timecode(message.time)), 5000);
        return;
      }
      case 'editMetadata': {
        const result = await vscode.commands.executeCommand<{ outcome: string } | undefined>(CommandIds.editVideoMetadata, { indexId: target.indexId, videoId: target.videoId });
        if (result?.outcome === 'saved') {
          await this.refreshMetadata(target);
        }
        return;
      }
      case 'analyze':
        // Preselects the video and the clip the player was opened on; every question is still asked.
        void vscode.commands.executeCommand(CommandIds.analyzeVideo, { indexId: target.indexId, videoId: target.videoId, start: target.start, end: target.end });
        return;
      case 'playbackError':
        this.deps.logger.warn(`The player could not play ${target.videoId}: ${message.detail}`);
        return;
    }
  }

  private async refreshMetadata(target: PlayTarget): Promise<void> {
    try {
      const asset = await (await this.deps.api.get()).getIndexedAsset(target.indexId, target.videoId);
      const metadata = metadataRows(asset);
      if (this.video && this.target?.videoId === target.videoId) {
        this.video.metadata = metadata;
        this.send({ type: 'metadata', metadata });
      }
    } catch (error) {
      this.deps.logger.debug('Reading the metadata again failed', isTwelveLabsError(error) ? error.code : error);
    }
  }
}

function playerVideo(target: PlayTarget, asset: IndexedAsset): PlayerVideo {
  const meta = asset.system_metadata ?? {};
  const hls = asset.hls;
  const streamUrl = hls?.video_url !== undefined && (hls.status === undefined || hls.status === 'COMPLETE') ? hls.video_url : undefined;
  const noStream =
    streamUrl !== undefined
      ? undefined
      : hls?.video_url === undefined && hls?.status === undefined
        ? vscode.l10n.t('This video was indexed without a stream, so it cannot be played here. Upload it with twelveLabs.upload.enableVideoStream on to watch it in VS Code.')
        : hls?.status === 'PROCESSING'
          ? vscode.l10n.t('Twelve Labs is still preparing the stream of this video (PROCESSING). Try again in a few minutes.')
          : vscode.l10n.t('Twelve Labs could not prepare a stream for this video ({0}).', hls?.status ?? vscode.l10n.t('no stream URL'));
  const rows: [string, string][] = [
    [vscode.l10n.t('Status'), asset.status],
    [vscode.l10n.t('Duration'), meta.duration !== undefined ? timecode(meta.duration) : '—'],
  ];
  if (meta.width !== undefined && meta.height !== undefined) {
    rows.push([vscode.l10n.t('Resolution'), `${meta.width}×${meta.height}${meta.fps ? ` @ ${Math.round(meta.fps * 100) / 100} fps` : ''}`]);
  }
  if (meta.size !== undefined) {
    rows.push([vscode.l10n.t('Size'), `${(meta.size / 1e6).toFixed(1)} MB`]);
  }
  rows.push([vscode.l10n.t('Stream'), hls?.status ?? vscode.l10n.t('none')], [vscode.l10n.t('Video ID'), asset._id]);
  if (asset.asset_id !== undefined) {
    rows.push([vscode.l10n.t('Asset ID'), asset.asset_id]);
  }
  if (asset.indexed_at !== undefined) {
    rows.push([vscode.l10n.t('Indexed'), asset.indexed_at]);
  }
  const transcript = (asset.transcription ?? []).map((line) => ({ start: line.start, end: line.end, text: line.value }));
  return {
    indexId: target.indexId,
    videoId: target.videoId,
    filename: meta.filename ?? asset._id,
    duration: meta.duration,
    streamUrl,
    noStream,
    posterUrl: hls?.thumbnail_urls?.[0],
    details: rows,
    metadata: metadataRows(asset),
    transcript,
    noTranscript: transcript.length === 0 ? vscode.l10n.t('No transcript: the video has no speech, or its index was made without transcription.') : undefined,
  };
}

function metadataRows(asset: IndexedAsset): [string, string][] {
  return Object.entries(asset.user_metadata ?? {}).map(([key, value]) => [key, String(value)]);
}

function playerStrings(): PlayerStrings {
  return {
    transcript: vscode.l10n.t('Transcript'),
    searchTranscript: vscode.l10n.t('Find in transcript (Enter for the next)'),
    details: vscode.l10n.t('Details'),
    metadata: vscode.l10n.t('User metadata'),
    noMetadata: vscode.l10n.t('None yet.'),
    editMetadata: vscode.l10n.t('Edit Metadata…'),
    analyze: vscode.l10n.t('Analyze Video…'),
    copyLink: vscode.l10n.t('Copy Timestamp Link'),
    clip: vscode.l10n.t('Clip'),
    aacNote: vscode.l10n.t("This video's sound is AAC, which VS Code's desktop webviews cannot play (microsoft/vscode#167685): it plays without sound here."),
    playbackFailed: vscode.l10n.t('The stream could not be played. Check your connection, then open the video again.'),
    noMatches: vscode.l10n.t('No line of the transcript has that.'),
    seekTo: vscode.l10n.t('Play from'),
  };
}
