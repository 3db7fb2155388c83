import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { openApiKeysPage } from './keyFlow';

export interface OpenDashboardResult {
  status: 'opened' | 'failed';
}

/** "Open API Keys Page": where keys are created, regenerated and revoked; there is no API for that. */
export async function openDashboard(): Promise<OpenDashboardResult> {
  return { status: (await openApiKeysPage()) ? 'opened' : 'failed' };
}

export function registerOpenDashboard(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.openDashboard, () => openDashboard());
}
