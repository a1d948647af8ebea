/**
 * The workspace port over VS Code. Writes and edits go through `WorkspaceEdit`, so they show
 * in open editors and the user can undo them; reads see unsaved editor contents, the text an
 * edit applies to. Listing, search and commands need no editor and reuse the Node port.
 */
import * as vscode from 'vscode';
import { NodeWorkspace } from '../core/ports/node/nodeWorkspace';
import { planEdit } from '../core/ports/textEdit';
import type { CommandResult, RunCommandOptions, SearchMatch, WorkspacePort } from '../core/ports/workspace';

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
    return openDocument(uri)?.getText() ?? this.node.readFile(rel);
  }

  async writeFile(relPath: string, content: string): Promise<void> {
    const { uri, rel } = await this.locate(relPath);
    const edit = new vscode.WorkspaceEdit();
    const metadata = { label: `Baton: write ${rel}`, needsConfirmation: false };
    if (!openDocument(uri) && !(await exists(uri))) {
      edit.createFile(uri, { contents: new TextEncoder().encode(content) }, metadata);
      await apply(edit, rel);
      return;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), content, metadata);
    await apply(edit, rel);
    await save(document, rel);
  }

  async editFile(relPath: string, oldText: string, newText: string): Promise<void> {
    const { uri, rel } = await this.locate(relPath);
    const document = await vscode.workspace.openTextDocument(uri);
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

  searchFiles(pattern: string, opts: { glob?: string; limit: number }): Promise<SearchMatch[]> {
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

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function apply(edit: vscode.WorkspaceEdit, rel: string): Promise<void> {
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code could not apply the change to ${rel}.`);
}

async function save(document: vscode.TextDocument, rel: string): Promise<void> {
  if (!(await document.save())) throw new Error(`${rel} was changed in the editor but could not be saved.`);
}
