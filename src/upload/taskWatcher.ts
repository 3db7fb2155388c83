import vscode = require('vscode');
import { isTwelveLabsError } from '../api/errors';
import type { ApiClientProvider } from '../api/provider';
import { isTerminalStatus } from '../api/taskTypes';
import { presentError } from '../common/presentError';
import type { IndexTreeHooks } from '../indexes';
import type { Notifier } from '../common/notifier';
import type { Logger } from '../common/logging/logger';
import type { TaskStore, TrackedTask } from './taskStore';
import { ContextKeys } from '../common/contextKeys';
import { abortableSleep } from '../common/abortableSleep';

export interface PollPolicy {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

/** Consecutive failed status checks before the user is told (401 has the key's own notice). */
const NOTIFY_AFTER_FAILURES = 3;

/** Indexing takes minutes: start brisk for short videos, settle at one request per 15 s. */
export const DEFAULT_POLL_POLICY: PollPolicy = { firstDelayMs: 1_000, factor: 1.5, maxDelayMs: 15_000 };

export interface TaskWatcherDeps {
  api: ApiClientProvider;
  store: TaskStore;
  tree: IndexTreeHooks;
  notifier: Notifier;
  logger: Logger;
  apiUrl: () => string;
  policy?: PollPolicy;
}

/**
 * Follows each task with `GET /tasks/{id}` until it is ready or failed, with growing pauses. A failed
 * poll (the client has already retried transient errors) only lengthens the pause: the task is still
 * running on the server whatever our connection does. Only an unknown task id ends the watch early.
 */
export class TaskWatcher implements vscode.Disposable {
  private readonly loops = new Map<string, AbortController>();
  private readonly policy: PollPolicy;

  constructor(private readonly deps: TaskWatcherDeps) {
    this.policy = deps.policy ?? DEFAULT_POLL_POLICY;
  }

  /** Task ids being polled now. */
  watching(): string[] {
    return [...this.loops.keys()];
  }

  watch(taskId: string): void {
    if (this.loops.has(taskId)) {
      return;
    }
    const controller = new AbortController();
    this.loops.set(taskId, controller);
    void this.loop(taskId, controller.signal).finally(() => {
      if (this.loops.get(taskId) === controller) {
        this.loops.delete(taskId);
      }
    });
  }

  stop(taskId: string): void {
    this.loops.get(taskId)?.abort();
    this.loops.delete(taskId);
  }

  stopAll(): void {
    for (const controller of this.loops.values()) {
      controller.abort();
    }
    this.loops.clear();
  }

  /** After a reload: resumes every remembered unfinished task of the current server. */
  resume(tasks: TrackedTask[]): number {
    const apiUrl = this.deps.apiUrl();
    let resumed = 0;
    for (const task of tasks) {
      if (task.apiUrl === apiUrl && !isTerminalStatus(task.status)) {
        this.watch(task.taskId);
        resumed++;
      }
    }
    if (resumed > 0) {
      this.deps.logger.info(`Resumed watching ${resumed} upload task(s)`);
    }
    return resumed;
  }

  dispose(): void {
    this.stopAll();
  }

  private async loop(taskId: string, signal: AbortSignal): Promise<void> {
    let delay = this.policy.firstDelayMs;
    let failures = 0;
    let told = false;
    for (;;) {
      await abortableSleep(delay, signal);
      if (signal.aborted) {
        return;
      }
      try {
        const client = await this.deps.api.get();
        const task = await client.getTask(taskId, { signal });
        if (signal.aborted) {
          return;
        }
        failures = 0;
        told = false;
        this.deps.store.setProblem(taskId, undefined);
        this.deps.store.apply(taskId, task);
        if (isTerminalStatus(task.status)) {
          this.finished(taskId);
          return;
        }
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        if (isTwelveLabsError(error) && error.code === 'resource_not_exist') {
          this.deps.logger.warn(`Upload task ${taskId} no longer exists; not watching it any more`);
          this.deps.store.remove(taskId);
          return;
        }
        this.deps.logger.debug(`Polling task ${taskId} failed; trying again later`, isTwelveLabsError(error) ? error.code : error);
        failures++;
        const source = this.deps.store.get(taskId)?.source ?? taskId;
        const presentation = presentError(vscode.l10n.t('Could not check the status of “{0}”', source), error);
        this.deps.store.setProblem(taskId, presentation.message);
        // The task runs on regardless, so a blip is only shown on its node; the user is told once
        // when it needs them (key, access, settings) or when it has lasted several checks.
        const needsUser = presentation.info.kind === 'config' || presentation.info.kind === 'noKey' || presentation.info.status === 403;
        if (!told && (needsUser || failures >= NOTIFY_AFTER_FAILURES)) {
          told = true;
          this.deps.notifier.showError({
            ...presentation,
            message: vscode.l10n.t('{0} The upload itself is not affected; checking continues.', presentation.message),
          });
        }
      }
      delay = Math.min(this.policy.maxDelayMs, Math.round(delay * this.policy.factor));
    }
  }

  private finished(taskId: string): void {
    const task = this.deps.store.get(taskId);
    if (!task) {
      return;
    }
    // The index's video count and list changed.
    this.deps.tree.invalidate();
    if (task.status === 'ready') {
      void vscode.commands.executeCommand('setContext', ContextKeys.videoIndexed, true);
      const reveal = vscode.l10n.t('Reveal');
      void this.deps.notifier.show('info', vscode.l10n.t('“{0}” is indexed and ready.', task.source), reveal).then(async (choice) => {
        if (choice === reveal) {
          await this.deps.tree.refresh();
          if (!(task.videoId && (await this.deps.tree.revealVideo(task.indexId, task.videoId)))) {
            await this.deps.tree.reveal(task.indexId);
          }
        }
      });
      this.deps.store.remove(taskId);
      return;
    }
    const reason = task.error
      ? vscode.l10n.t('{0} ({1})', task.error.message, task.error.code)
      : vscode.l10n.t('The server gave no reason.');
    void this.deps.notifier.show('error', vscode.l10n.t('Indexing “{0}” failed: {1}', task.source, reason));
  }
}
