/**
 * The workspace port over VS Code. A file open in an editor (a tab, or unsaved changes) is
 * written through `WorkspaceEdit`, so the change shows there and the user can undo it; reads
 * see unsaved editor contents, the text an edit applies to. Every other file is written by the
 * Node port, whose opens hold the workspace confinement at the moment of the open (a
 * WorkspaceEdit resolves the path again inside VS Code, where a link swapped in since the check
 * would be followed). The editor path keeps the Node port's checks just before it (hard links, links
 * out); its residual is that short window. Listing, search and commands reuse the Node port.
 */
import * as vscode from 'vscode';
import { NodeWorkspace } from '../core/ports/node/nodeWorkspace';
import { planEdit } from '../core/ports/textEdit';
import type { CommandResult, RunCommandOptions, SearchMatch, SearchOptions, WorkspacePort } from '../core/ports/workspace';

export class VsCodeWorkspace implements WorkspacePort {
  readonly root: string;
  private readonly node: NodeWorkspace;

  constructor(private readonly folder: vscode.Uri) {
    this.root = folder.fsPath;
    this.node = new NodeWorkspace(this.root, { trusted: () => vscode.workspace.isTrusted });
  }

  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  async readFile(relPath: string): Promise<string> {
    const { uri, rel } = await this.locate(relPath);
    // The disk read first, for its checks (a hard link, a link out): an open editor is no way round them.
    const onDisk = await this.node.readFile(rel);
    return openDocument(uri)?.getText() ?? onDisk;
  }

  async writeFile(relPath: string, content: string): Promise<void> {
    const { uri, rel } = await this.locate(relPath);
    const document = openInEditor(uri);
    if (!document) return this.node.writeFile(rel, content);
    await this.node.checkWritable(rel);
    const edit = new vscode.WorkspaceEdit();
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    edit.replace(uri, whole, content, { label: `Baton: write ${rel}`, needsConfirmation: false });
    await apply(edit, rel);
    await save(document, rel);
  }

  async editFile(relPath: string, oldText: string, newText: string): Promise<void> {
    const { uri, rel } = await this.locate(relPath);
    const document = openInEditor(uri);
    if (!document) return this.node.editFile(rel, oldText, newText);
    await this.node.checkWritable(rel);
    const plan = planEdit(document.getText(), oldText, newText, rel);
    if (!plan.ok) throw new Error(plan.message);
    const edit = new vscode.WorkspaceEdit();
    const range = new vscode.Range(document.positionAt(plan.start), document.positionAt(plan.end));
    edit.replace(uri, range, plan.replacement, { label: `Baton: edit ${rel}`, needsConfirmation: false });
    await apply(edit, rel);
    await save(document, rel);
  }

  listFiles(relDir: string, opts: { recursive: boolean; limit: number }): Promise<string[]> {
    return this.node.listFiles(relDir, opts);
  }

  searchFiles(pattern: string, opts: SearchOptions): Promise<SearchMatch[]> {
    return this.node.searchFiles(pattern, opts);
  }

  runCommand(command: string, opts: RunCommandOptions): Promise<CommandResult> {
    return this.node.runCommand(command, opts);
  }

  /** Refuses paths outside the workspace, as the Node port does, and names the file by URI. */
  private async locate(relPath: string): Promise<{ uri: vscode.Uri; rel: string }> {
    const { rel } = await this.node.resolve(relPath);
    return { uri: vscode.Uri.joinPath(this.folder, ...rel.split('/')), rel };
  }
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
}

/**
 * The document, when the user has the file open: shown in a tab, or holding unsaved changes.
 * A document VS Code merely has loaded follows the file on disk by itself.
 */
function openInEditor(uri: vscode.Uri): vscode.TextDocument | undefined {
  const document = openDocument(uri);
  if (!document) return undefined;
  if (document.isDirty) return document;
  const key = uri.toString();
  const shown = vscode.window.tabGroups.all.some((group) =>
    group.tabs.some(({ input }) => {
      if (input instanceof vscode.TabInputText) return input.uri.toString() === key;
      if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === key;
      return false;
    }),
  );
  return shown ? document : undefined;
}

async function apply(edit: vscode.WorkspaceEdit, rel: string): Promise<void> {
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code could not apply the change to ${rel}.`);
}

async function save(document: vscode.TextDocument, rel: string): Promise<void> {
  if (!(await document.save())) throw new Error(`${rel} was changed in the editor but could not be saved.`);
}
