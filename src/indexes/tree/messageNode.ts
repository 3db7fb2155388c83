import vscode = require('vscode');

export interface MessageNodeOptions {
  icon: string;
  /** What clicking the node does, e.g. Retry. */
  command?: vscode.Command;
  tooltip?: string;
  description?: string;
}

/** A line of information or an action in place of data: an error with Retry, "no match", and so on. */
export class MessageNode extends vscode.TreeItem {
  readonly kind = 'message';

  constructor(id: string, label: string, options: MessageNodeOptions) {
    super(label, vscode.TreeItemCollapsibleState.None);
    this.id = id;
    this.contextValue = 'twelvelabs.message';
    this.iconPath = new vscode.ThemeIcon(options.icon);
    this.command = options.command;
    this.tooltip = options.tooltip;
    this.description = options.description;
  }
}
