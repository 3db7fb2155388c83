import vscode = require('vscode');
import { isTerminalStatus, type Task, type TaskStatus } from '../api/taskTypes';
import { StorageKeys } from '../common/storageKeys';

/** Remembered across window reloads: ids and names only, never the key. */
export const PENDING_TASKS_KEY = StorageKeys.pendingUploadTasks;

export interface TrackedTask {
  taskId: string;
  indexId: string;
  videoId: string | undefined;
  /** The file's name or the URL, for the tree and the notifications. */
  source: string;
  status: TaskStatus;
  /** The server the task was created on; tasks of another `apiUrl` are not shown or polled. */
  apiUrl: string;
  createdAt: number;
  updatedAt: number;
  /** A failed task's reason, when the server gave one. */
  error?: { code: string; message: string };
}

interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/**
 * The tasks this window started or resumed. Unfinished ones are written to globalState on every
 * change, so that a reload (or a crash) can pick them up again.
 */
export class TaskStore implements vscode.Disposable {
  private readonly tasks = new Map<string, TrackedTask>();
  /** Why the last status check failed, per task; in memory only (a fresh window checks afresh). */
  private readonly problems = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  all(): TrackedTask[] {
    return [...this.tasks.values()].map((task) => ({ ...task }));
  }

  get(taskId: string): TrackedTask | undefined {
    const task = this.tasks.get(taskId);
    return task ? { ...task } : undefined;
  }

  /** Shown under an index: running and failed tasks of the current server (a ready one is a video by then). */
  visibleFor(indexId: string, apiUrl: string): TrackedTask[] {
    return [...this.tasks.values()].filter((task) => task.indexId === indexId && task.apiUrl === apiUrl && task.status !== 'ready');
  }

  add(task: Omit<TrackedTask, 'createdAt' | 'updatedAt'>): void {
    const at = this.now();
    this.tasks.set(task.taskId, { ...task, createdAt: at, updatedAt: at });
    this.changedNow();
  }

  /** Applies what `GET /tasks/{id}` said; returns whether the status changed. */
  apply(taskId: string, task: Task): boolean {
    const tracked = this.tasks.get(taskId);
    if (!tracked) {
      return false;
    }
    const statusChanged = tracked.status !== task.status;
    tracked.status = task.status;
    tracked.videoId = task.video_id ?? tracked.videoId;
    tracked.updatedAt = this.now();
    if (task.status === 'failed' && task.error && (task.error.code || task.error.message)) {
      tracked.error = { code: task.error.code ?? 'failed', message: task.error.message ?? '' };
    }
    this.changedNow();
    return statusChanged;
  }

  /** The failed status check's message for the task node, or undefined once a check succeeds. */
  problemOf(taskId: string): string | undefined {
    return this.problems.get(taskId);
  }

  setProblem(taskId: string, message: string | undefined): void {
    if (this.problems.get(taskId) === message || !this.tasks.has(taskId)) {
      return;
    }
    if (message === undefined) {
      this.problems.delete(taskId);
    } else {
      this.problems.set(taskId, message);
    }
    this.changed.fire();
  }

  remove(taskId: string): void {
    this.problems.delete(taskId);
    if (this.tasks.delete(taskId)) {
      this.changedNow();
    }
  }

  /** What a new window would resume: the unfinished tasks as last written. */
  remembered(): TrackedTask[] {
    const value = this.state.get<unknown>(PENDING_TASKS_KEY);
    return Array.isArray(value) ? value.filter(isTracked) : [];
  }

  /** Forgets the in-memory tasks and takes the remembered ones, as a freshly opened window does. */
  restore(): TrackedTask[] {
    this.tasks.clear();
    for (const task of this.remembered()) {
      this.tasks.set(task.taskId, { ...task });
    }
    this.changed.fire();
    return this.all();
  }

  /** Resolves when globalState has every change made so far. */
  flushed(): Promise<void> {
    return this.writes;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private changedNow(): void {
    const pending = [...this.tasks.values()].filter((task) => !isTerminalStatus(task.status));
    this.writes = this.writes.then(() => this.state.update(PENDING_TASKS_KEY, pending.length > 0 ? pending : undefined)).catch(() => undefined);
    this.changed.fire();
  }
}

function isTracked(value: unknown): value is TrackedTask {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const task = value as Partial<TrackedTask>;
  return (
    typeof task.taskId === 'string' &&
    typeof task.indexId === 'string' &&
    typeof task.status === 'string' &&
    typeof task.apiUrl === 'string' &&
    typeof task.source === 'string'
  );
}
