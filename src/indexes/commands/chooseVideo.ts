import type { IndexFeature } from '../feature';

/**
 * The video a command of another feature acts on (Play): named by its argument, else picked by the
 * user, index then video. The pickers live in videoActionsFlow.js, loaded on first use.
 */
export function videoChooser(feature: IndexFeature): (arg: unknown, title: string) => Promise<{ indexId: string; videoId: string } | undefined> {
  return async (arg, title) => {
    const flow = await import('./videoActionsFlow.js');
    const choice = await flow.chooseVideoFor(feature, arg, title);
    return choice.outcome === 'chosen' ? { indexId: choice.target.indexId, videoId: choice.target.videoId } : undefined;
  };
}
