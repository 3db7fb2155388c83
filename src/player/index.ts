import vscode = require('vscode');
import type { ApiClientProvider } from '../api/provider';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import type { WebviewTap } from '../common/webviewHtml';
import type { PlayerPanel } from './playerPanel';
import type { PlayTarget } from './timestampLink';
import { registerPlayVideo } from './playVideo';
import { registerTimestampLinks } from './uriHandler';

export interface PlayerFeatureInput {
  api: ApiClientProvider;
  notifier: Notifier;
  logger: Logger;
  chooseVideo: (arg: unknown, title: string) => Promise<{ indexId: string; videoId: string } | undefined>;
  tap?: WebviewTap;
}

export interface PlayerFeatures {
  /** What the player was last asked to play; undefined before the first Play or once it closed. */
  current(): PlayTarget | undefined;
  /** What VS Code calls with a `vscode://…/play` link. */
  links: vscode.UriHandler;
}

/** Play, the timestamp links that open the player, and the player panel (playerPanel.js, loaded on the first Play). */
export function registerPlayerFeatures(context: vscode.ExtensionContext, input: PlayerFeatureInput): PlayerFeatures {
  let player: PlayerPanel | undefined;
  let loading: Promise<PlayerPanel> | undefined;
  const load = (): Promise<PlayerPanel> =>
    (loading ??= import('./playerPanel.js').then((bundle) => {
      player = new bundle.PlayerPanel({ extensionUri: context.extensionUri, extensionId: context.extension.id, api: input.api, notifier: input.notifier, logger: input.logger, tap: input.tap });
      context.subscriptions.push(player);
      return player;
    }));
  const links = registerTimestampLinks(input.notifier);
  context.subscriptions.push(registerPlayVideo({ player: load, chooseVideo: input.chooseVideo }), links.registration);
  return { current: () => player?.current(), links: links.handler };
}
