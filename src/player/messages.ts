import type { PlayerWebviewMessage } from '../webviews/shared/playerProtocol';

/** Every message from the player's webview, checked before it is acted on; anything else is dropped. */
export function parsePlayerMessage(raw: unknown): PlayerWebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return undefined;
  }
  const message = raw as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
    case 'editMetadata':
    case 'analyze':
      return { type: message.type };
    case 'copyLink':
      return typeof message.time === 'number' && Number.isFinite(message.time) && message.time >= 0 && message.time < 86_400 ? { type: 'copyLink', time: message.time } : undefined;
    case 'playbackError':
      return typeof message.detail === 'string' ? { type: 'playbackError', detail: message.detail.slice(0, 300) } : undefined;
    default:
      return undefined;
  }
}
