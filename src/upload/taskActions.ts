import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { Notifier } from '../common/notifier';
import type { TaskStore, TrackedTask } from './taskStore';
import type { TaskWatcher } from './taskWatcher';

export interface TaskActionDeps {
  store: TaskStore;
  watcher: TaskWatcher;
  notifier: Notifier;
}

/** The task a tree node (or a caller) names, if this window follows it. */
function taskOf(store: TaskStore, target: unknown): TrackedTask | undefined {
  const taskId = typeof target === 'object' && target !== null && 'task' in target ? (target as { task?: { taskId?: unknown } }).task?.taskId : undefined;
  return typeof taskId === 'string' ? store.get(taskId) : undefined;
}

/** "Copy Task ID", on task nodes: for support requests and the API. */
export function registerCopyTaskId(deps: TaskActionDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.copyTaskId, async (target: unknown) => {
    const task = taskOf(deps.store, target);
    if (!task) {
      return false;
    }
    await vscode.env.clipboard.writeText(task.taskId);
    void deps.notifier.show('info', vscode.l10n.t('Task ID of “{0}” copied.', task.source));
    return true;
  });
}

/**
 * "Stop Following" a running task, or "Dismiss" a failed one: the node goes and this window stops
 * asking about it. Twelve Labs cannot cancel a task once it is created (its API deletes only finished
 * tasks), so indexing goes on; the user is told so, rather than led to think it was cancelled.
 */
export function registerStopFollowingTask(deps: TaskActionDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.stopFollowingTask, (target: unknown) => {
    const task = taskOf(deps.store, target);
    if (!task) {
      return false;
    }
    deps.watcher.stop(task.taskId);
    deps.store.remove(task.taskId);
    if (task.status !== 'failed') {
      void deps.notifier.show(
        'info',
        vscode.l10n.t('Stopped following “{0}”. Twelve Labs cannot cancel a task once it has started, so the video may still appear in the index; delete it there if you do not want it.', task.source),
      );
    }
    return true;
  });
}
