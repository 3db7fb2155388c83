import * as vscode from 'vscode';
import type { AppendTiming } from '../../src/analyze';
import type { UploadLimits } from '../../src/api/assetTypes';
import type { NetworkTiming } from '../../src/api/provider';
import type { LogLevel, LogSink } from '../../src/common/logging/logger';
import { composeExtension } from '../../src/extension';
import { FaultInjectingSecretStorage } from './faultInjectingSecrets';
import { RecordingWindow } from './recordingWindow';
import { createTestApi } from './testApiImpl';
import type { ExtensionTestApi, WebviewMessageRecord } from './testApi';

/**
 * The test build's entry point (`node esbuild.js --test` bundles it as dist/extension.js): the
 * product's composition root with recording ports, and the test API on top. The shipped bundle is
 * built from src/extension.ts and contains none of this.
 */
export function activate(context: vscode.ExtensionContext): ExtensionTestApi {
  const startedAt = performance.now();
  const secrets = new FaultInjectingSecretStorage(context.secrets);
  const window = new RecordingWindow(vscode.window);
  const logLines: string[] = [];
  const timing: { current: NetworkTiming | undefined } = { current: undefined };
  const uploadLimits: { current: UploadLimits | undefined } = { current: undefined };
  const webviewMessages: WebviewMessageRecord[] = [];
  const editTimings: AppendTiming[] = [];
  const extension = composeExtension(context, {
    secrets,
    window: window.port,
    logTee: recordInto(logLines),
    networkTiming: () => timing.current,
    uploadLimits: () => uploadLimits.current,
    webviewTap: (view, direction, message) => {
      webviewMessages.push({ view, direction, message: structuredClone(message) });
    },
    analyzeTap: (timing) => {
      editTimings.push(timing);
    },
  });
  const activateMs = performance.now() - startedAt;
  return createTestApi({ context, extension, secrets, window, logLines, timing, uploadLimits, webviewMessages, editTimings, activateMs });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

function recordInto(lines: string[]): LogSink {
  const at = (level: LogLevel) => (line: string) => {
    lines.push(`[${level}] ${line}`);
  };
  return { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
