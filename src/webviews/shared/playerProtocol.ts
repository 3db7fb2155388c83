/**
 * What the player panel's host and its webview say to each other. Types only (both programs compile
 * this file). The host checks every message it receives (src/player/messages.ts).
 */

export interface TranscriptLine {
  start: number;
  end: number;
  text: string;
}

export interface PlayerVideo {
  indexId: string;
  videoId: string;
  filename: string;
  duration: number | undefined;
  /** The stream to play, as the API gave it; absent when there is none to play (see `noStream`). */
  streamUrl: string | undefined;
  /** Why nothing can be played, in words: no stream asked for at upload, still being prepared, failed. */
  noStream: string | undefined;
  /** A still to show before playing, when the API has one. */
  posterUrl: string | undefined;
  details: [string, string][];
  metadata: [string, string][];
  transcript: TranscriptLine[];
  /** Why there is no transcript, when there is none. */
  noTranscript: string | undefined;
}

export interface PlayerStrings {
  transcript: string;
  searchTranscript: string;
  details: string;
  metadata: string;
  noMetadata: string;
  editMetadata: string;
  analyze: string;
  copyLink: string;
  clip: string;
  aacNote: string;
  playbackFailed: string;
  noMatches: string;
  seekTo: string;
}

export type PlayerHostMessage =
  | { type: 'load'; video: PlayerVideo; start: number | undefined; end: number | undefined; strings: PlayerStrings }
  | { type: 'seek'; start: number; end: number | undefined }
  | { type: 'metadata'; metadata: [string, string][] };

export type PlayerWebviewMessage =
  | { type: 'ready' }
  | { type: 'editMetadata' }
  /** Analyze Video… on this video (and the clip, when one is marked). */
  | { type: 'analyze' }
  | { type: 'copyLink'; time: number }
  | { type: 'playbackError'; detail: string };
