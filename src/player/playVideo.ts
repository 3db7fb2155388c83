import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { PlayerPanel, PlayResult } from './playerPanel';
import type { PlayTarget } from './timestampLink';

export interface PlayVideoDeps {
  player: () => Promise<PlayerPanel>;
  /** The video named by the argument (a video node, `{ indexId, videoId }`), else picked by the user. */
  chooseVideo: (arg: unknown, title: string) => Promise<{ indexId: string; videoId: string } | undefined>;
}

/**
 * "Play": on a video node, from a search result, from a timestamp link, or from the palette (which
 * asks for the index and the video). `{ indexId, videoId, start, end }` opens at that moment. Playing
 * changes nothing, so another caller's ids are taken as they are.
 */
export function registerPlayVideo(deps: PlayVideoDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.playVideo, async (arg?: unknown): Promise<PlayResult | { outcome: 'cancelled' }> => {
    const chosen = await deps.chooseVideo(arg, vscode.l10n.t('Play Video'));
    if (!chosen) {
      return { outcome: 'cancelled' };
    }
    return (await deps.player()).open({ ...chosen, ...moment(arg) });
  });
}

/** The clip's start and end an argument carries, in seconds, when they make sense. */
function moment(arg: unknown): Pick<PlayTarget, 'start' | 'end'> {
  if (typeof arg !== 'object' || arg === null) {
    return {};
  }
  const { start, end } = arg as { start?: unknown; end?: unknown };
  const valid = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 86_400;
  return {
    start: valid(start) ? start : undefined,
    end: valid(end) && valid(start) && end > start ? end : undefined,
  };
}
